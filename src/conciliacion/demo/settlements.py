"""Insurer settlements (liquidaciones), with the quirks a settlement review has to catch.

Each insurer settles each month's services once, some time after the month ends. The quirks: lines
paid at the price before the schedule changed (and sometimes regularised in the next settlement),
lines short-paid without a reason, a service paid again in a later settlement, a service clawed back
later, a deduction at settlement level, a line with no service behind it, services never settled,
and services lacking their required authorisation, which are never paid. A settlement is
sometimes late and then paid together with the next one.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from decimal import Decimal
from typing import Final

import attrs

from conciliacion.demo.activity import Activity
from conciliacion.demo.dates import add_working_days, month_end, next_working_day
from conciliacion.demo.fees import FeeBook, percent
from conciliacion.demo.lines import LineDraft, Record, write_lines
from conciliacion.demo.names import NameBook
from conciliacion.demo.parties import Insurer
from conciliacion.model import Service, Settlement

__all__ = ["Payment", "SettlementRun", "build_settlements"]

_NEVER_SETTLED: Final = 0.03
_OLD_PRICE: Final = 0.12
_REGULARISED: Final = 0.4
_SHORT_PAID: Final = 0.015
_DUPLICATED: Final = 0.007
_CLAWED_BACK: Final = 0.005
_DEDUCTION: Final = 0.15
_ORPHAN: Final = 0.08
_LATE: Final = 0.08
_LATE_GAP_DAYS: Final = 21
_DEDUCTIONS: Final = ("GASTOS DE GESTION", "DEDUCCION FRANQUICIA", "AJUSTE LIQUIDACION ANTERIOR")


@attrs.frozen
class Payment:
    """What one insurer pays on one day: one settlement, or several paid together."""

    insurer: str
    settlements: tuple[Settlement, ...]
    date: dt.date

    @property
    def net(self) -> Decimal:
        """The amount of the transfer."""
        return sum((s.net for s in self.settlements), start=Decimal("0.00"))


@attrs.frozen
class SettlementRun:
    """Everything the insurers settled up to the last generated day.

    Attributes:
        settlements: in date order.
        records: per service id, how each line touching it paid it.
        orphans: ids of the lines with no service behind them.
        payments: the transfers they lead to, in date order (some after the last day).
    """

    settlements: tuple[Settlement, ...]
    records: dict[str, tuple[Record, ...]]
    orphans: frozenset[str]
    payments: tuple[Payment, ...]


def build_settlements(  # noqa: PLR0913 - the inputs of the settlement run, all keyword-only
    rng: random.Random,
    *,
    insurers: Sequence[Insurer],
    activities: Sequence[Activity],
    fees: FeeBook,
    names: NameBook,
    rate: Decimal,
    as_of: dt.date,
) -> SettlementRun:
    """Settle every insurer's months, in order, up to ``as_of``."""
    settlements: list[Settlement] = []
    records: dict[str, list[Record]] = {}
    orphans: set[str] = set()
    payments: list[Payment] = []
    hurried = min(insurers, key=lambda i: i.spec.term).id if insurers else ""
    for insurer in insurers:
        settled = _settle_insurer(
            rng, insurer, activities, fees, names, rate, as_of, late_first=insurer.id == hurried
        )
        for settlement, drafts in settled:
            settlements.append(settlement)
            for draft, line in zip(drafts, settlement.lines, strict=True):
                if draft.kind == "huerfana":
                    orphans.add(line.id)
                elif draft.reference is not None:
                    record = Record(settlement.number, line.amount, draft.kind)
                    records.setdefault(draft.reference, []).append(record)
        payments.extend(_payments(rng, insurer, settled))
    settlements.sort(key=lambda s: (s.date, s.insurer, s.number))
    payments.sort(key=lambda p: (p.date, p.insurer))
    return SettlementRun(
        tuple(settlements),
        {key: tuple(value) for key, value in records.items()},
        frozenset(orphans),
        tuple(payments),
    )


