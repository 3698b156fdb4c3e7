"""The figures of the monthly report, as values: money in ``Decimal``, counts in ``int``.

Percentages and averages are ``Decimal`` with one decimal, as the report shows them; ``None``
where a figure cannot be computed (nothing to divide by, no bank reconciliation). The values are
filled by :func:`conciliacion.reports.figures.month_figures` only.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from conciliacion.money import ZERO

__all__ = [
    "ClaimFigures",
    "ComparisonRow",
    "CoverageRow",
    "InsurerRow",
    "MethodRow",
    "MonthFigures",
    "MonthPoint",
    "PaymentDays",
]


@attrs.frozen
class InsurerRow:
    """One insurer's figures for the month (or all insurers together, in the total row).

    Attributes:
        insurer: the insurer's id (``total`` for the total row).
        name: its name as configured.
        billed_count: services rendered in the month.
        billed: their value at the fee schedule.
        unpriced: services of the month without fee schedule (not in ``billed``).
        settled_gross: gross of the settlements dated in the month.
        withholding: IRPF withheld in those settlements.
        deductions: settlement-level deductions in them.
        settled_net: what their transfers should carry.
        paid_services: services whose paying settlement is dated in the month.
        days_to_payment: their average days from the act to that settlement.
        differences: services paid in the month with a fee-schedule difference.
        difference_amount: sum of those differences (negative: paid less than the schedule).
        unjustified: those differences neither justified nor accepted, underpaid.
        unjustified_amount: what those are short of the schedule (positive).
        unpaid: services unpaid past the payment term at the month's end.
        unpaid_amount: what they are worth.
        unpaid_new: of those, whose term ended in the month.
        unpaid_claimed: of those, already in a claim.
        no_authorisation: services waiting for an authorisation at the month's end.
        no_authorisation_amount: what they are worth.
        ageing: outstanding at the month's end by days since the act, the buckets of
            :data:`conciliacion.reports.facts.AGEING_BUCKETS`.
        outstanding: their sum.
        collection_rate: of what the insurer had to pay by the month's end (acts of the last 12
            months whose term is over), the percentage it paid.
    """

    insurer: str
    name: str
    billed_count: int = 0
    billed: Decimal = ZERO
    unpriced: int = 0
    settled_gross: Decimal = ZERO
    withholding: Decimal = ZERO
    deductions: Decimal = ZERO
    settled_net: Decimal = ZERO
    paid_services: int = 0
    days_to_payment: Decimal | None = None
    differences: int = 0
    difference_amount: Decimal = ZERO
    unjustified: int = 0
    unjustified_amount: Decimal = ZERO
    unpaid: int = 0
    unpaid_amount: Decimal = ZERO
    unpaid_new: int = 0
    unpaid_claimed: int = 0
    no_authorisation: int = 0
    no_authorisation_amount: Decimal = ZERO
    ageing: tuple[Decimal, ...] = (ZERO, ZERO, ZERO, ZERO, ZERO)
    outstanding: Decimal = ZERO
    collection_rate: Decimal | None = None


@attrs.frozen
class MethodRow:
    """Private patients' takings of one payment method in the month.

    Attributes:
        method: ``tarjeta``, ``bizum``, ``efectivo``, ``transferencia``.
        count: services paid that way.
        amount: their amount.
        share: percentage of the month's private takings.
    """

    method: str
    count: int
    amount: Decimal
    share: Decimal | None


@attrs.frozen
class CoverageRow:
    """How many of the month's bank movements ended one way, and how many euros.

    Attributes:
        category: ``automatico``, ``manual``, ``por_confirmar`` or ``sin_justificar``.
        label: the category in the report's words.
        movements: how many movements.
        movements_share: their percentage of the month's movements.
        euros: the sum of their amounts, without sign.
        euros_share: its percentage of the month's euros.
    """

    category: str
    label: str
    movements: int
    movements_share: Decimal | None
    euros: Decimal
    euros_share: Decimal | None


@attrs.frozen
class ClaimFigures:
    """The claims of the month and to date.

    Attributes:
        opened: claims registered in the month.
        opened_amount: what they ask for.
        answered: claims whose latest answer (or rejection) came in the month.
        recovered: paid in the month on claimed services.
        claimed_to_date: asked for by every claim registered up to the month's end.
        recovered_to_date: paid on them up to the month's end.
        recovery_rate: ``recovered_to_date`` as a percentage of ``claimed_to_date``.
        waiting: claims still waiting for an answer or a payment.
    """

    opened: int
    opened_amount: Decimal
    answered: int
    recovered: Decimal
    claimed_to_date: Decimal
    recovered_to_date: Decimal
    recovery_rate: Decimal | None
    waiting: int


@attrs.frozen
class MonthPoint:
    """One month of the history chart.

    Attributes:
        month: ``AAAA-MM``.
        billed: billed that month, insured (fee schedule) and private.
        collected: settlements' gross dated that month plus private takings.
        days_to_payment: the average days to payment of the services paid that month.
    """

    month: str
    billed: Decimal
    collected: Decimal
    days_to_payment: Decimal | None


@attrs.frozen
class PaymentDays:
    """One insurer's average days to payment over the history months, and where it goes.

    Attributes:
        insurer: the insurer's id.
        name: its name.
        days: one average per month of :attr:`MonthFigures.history`, ``None`` without payments.
        trend: ``sube``, ``baja`` or ``estable``: the month against the mean of the earlier
            months (more than two days apart), or ``""`` without enough data.
    """

    insurer: str
    name: str
    days: tuple[Decimal | None, ...]
    trend: str


@attrs.frozen
class ComparisonRow:
    """A headline figure of the month next to the previous month and the same month a year ago.

    Attributes:
        label: what it is, in the report's words.
        unit: ``eur``, ``pct``, ``dias`` or ``n``.
        current: this month.
        previous: the previous month, ``None`` without data.
        last_year: the same month a year earlier, ``None`` without data.
        change_previous: against the previous month: percentage change for amounts and counts,
            difference in points or days for percentages and days.
        change_last_year: the same against a year earlier.
    """

    label: str
    unit: str
    current: Decimal | int | None
    previous: Decimal | int | None
    last_year: Decimal | int | None
    change_previous: Decimal | None
    change_last_year: Decimal | None


@attrs.frozen
class MonthFigures:
    """Every figure of one month's report.

    Attributes:
        month: ``AAAA-MM``.
        first: the month's first day.
        last: its last day: the report's date.
        insurers: one row per insurer with anything to show, by amount billed.
        total: all insurers together.
        private: takings of private patients by payment method.
        private_count: private services of the month.
        private_amount: their amount.
        private_debts: private payments by Bizum or transfer not seen in the bank, count;
            ``None`` without bank reconciliation.
        private_debt_amount: their amount, ``None`` likewise.
        billed_total: insured (fee schedule) plus private, rendered in the month.
        collected_total: settlements' gross dated in the month plus private takings.
        claims: claims of the month and to date.
        coverage: the month's bank movements by how they were justified; ``None`` without
            bank reconciliation.
        history: the last months, oldest first, ending with this one.
        payment_days: per insurer, average days to payment over the history months.
        collection_rate: all insurers' collection rate (see :class:`InsurerRow`).
    """

    month: str
    first: dt.date
    last: dt.date
    insurers: tuple[InsurerRow, ...]
    total: InsurerRow
    private: tuple[MethodRow, ...]
    private_count: int
    private_amount: Decimal
    private_debts: int | None
    private_debt_amount: Decimal | None
    billed_total: Decimal
    collected_total: Decimal
    claims: ClaimFigures
    coverage: tuple[CoverageRow, ...] | None
    history: tuple[MonthPoint, ...]
    payment_days: tuple[PaymentDays, ...]
    collection_rate: Decimal | None

    @property
    def has_data(self) -> bool:
        """Whether anything happened in the month (a comparison with it means something)."""
        return bool(self.total.billed_count or self.private_count or self.total.settled_gross)

    @property
    def automatic_share(self) -> Decimal | None:
        """Percentage of the month's movements justified automatically."""
        if self.coverage is None:
            return None
        return next(
            (row.movements_share for row in self.coverage if row.category == "automatico"), None
        )
