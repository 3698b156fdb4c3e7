"""Facts the figures and the incident list share: what each service still owes, and when it paid.

Both the monthly figures and the weekly list ask the same questions of a service (is it still
owed, how much, since when, which claim asks for it) and of the bank (which private takings and
which settlement transfers have not arrived). They are answered here once, so the report and the
list can never disagree.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Final

import attrs

from conciliacion.model import (
    MatchStatus,
    PaymentMethod,
    ReviewStatus,
    Service,
    ServiceReview,
    Settlement,
)
from conciliacion.money import ZERO
from conciliacion.practice import parse_month
from conciliacion.reports.report_inputs import ReportInputs

__all__ = [
    "AGEING_BUCKETS",
    "PRIVATE_GRACE_DAYS",
    "TRANSFER_GRACE_DAYS",
    "ServiceFact",
    "ageing_bucket",
    "average",
    "in_period",
    "missing_transfers",
    "month_span",
    "percentage",
    "private_debts",
    "service_facts",
    "shift_month",
    "total",
]

AGEING_BUCKETS: Final = ("0-30", "31-60", "61-90", "91-120", "más de 120")
"""The ageing columns, by days since the act."""

_BUCKET_LIMITS: Final = (30, 60, 90, 120)

PRIVATE_GRACE_DAYS: Final = 10
"""Days a private patient has to send a Bizum or a transfer before the payment is chased."""

TRANSFER_GRACE_DAYS: Final = 15
"""Days after a settlement's date before its transfer missing from the bank is chased."""

_OWED_STATUSES: Final = frozenset(
    {ReviewStatus.PENDING, ReviewStatus.UNPAID, ReviewStatus.NO_AUTHORISATION}
)
_PAID_STATUSES: Final = frozenset(
    {ReviewStatus.PAID, ReviewStatus.FEE_DIFFERENCE, ReviewStatus.DUPLICATE}
)
_LATER_PAYMENT: Final = frozenset({PaymentMethod.BIZUM, PaymentMethod.TRANSFER})
_ONE_DECIMAL: Final = Decimal("0.1")


def month_span(month: str) -> tuple[str, dt.date, dt.date]:
    """The canonical ``AAAA-MM``, first and last day of a month.

    >>> month_span("2026-02")[1:]
    (datetime.date(2026, 2, 1), datetime.date(2026, 2, 28))
    """
    year, number = parse_month(month)
    last = calendar.monthrange(year, number)[1]
    return f"{year:04d}-{number:02d}", dt.date(year, number, 1), dt.date(year, number, last)


