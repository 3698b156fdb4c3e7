"""A month's results (punteo and bank reconciliation) turned into the ledger's bookings.

The matchers say what each movement is; this module says how that is booked, once, for the
pipeline. Where a result cannot be booked as what it is (a settlement paid in several transfers, an
amount that does not equal the documents it names), the movement goes to 555 with the ``!`` flag and
its match in the metadata: an accountant finds it among the pending items instead of a wrong entry.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

import attrs

from conciliacion.config import PracticeConfig
from conciliacion.ledger.bookings import (
    Accrual,
    Booking,
    InvoiceBooking,
    InvoicePayment,
    MonthBooks,
    PrivateReceipt,
    RuleBooking,
    SettlementReceipt,
    Unexplained,
)
from conciliacion.model import (
    Invoice,
    MatchKind,
    MatchStatus,
    Movement,
    ReconciliationResult,
    ReviewResult,
    Service,
    Settlement,
    Statement,
)
from conciliacion.model.reconciliation import MovementResult
from conciliacion.money import ZERO

__all__ = ["months_books"]

_PRIVATE = frozenset(
    {MatchKind.CARD_BATCH, MatchKind.BIZUM, MatchKind.PRIVATE_TRANSFER, MatchKind.CASH_DEPOSIT}
)
_BY_ACCOUNT = frozenset(
    {
        MatchKind.TAX,
        MatchKind.SOCIAL_SECURITY,
        MatchKind.PAYROLL,
        MatchKind.BANK_FEE,
        MatchKind.LOAN,
        MatchKind.RULE,
        MatchKind.RETURN,
        MatchKind.INTERNAL_TRANSFER,
    }
)


def _month_of(day: dt.date) -> str:
    return f"{day:%Y-%m}"


def _accruals(review: ReviewResult, services: Mapping[str, Service]) -> dict[str, list[Accrual]]:
    """Services rendered to insured patients, at the fee schedule, by month and insurer."""
    amounts: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    counts: Counter[tuple[str, str]] = Counter()
    for item in review.services:
        if item.expected is None:
            continue
        service = services[item.service_id]
        key = (_month_of(service.date), service.insurer)
        amounts[key] += item.expected
        counts[key] += 1
    by_month: dict[str, list[Accrual]] = defaultdict(list)
    for (month, insurer), amount in sorted(amounts.items()):
        if amount:
            by_month[month].append(Accrual(insurer, month, amount, counts[month, insurer]))
    return by_month


def _code(result: MovementResult) -> str:
    return result.account.split(" ", 1)[0]


@attrs.frozen
class _Known:
    """The documents a payment may name, and how many movements share each match."""

    settlements: Mapping[str, Settlement]
    invoices: Mapping[str, Invoice]
    shared: Counter[str]


def _documents_booking(result: MovementResult, movement: Movement, known: _Known) -> Booking:
    """A payment of whole settlements or invoices, booked as such only when it adds up exactly."""
    match = result.match
    whole = known.shared[match.id] == 1
    if match.kind is MatchKind.SETTLEMENT_PAYMENT:
        paid = [known.settlements[t] for t in match.targets if t in known.settlements]
        complete = whole and len(paid) == len(match.targets)
        if complete and sum((s.net for s in paid), ZERO) == movement.amount:
            return SettlementReceipt(movement, paid, match)
        return Unexplained(movement, match)
    owed = [known.invoices[t] for t in match.targets if t in known.invoices]
    complete = whole and len(owed) == len(match.targets)
    if complete and sum((i.total for i in owed), ZERO) == -movement.amount:
        return InvoicePayment(movement, owed, match)
    return Unexplained(movement, match)


def _movement_booking(result: MovementResult, movement: Movement, known: _Known) -> Booking:
    match = result.match
    kind = match.kind
    if match.status is MatchStatus.PENDING or kind is MatchKind.UNEXPLAINED:
        booking: Booking = Unexplained(movement, match)
    elif kind in {MatchKind.SETTLEMENT_PAYMENT, MatchKind.INVOICE_PAYMENT}:
        booking = _documents_booking(result, movement, known)
    elif kind in _PRIVATE:
        booking = PrivateReceipt(movement, match)
    elif kind in _BY_ACCOUNT and _code(result)[:3] != "555":
        description = match.reasons[0] if match.reasons else ""
        booking = RuleBooking(movement, _code(result), kind, description, match)
    else:
        booking = Unexplained(movement, match)
    return booking


def months_books(  # noqa: PLR0913 - the inputs and results, keyword-only
    months: Sequence[str],
    *,
    config: PracticeConfig,
    statements: Iterable[Statement],
    services: Sequence[Service],
    invoices: Sequence[Invoice],
    settlements: Sequence[Settlement],
    review: ReviewResult,
    reconciliation: ReconciliationResult,
) -> list[MonthBooks]:
    """Everything each month's ledger file books: accruals, invoices, every movement once.

    A statement is booked in the month its period starts, so a month's file carries that month's
    movements and balance assertions; an invoice in the month of its date. The inputs are grouped
    by month once, so writing ten years costs one pass, not one per month.
    """
    wanted = set(months)
    month_statements: dict[str, list[Statement]] = defaultdict(list)
    for statement in statements:
        if (month := _month_of(statement.start_date)) in wanted:
            month_statements[month].append(statement)
    by_id = {
        m.id: (m, month)
        for month, group in month_statements.items()
        for s in group
        for m in s.movements
    }
    known = _Known(
        {s.id: s for s in settlements},
        {i.id: i for i in invoices},
        Counter(result.match.id for result in reconciliation.results),
    )
    bookings: dict[str, list[Booking]] = defaultdict(list)
    for month, accruals in _accruals(review, {s.id: s for s in services}).items():
        if month in wanted:
            bookings[month].extend(accruals)
    for invoice in invoices:
        if (month := _month_of(invoice.date)) in wanted:
            bookings[month].append(InvoiceBooking(invoice))
    booked: set[str] = set()
    for result in reconciliation.results:
        found = by_id.get(result.movement)
        if found is None or result.movement in booked:
            continue
        movement, month = found
        booked.add(movement.id)
        bookings[month].append(_movement_booking(result, movement, known))
    return [MonthBooks(month, config, month_statements[month], bookings[month]) for month in months]
