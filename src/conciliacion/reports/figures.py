"""Every figure of the monthly report, computed once, from model values only.

How each figure is computed is spelled out for the reader in ``docs/informes.md``; the rules in
short: *billed* is the fee-schedule value of the insured services rendered in the month plus the
private services' amounts; *collected* is the gross of the settlements dated in the month plus
the private takings; *outstanding* is what each service still lacks of its fee-schedule price on
the month's last day (justified or accepted differences are not owed), aged by days since the act;
*days to payment* run from the act to the date of the settlement that paid it. The comparisons
run this same function for the other months, with the settlement review as of their own end.
The figures that are not per insurer (private takings, bank coverage, claims) are computed in
:mod:`conciliacion.reports.figure_parts`, called from here only; the per-service facts shared
with the incident list come from :mod:`conciliacion.reports.facts`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import Final

from conciliacion.model import ReviewStatus, Settlement
from conciliacion.money import ZERO
from conciliacion.practice import parse_month
from conciliacion.reports.facts import (
    AGEING_BUCKETS,
    ServiceFact,
    ageing_bucket,
    average,
    in_period,
    month_span,
    percentage,
    private_debts,
    shift_month,
    total,
)
from conciliacion.reports.figure_parts import claim_figures, coverage, private_takings
from conciliacion.reports.figure_values import (
    InsurerRow,
    MonthFigures,
    MonthPoint,
    PaymentDays,
)
from conciliacion.reports.report_inputs import ReportInputs

__all__ = ["HISTORY_MONTHS", "month_figures"]

HISTORY_MONTHS: Final = 6
"""Months of the history chart and of the days-to-payment trend, this one included."""

_TREND_DAYS: Final = Decimal(2)
_YEAR: Final = dt.timedelta(days=365)


def _insurer_row(  # noqa: PLR0913 - one group's inputs and the month
    insurer: str,
    name: str,
    facts: Sequence[ServiceFact],
    settlements: Sequence[Settlement],
    *,
    first: dt.date,
    last: dt.date,
) -> InsurerRow:
    billed = [f for f in facts if in_period(f.service.date, first, last)]
    paid = [f for f in facts if in_period(f.paid_on, first, last)]
    differences = [f for f in paid if f.review.status is ReviewStatus.FEE_DIFFERENCE]
    short = [f for f in differences if f.outstanding]
    unpaid = [f for f in facts if f.review.status is ReviewStatus.UNPAID]
    waiting = [f for f in facts if f.review.status is ReviewStatus.NO_AUTHORISATION]
    ageing = [ZERO] * len(AGEING_BUCKETS)
    for fact in facts:
        if fact.outstanding:
            ageing[ageing_bucket((last - fact.service.date).days)] += fact.outstanding
    due = [
        f
        for f in facts
        if f.deadline < last and f.service.date > last - _YEAR and f.review.expected is not None
    ]
    due_paid = total(min(max(f.review.paid, ZERO), f.review.expected or ZERO) for f in due)
    return InsurerRow(
        insurer=insurer,
        name=name,
        billed_count=len(billed),
        billed=total(f.review.expected for f in billed),
        unpriced=sum(1 for f in billed if f.review.expected is None),
        settled_gross=total(s.gross for s in settlements),
        withholding=total(s.withholding for s in settlements),
        deductions=total(s.deductions for s in settlements),
        settled_net=total(s.net for s in settlements),
        paid_services=len(paid),
        days_to_payment=average([f.days_to_payment or 0 for f in paid]),
        differences=len(differences),
        difference_amount=total(f.review.difference for f in differences),
        unjustified=len(short),
        unjustified_amount=total(f.outstanding for f in short),
        unpaid=len(unpaid),
        unpaid_amount=total(f.outstanding for f in unpaid),
        unpaid_new=sum(1 for f in unpaid if first - dt.timedelta(days=1) <= f.deadline < last),
        unpaid_claimed=sum(1 for f in unpaid if f.claim),
        no_authorisation=len(waiting),
        no_authorisation_amount=total(f.outstanding for f in waiting),
        ageing=tuple(ageing),
        outstanding=sum(ageing, start=ZERO),
        collection_rate=percentage(due_paid, total(f.review.expected for f in due)),
    )


def _shows(row: InsurerRow) -> bool:
    return bool(
        row.billed_count or row.settled_gross or row.outstanding or row.unpaid or row.paid_services
    )


def _month_of(day: dt.date) -> tuple[int, int]:
    return day.year, day.month


def _history(
    month: str, data: ReportInputs, facts: Sequence[ServiceFact]
) -> tuple[MonthPoint, ...]:
    """The last months' points, from one pass over each kind of record.

    Each record goes to its month's bucket once (a month's period is its calendar month), rather
    than every record being looked at again for each month: ten years of services, six months.
    """
    private: dict[tuple[int, int], list[Decimal | None]] = defaultdict(list)
    for service in data.services:
        if service.is_private:
            private[_month_of(service.date)].append(service.amount)
    billed: dict[tuple[int, int], list[Decimal | None]] = defaultdict(list)
    days: dict[tuple[int, int], list[int]] = defaultdict(list)
    for fact in facts:
        billed[_month_of(fact.service.date)].append(fact.review.expected)
        if fact.paid_on is not None:
            days[_month_of(fact.paid_on)].append(fact.days_to_payment or 0)
    settled: dict[tuple[int, int], list[Decimal]] = defaultdict(list)
    for settlement in data.settlements:
        settled[_month_of(settlement.date)].append(settlement.gross)
    points = []
    for back in range(HISTORY_MONTHS - 1, -1, -1):
        name = shift_month(month, -back)
        key = parse_month(name)
        takings = total(private.get(key, ()))
        points.append(
            MonthPoint(
                name,
                total(billed.get(key, ())) + takings,
                total(settled.get(key, ())) + takings,
                average(days.get(key, ())),
            )
        )
    return tuple(points)


def _payment_days(
    history: Sequence[MonthPoint], rows: Sequence[InsurerRow], facts: Sequence[ServiceFact]
) -> tuple[PaymentDays, ...]:
    spans = [parse_month(point.month) for point in history]
    paid: dict[tuple[str, tuple[int, int]], list[int]] = defaultdict(list)
    for fact in facts:
        if fact.paid_on:
            paid[fact.service.insurer, _month_of(fact.paid_on)].append(fact.days_to_payment or 0)
    result = []
    for row in rows:
        days = tuple(average(paid.get((row.insurer, span), ())) for span in spans)
        if not any(value is not None for value in days):
            continue
        earlier = [value for value in days[:-1] if value is not None]
        trend = ""
        if days[-1] is not None and earlier:
            change = days[-1] - sum(earlier, start=Decimal(0)) / len(earlier)
            trend = (
                "sube" if change > _TREND_DAYS else "baja" if change < -_TREND_DAYS else "estable"
            )
        result.append(PaymentDays(row.insurer, row.name, days, trend))
    return tuple(result)


def month_figures(month: str, data: ReportInputs) -> MonthFigures:
    """The figures of ``month`` (``AAAA-MM``); ``data.review`` must be as of its last day."""
    month, first, last = month_span(month)
    if data.as_of != last:
        msg = f"el punteo debe ser a {last} para el informe de {month}, no a {data.as_of}"
        raise ValueError(msg)
    facts = data.facts
    by_insurer: dict[str, list[ServiceFact]] = defaultdict(list)
    for fact in facts:
        by_insurer[fact.service.insurer].append(fact)
    settled: dict[str, list[Settlement]] = defaultdict(list)
    for settlement in data.settlements:
        if in_period(settlement.date, first, last):
            settled[settlement.insurer].append(settlement)
    rows = [
        _insurer_row(
            key, data.insurer_name(key), by_insurer[key], settled[key], first=first, last=last
        )
        for key in sorted(set(by_insurer) | set(settled))
    ]
    rows = sorted(filter(_shows, rows), key=lambda r: (-r.billed, -r.outstanding, r.insurer))
    every = [s for group in settled.values() for s in group]
    totals = _insurer_row("total", "Total", facts, every, first=first, last=last)
    private = private_takings(data, first, last)
    private_amount = total(row.amount for row in private)
    debts = private_debts(data, last)
    history = _history(month, data, facts)
    return MonthFigures(
        month=month,
        first=first,
        last=last,
        insurers=tuple(rows),
        total=totals,
        private=private,
        private_count=sum(row.count for row in private),
        private_amount=private_amount,
        private_debts=None if debts is None else len(debts),
        private_debt_amount=None if debts is None else total(s.amount for s in debts),
        billed_total=totals.billed + private_amount,
        collected_total=totals.settled_gross + private_amount,
        claims=claim_figures(data.claims, first, last),
        coverage=coverage(data, first, last),
        history=history,
        payment_days=_payment_days(history, rows, facts),
        collection_rate=totals.collection_rate,
    )