def shift_month(month: str, months: int) -> str:
    """The month ``months`` after ``month`` (before, when negative).

    >>> shift_month("2026-01", -1), shift_month("2026-03", -12)
    ('2025-12', '2025-03')
    """
    year, number = parse_month(month)
    index = year * 12 + number - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def percentage(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    """``part`` as a percentage of ``whole``, one decimal; ``None`` when ``whole`` is zero.

    >>> percentage(Decimal("1"), Decimal("3"))
    Decimal('33.3')
    >>> percentage(0, 0) is None
    True
    """
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(_ONE_DECIMAL, ROUND_HALF_UP)


def average(values: Sequence[int]) -> Decimal | None:
    """The mean, one decimal; ``None`` for no values.

    >>> average([10, 15, 15])
    Decimal('13.3')
    """
    if not values:
        return None
    return (Decimal(sum(values)) / len(values)).quantize(_ONE_DECIMAL, ROUND_HALF_UP)


def ageing_bucket(days: int) -> int:
    """The index in :data:`AGEING_BUCKETS` of a debt ``days`` old.

    >>> [ageing_bucket(d) for d in (0, 30, 31, 120, 121)]
    [0, 0, 1, 3, 4]
    """
    for index, limit in enumerate(_BUCKET_LIMITS):
        if days <= limit:
            return index
    return len(_BUCKET_LIMITS)


@attrs.frozen
class ServiceFact:
    """What the reports need to know of one insured service on the report's date.

    Attributes:
        service: the service.
        review: its outcome in the settlement review.
        paid_on: the date of the settlement that paid it first, if paid.
        outstanding: what the insurer still owes for it (zero when paid, or when a difference is
            justified or accepted); ``None`` when unknown (no fee schedule).
        deadline: the last day of its insurer's payment term.
        claim: the id of the claim that asks for it, if any.
        accepted: whether a person accepted its fee difference instead of claiming it.
    """

    service: Service
    review: ServiceReview
    paid_on: dt.date | None
    outstanding: Decimal | None
    deadline: dt.date
    claim: str | None
    accepted: bool

    @property
    def days_to_payment(self) -> int | None:
        """Days from the act to the settlement that paid it."""
        return None if self.paid_on is None else (self.paid_on - self.service.date).days


def _outstanding(review: ServiceReview, *, accepted: bool) -> Decimal | None:
    if review.status in _OWED_STATUSES:
        if review.expected is None:
            return None
        return max(review.expected - review.paid, ZERO)
    if review.status is ReviewStatus.FEE_DIFFERENCE and not review.justified and not accepted:
        return max(-(review.difference or ZERO), ZERO)
    return ZERO


def service_facts(data: ReportInputs) -> list[ServiceFact]:
    """One fact per reviewed service, in the review's order."""
    services = {service.id: service for service in data.services}
    paid_on_line = {
        line.id: settlement.date for settlement in data.settlements for line in settlement.lines
    }
    claimed = {item.service_id: claim.id for claim in data.claims for item in claim.items}
    facts = []
    for review in data.review.services:
        service = services[review.service_id]
        paid_on = None
        if review.status in _PAID_STATUSES and review.lines:
            paid_on = paid_on_line.get(review.lines[0])
        accepted = any(
            data.decisions.difference(key) is not None for key in (review.id, service.id)
        )
        term = dt.timedelta(days=data.payment_term(service.insurer))
        facts.append(
            ServiceFact(
                service=service,
                review=review,
                paid_on=paid_on,
                outstanding=_outstanding(review, accepted=accepted),
                deadline=service.date + term,
                claim=claimed.get(service.id),
                accepted=accepted,
            )
        )
    return facts


def _covered_from(data: ReportInputs) -> dt.date | None:
    """The first day the bank reconciliation explains: nothing earlier is judged."""
    if data.matches is None:
        return None
    explained = {subject for match in data.matches for subject in match.subjects}
    days = [m.booking_date for m in data.movements if m.id in explained]
    return min(days, default=None)


def _targets(data: ReportInputs) -> set[str]:
    found = {MatchStatus.RECONCILED, MatchStatus.SUGGESTED}
    return {t for match in data.matches or () if match.status in found for t in match.targets}


def private_debts(data: ReportInputs, as_of: dt.date) -> list[Service] | None:
    """Private services paid later (Bizum, transfer) whose money the bank has not shown.

    Card and cash are taken at the desk: a missing batch or deposit is the practice's problem,
    not the patient's debt, and shows as an unexplained or missing movement instead. ``None``
    when there is no bank reconciliation to tell.
    """
    start = _covered_from(data)
    if start is None:
        return None
    paid = _targets(data)
    latest = as_of - dt.timedelta(days=PRIVATE_GRACE_DAYS)
    return sorted(
        (
            s
            for s in data.services
            if s.is_private
            and s.payment_method in _LATER_PAYMENT
            and start <= s.date <= latest
            and s.id not in paid
            and (s.reference or s.id) not in paid
        ),
        key=lambda s: (s.date, s.source.file, s.source.line),
    )


def missing_transfers(data: ReportInputs, as_of: dt.date) -> list[Settlement]:
    """Settlements whose transfer has not reached the bank :data:`TRANSFER_GRACE_DAYS` later."""
    start = _covered_from(data)
    if start is None:
        return []
    paid = _targets(data)
    latest = as_of - dt.timedelta(days=TRANSFER_GRACE_DAYS)
    return sorted(
        (
            s
            for s in data.settlements
            if start <= s.date <= latest and s.net > 0 and s.id not in paid
        ),
        key=lambda s: (s.date, s.insurer, s.number),
    )


def in_period(day: dt.date | None, first: dt.date, last: dt.date) -> bool:
    """Whether ``day`` falls between ``first`` and ``last``."""
    return day is not None and first <= day <= last


def total(values: Iterable[Decimal | None]) -> Decimal:
    """Sum of the known amounts."""
    return sum((value for value in values if value is not None), start=ZERO)