def _settle_insurer(  # noqa: PLR0913, PLR0917 - the run's inputs for one insurer
    rng: random.Random,
    insurer: Insurer,
    activities: Sequence[Activity],
    fees: FeeBook,
    names: NameBook,
    rate: Decimal,
    as_of: dt.date,
    *,
    late_first: bool,
) -> list[tuple[Settlement, list[LineDraft]]]:
    """The insurer's settlements up to ``as_of``, each with the drafts of its lines.

    ``late_first`` makes the first settlement late, so that even a short demo has two settlements
    paid in one transfer.
    """
    spec = insurer.spec
    number = rng.randrange(100, 900)
    offset = min(50, max(3, spec.term - 35 + rng.randint(-5, 8)))
    carried: list[LineDraft] = []
    settled: list[tuple[Settlement, list[LineDraft]]] = []
    for index, activity in enumerate(activities):
        late = rng.random() < _LATE or (late_first and index == 0)
        days = offset + (rng.randint(14, 20) if late else 0)
        date = next_working_day(month_end(activity.month) + dt.timedelta(days=days))
        if date > as_of:
            break
        number += rng.randint(3, 60)
        drafts = _month_lines(rng, insurer, activity, fees, carried)
        if rng.random() < _ORPHAN:
            drafts.append(_orphan(rng, insurer, activity, fees, names))
        if rng.random() < _DEDUCTION:
            amount = -Decimal(rng.randint(500, 6000)) / 100
            drafts.append(LineDraft(amount, "deduccion", rng.choice(_DEDUCTIONS)))
        if not drafts:  # a month with nothing to settle gets no settlement (and no 0.00 transfer)
            continue
        name = spec.number_format.format(year=activity.month.year, n=number)
        settled.append((write_lines(name, insurer, date, drafts, rate), drafts))
    return settled


def _payments(
    rng: random.Random, insurer: Insurer, settled: list[tuple[Settlement, list[LineDraft]]]
) -> list[Payment]:
    """One transfer per settlement, but a late settlement is paid together with the next one.

    A settlement is late when it comes less than three weeks before the next.
    """
    payments: list[Payment] = []
    held: list[Settlement] = []
    for index, (settlement, _drafts) in enumerate(settled):
        held.append(settlement)
        following = settled[index + 1][0] if index + 1 < len(settled) else None
        if following is not None and (following.date - settlement.date).days < _LATE_GAP_DAYS:
            continue
        pay_day = add_working_days(settlement.date, rng.randint(2, 8))
        payments.append(Payment(insurer.id, tuple(held), pay_day))
        held = []
    return payments


def _month_lines(
    rng: random.Random,
    insurer: Insurer,
    activity: Activity,
    fees: FeeBook,
    carried: list[LineDraft],
) -> list[LineDraft]:
    """The lines settling ``activity``'s services of ``insurer``, then those carried over.

    ``carried`` holds what the previous settlement left for this one (duplicates, clawbacks,
    regularisations); it is emptied and refilled for the next.
    """
    drafts: list[LineDraft] = []
    follow: list[LineDraft] = []
    for service in activity.services:
        if service.insurer != insurer.id or _lacks_authorisation(service, fees):
            continue
        if rng.random() < _NEVER_SETTLED:
            continue
        price = activity.expected[service.reference or ""]
        old = fees.previous_price(insurer.id, service.act_code, service.date)
        roll = rng.random()
        if old is not None and roll < _OLD_PRICE:
            drafts.append(LineDraft.for_service(service, old, "antiguo"))
            if rng.random() < _REGULARISED:
                concept = f"REGULARIZACION BAREMO {service.date:%m/%Y}"
                follow.append(
                    LineDraft.for_service(service, price - old, "regularizacion", concept)
                )
            continue
        if roll > 1 - _SHORT_PAID:
            cut = rng.choice((80, 85, 90, 95))
            drafts.append(LineDraft.for_service(service, percent(price, cut), "descuento"))
            continue
        drafts.append(LineDraft.for_service(service, price, "pago"))
        roll = rng.random()
        if roll < _DUPLICATED:
            follow.append(LineDraft.for_service(service, price, "duplicado"))
        elif roll < _DUPLICATED + _CLAWED_BACK:
            follow.append(
                LineDraft.for_service(service, -price, "anulacion", "ANULACION ACTO NO CUBIERTO")
            )
    drafts.sort(key=lambda d: (d.day or dt.date.min, d.patient))
    drafts.extend(carried)
    carried[:] = follow
    return drafts


def _lacks_authorisation(service: Service, fees: FeeBook) -> bool:
    entry = fees.entry(service.insurer, service.act_code, service.date)
    return entry.requires_authorisation and service.authorisation is None


def _orphan(
    rng: random.Random, insurer: Insurer, activity: Activity, fees: FeeBook, names: NameBook
) -> LineDraft:
    """A line for a service the practice never recorded."""
    code, _act = rng.choice(fees.acts[insurer.id])
    day = activity.services[rng.randrange(len(activity.services))].date
    return LineDraft(
        fees.price(insurer.id, code, day),
        "huerfana",
        patient=names.person(),
        card=str(rng.randrange(10**8, 10**9)),
        day=day,
        code=code,
    )
