"""Properties of any generated month: it balances, it adds up to the statements, it checks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from tempfile import TemporaryDirectory

from beancount.core import data
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conciliacion.ledger.bookings import (
    Booking,
    CardBatch,
    MonthBooks,
    PrivateReceipt,
    RuleBooking,
    SettlementReceipt,
)
from conciliacion.ledger.check import load_ledger
from conciliacion.ledger.sample import IBAN, sample_config
from conciliacion.ledger.writer import MAIN_FILE, write_month
from conciliacion.model import (
    MatchKind,
    Movement,
    Settlement,
    SettlementLine,
    Source,
    Statement,
)
from strategies import amounts

_FILE = "entrada/banco/extracto.n43"
_RULES = [("476", MatchKind.SOCIAL_SECURITY), ("4751", MatchKind.TAX), ("626", MatchKind.BANK_FEE)]


@st.composite
def months(draw: st.DrawFn) -> MonthBooks:
    form = draw(st.sampled_from(["SL", "autonomo"]))
    config = sample_config(form)
    start = dt.date(2026, 3, 1)
    count = draw(st.integers(0, 25))
    movements: list[Movement] = []
    bookings: list[Booking] = []
    for line in range(2, count + 2):
        kind = draw(st.sampled_from(["liq", "tpv", "bizum", "regla", "nada"]))
        day = start + dt.timedelta(days=draw(st.integers(0, 30)))
        cents = draw(amounts(10**7, allow_negative=False)) + Decimal("0.01")
        if kind == "liq":
            withholding = (cents * config.practice.withholding_rate).quantize(Decimal("0.01"))
            number = f"L{line}"
            source = Source("entrada/liquidaciones/l.csv", line)
            settlement = Settlement.from_lines(
                number=number,
                insurer="adeslas",
                date=day,
                lines=[SettlementLine(number, "adeslas", cents, source, patient="Ana Pérez")],
                withholding=withholding,
                source=source,
            )
            movement = Movement(IBAN, day, day, settlement.net, Source(_FILE, line))
            bookings.append(SettlementReceipt(movement, [settlement]))
        elif kind == "tpv":
            commission = min(cents, Decimal("0.50"))
            movement = Movement(IBAN, day, day, cents - commission, Source(_FILE, line))
            bookings.append(CardBatch(movement, cents, commission))
        elif kind == "bizum":
            movement = Movement(IBAN, day, day, cents, Source(_FILE, line))
            bookings.append(PrivateReceipt(movement))
        elif kind == "regla":
            account, match_kind = draw(st.sampled_from(_RULES))
            movement = Movement(IBAN, day, day, -cents, Source(_FILE, line))
            bookings.append(RuleBooking(movement, account, match_kind))
        else:
            sign = draw(st.sampled_from([1, -1]))
            movement = Movement(IBAN, day, day, sign * cents, Source(_FILE, line))
        movements.append(movement)
    opening = draw(amounts(10**8))
    total = sum((m.amount for m in movements), start=Decimal("0.00"))
    statement = Statement(
        IBAN, start, dt.date(2026, 3, 31), opening, opening + total, movements, Source(_FILE, 1)
    )
    return MonthBooks("2026-03", config, [statement], bookings)


def _write(root: Path, books: MonthBooks) -> Path:
    for name in (_FILE, "entrada/liquidaciones/l.csv"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x", encoding="utf-8")
    write_month(root / "libro", books)
    return root / "libro" / MAIN_FILE


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(months())
def test_any_month_balances_adds_up_and_checks(books):
    with TemporaryDirectory() as folder:
        main = _write(Path(folder), books)  # write_month raises if bean-check fails
        entries, errors, _options = load_ledger(main)
    assert errors == []
    bank = "Activo:572-Bancos:CaixaBank-1332"
    bank_total = Decimal("0.00")
    for entry in entries:
        if not isinstance(entry, data.Transaction):
            continue
        assert sum(p.units.number for p in entry.postings) == 0
        if entry.meta.get("tipo") != "apertura":
            bank_total += sum(p.units.number for p in entry.postings if p.account == bank)
    statement = books.statements[0]
    assert bank_total == sum((m.amount for m in statement.movements), start=Decimal("0.00"))
    assert bank_total == statement.closing_balance - statement.opening_balance
    balances = [e for e in entries if isinstance(e, data.Balance)]
    assert {b.amount.number for b in balances} == {
        statement.opening_balance,
        statement.closing_balance,
    }
