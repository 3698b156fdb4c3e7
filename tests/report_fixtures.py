"""A tiny practice built by hand, whose every report figure is computed by hand in the tests.

Three insurers (aaa: 30-day term, bbb: 60 days, ccc: 30 days), nine insured services, three
private ones, two settlements, five bank movements and two claims. Month: March 2026.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from conciliacion.claims import (
    ClaimItem,
    ServicePayment,
    apply_payments,
    claims,
    create_claim,
    open_store,
    record_answer,
    send_claim,
)
from conciliacion.claims.decisions import Decisions
from conciliacion.config import InsurerConfig
from conciliacion.importers.overlap import Gap
from conciliacion.matchers.settlement_review import review_settlements
from conciliacion.model import (
    PRIVATE,
    FeeScheduleEntry,
    Match,
    MatchKind,
    MatchStatus,
    Movement,
    PaymentMethod,
    Service,
    Settlement,
    SettlementLine,
    Source,
)
from conciliacion.reports.report_inputs import ReportInputs

AS_OF = dt.date(2026, 3, 31)
ACCOUNT = "ES9121000418450200051332"
INSURERS = (
    InsurerConfig("aaa", "Aseguradora A", "A00000000", payment_term_days=30, follow_up_days=20),
    InsurerConfig("bbb", "Aseguradora B", "B00000000", payment_term_days=60, follow_up_days=20),
    InsurerConfig("ccc", "Aseguradora C", "C00000000", payment_term_days=30, follow_up_days=20),
)
FEES = (
    FeeScheduleEntry("aaa", "C1", "Consulta", "50.00", dt.date(2025, 1, 1), Source("b.csv", 2)),
    FeeScheduleEntry("bbb", "C1", "Consulta", "40.00", dt.date(2025, 1, 1), Source("b.csv", 3)),
    FeeScheduleEntry(
        "bbb",
        "X2",
        "Prueba",
        "100.00",
        dt.date(2025, 1, 1),
        Source("b.csv", 4),
        requires_authorisation=True,
    ),
    FeeScheduleEntry("ccc", "C1", "Consulta", "30.00", dt.date(2025, 1, 1), Source("b.csv", 5)),
)


def _service(number: int, day: dt.date, insurer: str, code: str = "C1") -> Service:
    return Service(
        date=day,
        patient=f"Paciente Número{number}",
        card=f"99{number:04d}",
        insurer=insurer,
        act_code=code,
        act="acto",
        source=Source("act.csv", number + 1),
        reference=f"S{number}",
    )


SERVICES = {
    "s1": _service(1, dt.date(2026, 3, 2), "aaa"),
    "s2": _service(2, dt.date(2026, 2, 10), "aaa"),
    "s3": _service(3, dt.date(2026, 1, 15), "aaa"),
    "s4": _service(4, dt.date(2026, 3, 25), "aaa"),
    "s5": _service(5, dt.date(2026, 3, 5), "bbb"),
    "s6": _service(6, dt.date(2026, 3, 10), "bbb", "X2"),
    "s7": _service(7, dt.date(2025, 12, 1), "bbb"),
    "s8": _service(8, dt.date(2026, 3, 3), "ccc"),
    "s9": _service(9, dt.date(2026, 2, 27), "ccc"),
}


def _private(number: int, day: dt.date, amount: str, method: PaymentMethod) -> Service:
    return Service(
        date=day, patient=f"Particular Número{number}", card="", insurer=PRIVATE,
        act_code="P1", act="consulta", source=Source("act.csv", number + 1),
        amount=Decimal(amount), payment_method=method, reference=f"P{number}",
    )  # fmt: skip


PRIVATE_SERVICES = {
    "p1": _private(21, dt.date(2026, 3, 4), "60.00", PaymentMethod.CARD),
    "p2": _private(22, dt.date(2026, 3, 11), "45.00", PaymentMethod.BIZUM),
    "p3": _private(23, dt.date(2026, 3, 12), "30.00", PaymentMethod.CASH),
}


def _line(number: str, key: str, amount: str, row: int) -> SettlementLine:
    service = SERVICES[key]
    return SettlementLine(
        number, service.insurer, amount, Source("liq.csv", row), patient=service.patient,
        card=service.card, act_date=service.date, act_code=service.act_code,
    )  # fmt: skip


SETTLEMENTS = (
    Settlement.from_lines(
        number="LA-03", insurer="aaa", date=dt.date(2026, 3, 20),
        lines=[_line("LA-03", "s1", "50.00", 2), _line("LA-03", "s2", "45.00", 3)],
        withholding=Decimal("14.25"), source=Source("liq.csv", 2),
    ),
    Settlement.from_lines(
        number="LB-03", insurer="bbb", date=dt.date(2026, 3, 28),
        lines=[_line("LB-03", "s5", "40.00", 4)],
        withholding=Decimal("6.00"), source=Source("liq.csv", 4),
    ),
)  # fmt: skip


def _movement(day: dt.date, amount: str, line: int, text: str) -> Movement:
    return Movement(ACCOUNT, day, day, amount, Source("banco.n43", line), concepts=(text,))


MOVEMENTS = {
    "m1": _movement(dt.date(2026, 3, 22), "80.75", 2, "TRANSFERENCIA ASEGURADORA A"),
    "m2": _movement(dt.date(2026, 3, 30), "34.00", 3, "TRANSFERENCIA ASEG B"),
    "m3": _movement(dt.date(2026, 3, 15), "-20.00", 4, "COMISION MANTENIMIENTO"),
    "m4": _movement(dt.date(2026, 3, 13), "45.00", 5, "BIZUM DE PARTICULAR NÚMERO22"),
    "m5": _movement(dt.date(2026, 2, 27), "10.00", 6, "REMESA TPV"),
}


def matches() -> tuple[Match, ...]:
    m = MOVEMENTS
    return (
        Match(MatchKind.SETTLEMENT_PAYMENT, MatchStatus.RECONCILED, [m["m1"].id],
              [SETTLEMENTS[0].id], 0.99),
        Match(MatchKind.SETTLEMENT_PAYMENT, MatchStatus.SUGGESTED, [m["m2"].id],
              [SETTLEMENTS[1].id], 0.6, ["el importe no cuadra"]),
        Match(MatchKind.BANK_FEE, MatchStatus.SUGGESTED, [m["m3"].id], [], 0.7),
        Match(MatchKind.BIZUM, MatchStatus.PENDING, [m["m4"].id], [], 0.0),
        Match(MatchKind.CARD_BATCH, MatchStatus.RECONCILED, [m["m5"].id], [], 0.95),
    )  # fmt: skip


def _clock() -> Callable[[], dt.datetime]:
    ticks = itertools.count()
    start = dt.datetime(2026, 4, 1, 9, tzinfo=dt.UTC)
    return lambda: start + dt.timedelta(seconds=next(ticks))


def build_claims(folder: Path) -> tuple:
    """Claim 1: bbb, service s7 (40,00), created 5/3, sent 6/3, no answer.

    Claim 2: ccc, an older service (25,00), created 1/2, sent 2/2, answered 10/3, paid 15/3.
    """
    letter = folder / "carta.pdf"
    letter.write_bytes(b"%PDF-1.4 carta")
    s7 = SERVICES["s7"]
    with open_store(folder / "conciliacion.db", clock=_clock()) as store:
        first = create_claim(
            store, "bbb",
            [ClaimItem(s7.id, "bbb", None, s7.date, "C1", None, "40.00", "0.00", "40.00", "x")],
            "ana", dt.date(2026, 3, 5),
        )  # fmt: skip
        send_claim(store, first.id, on=dt.date(2026, 3, 6), channel="portal", document=letter,
                   actor="ana")  # fmt: skip
        second = create_claim(
            store, "ccc",
            [ClaimItem("srv-viejo", "ccc", None, dt.date(2025, 11, 3), "C1", None, "30.00",
                       "5.00", "25.00", "diferencia")],
            "ana", dt.date(2026, 2, 1),
        )  # fmt: skip
        send_claim(store, second.id, on=dt.date(2026, 2, 2), channel="portal", document=letter,
                   actor="ana")  # fmt: skip
        record_answer(store, second.id, on=dt.date(2026, 3, 10), text="pagaremos",
                      accepted=Decimal("25.00"), actor="ana")  # fmt: skip
        apply_payments(store, [ServicePayment("srv-viejo", "25.00", "LC-03", dt.date(2026, 3, 15))])
        return claims(store)


def small_practice(folder: Path, *, with_matches: bool = True) -> ReportInputs:
    """The practice's report inputs on 31 March 2026."""
    services = [*SERVICES.values(), *PRIVATE_SERVICES.values()]
    review = review_settlements(services, SETTLEMENTS, FEES, INSURERS, AS_OF)
    decided = matches()[2].id  # the bank fee suggestion, confirmed by a person
    return ReportInputs(
        review=review,
        services=services,
        settlements=SETTLEMENTS,
        movements=MOVEMENTS.values(),
        insurers=INSURERS,
        claims=build_claims(folder),
        decisions=Decisions(confirmed=frozenset({decided})),
        matches=matches() if with_matches else None,
        gaps=[Gap(ACCOUNT, dt.date(2026, 2, 28), dt.date(2026, 3, 2), Decimal("100.00"),
                  Decimal("90.00"))],
        statement_ends={ACCOUNT: AS_OF},
        practice_name="Consulta de prueba",
    )  # fmt: skip
