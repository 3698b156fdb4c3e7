"""What happened in a month, in accounting terms but still shaped like the domain.

The reconciliation produces these values; :func:`conciliacion.ledger.entries.month_entries`
translates them into Beancount directives. Keeping them apart lets the ledger be tested (and
written) without the matchers, and keeps the accounting rules in one place.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal

import attrs

from conciliacion.config import PracticeConfig
from conciliacion.model import Invoice, Match, MatchKind, Movement, Settlement, Statement
from conciliacion.money import to_money

__all__ = [
    "AcceptedDifference",
    "Accrual",
    "Booking",
    "CardBatch",
    "Claim",
    "InvoiceBooking",
    "InvoicePayment",
    "MonthBooks",
    "PrivateReceipt",
    "ReturnedDebit",
    "RuleBooking",
    "SettlementReceipt",
    "Unexplained",
]

_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
_optional_match = attrs.validators.optional(attrs.validators.instance_of(Match))


def _month(_instance: object, _attribute: object, value: str) -> None:
    if not isinstance(value, str) or not _MONTH.fullmatch(value):
        msg = f"mes no válido: {value!r} (se esperaba AAAA-MM)"
        raise ValueError(msg)


def _settlements(values: Iterable[Settlement]) -> tuple[Settlement, ...]:
    return tuple(values)


def _invoices(values: Iterable[Invoice]) -> tuple[Invoice, ...]:
    return tuple(values)


def _statements(values: Iterable[Statement]) -> tuple[Statement, ...]:
    return tuple(values)


def _texts(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


def month_end(month: str) -> dt.date:
    """The last day of ``AAAA-MM``, the date accruals are booked on.

    >>> month_end("2024-02")
    datetime.date(2024, 2, 29)
    """
    year, number = int(month[:4]), int(month[5:7])
    first_next = dt.date(year + number // 12, number % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


@attrs.frozen
class Accrual:
    """Services rendered to one insurer's patients (or to private patients) in a month.

    Attributes:
        insurer: insurer id, or ``model.PRIVATE``.
        month: ``AAAA-MM``; booked on its last day.
        amount: at the fee schedule, positive (a negative accrual is a correction).
        services: how many services it sums, for the narration.
    """

    insurer: str
    month: str = attrs.field(validator=_month)
    amount: Decimal = attrs.field(converter=to_money)
    services: int = 0


@attrs.frozen
class SettlementReceipt:
    """A transfer that pays one or more settlements of one insurer.

    Attributes:
        movement: the bank movement; its amount must equal the settlements' net.
        settlements: what it pays.
        match: the reconciliation's result, when there is one.
    """

    movement: Movement
    settlements: tuple[Settlement, ...] = attrs.field(converter=_settlements)
    match: Match | None = attrs.field(default=None, validator=_optional_match)


@attrs.frozen
class AcceptedDifference:
    """A difference between what was billed and what an insurer paid that the practice accepts.

    Attributes:
        insurer: insurer id.
        date: the day it was accepted.
        amount: positive: what the receivable is reduced by.
        settlement: the settlement number it concerns, ``""`` if none.
        claim: the claim id it closes, ``""`` if none.
        bad_debt: ``True`` books it as a bad debt (650) instead of a rebate (708).
        match: the reconciliation's result, when there is one.
    """

    insurer: str
    date: dt.date
    amount: Decimal = attrs.field(converter=to_money)
    settlement: str = ""
    claim: str = ""
    bad_debt: bool = False
    match: Match | None = attrs.field(default=None, validator=_optional_match)


@attrs.frozen
class Claim:
    """A claim sent to an insurer, shown in the ledger as a note linked to its settlements.

    Attributes:
        id: the claim's stable id.
        insurer: insurer id.
        date: the day it was sent.
        amount: what is claimed.
        status: its state in the claim life cycle, in the user's words (``enviada``, ``cerrada``).
        settlements: settlement numbers it concerns.
        is_open: whether it still waits for an answer.
    """

    id: str
    insurer: str
    date: dt.date
    amount: Decimal = attrs.field(converter=to_money)
    status: str = "enviada"
    settlements: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    is_open: bool = True


@attrs.frozen
class CardBatch:
    """A card terminal (TPV) batch: private takings, net of the acquirer's commission.

    Attributes:
        movement: the bank movement (the net).
        gross: what the patients paid.
        commission: what the acquirer kept; ``gross - commission`` must equal the movement.
        match: the reconciliation's result, when there is one.
    """

    movement: Movement
    gross: Decimal = attrs.field(converter=to_money)
    commission: Decimal = attrs.field(converter=to_money)
    match: Match | None = attrs.field(default=None, validator=_optional_match)


@attrs.frozen
class PrivateReceipt:
    """A private patient's payment by Bizum, transfer or cash deposit.

    Attributes:
        movement: the bank movement.
        match: the reconciliation's result, when there is one.
    """

    movement: Movement
    match: Match | None = attrs.field(default=None, validator=_optional_match)


@attrs.frozen
class InvoiceBooking:
    """A received invoice entering the books: the expense and the debt to the supplier.

    Attributes:
        invoice: the invoice.
        match: the reconciliation's result, when there is one.
    """

    invoice: Invoice
    match: Match | None = attrs.field(default=None, validator=_optional_match)


@attrs.frozen
class InvoicePayment:
    """A charge that pays one or more received invoices.

    Attributes:
        movement: the bank movement; minus its amount must equal the invoices' totals.
        invoices: what it pays.
        match: the reconciliation's result, when there is one.
    """

    movement: Movement
    invoices: tuple[Invoice, ...] = attrs.field(converter=_invoices)
    match: Match | None = attrs.field(default=None, validator=_optional_match)


@attrs.frozen
class RuleBooking:
    """A movement explained by a rule or a decision: taxes, social security, payroll, fees...

    Attributes:
        movement: the bank movement.
        account: the PGC code of the other side (4751, 476, 465, 626, 669...).
        kind: what it is.
        description: the rule's description, for the narration.
        match: the reconciliation's result, when there is one.
    """

    movement: Movement
    account: str
    kind: MatchKind
    description: str = ""
    match: Match | None = attrs.field(default=None, validator=_optional_match)


@attrs.frozen
class ReturnedDebit:
    """A returned direct debit or a reversal, undoing an earlier movement.

    Attributes:
        movement: the bank movement of the return.
        account: the PGC code the original movement was booked to.
        sub: the sub-account of the original (``Particulares``), ``""`` if none.
        original: the id of the original movement, ``""`` if unknown.
        match: the reconciliation's result, when there is one.
    """

    movement: Movement
    account: str
    sub: str = ""
    original: str = ""
    match: Match | None = attrs.field(default=None, validator=_optional_match)


@attrs.frozen
class Unexplained:
    """A movement nobody could explain yet: it waits in 555, flagged for review.

    Attributes:
        movement: the bank movement.
        match: the reconciliation's result, when there is one (its reasons say what was tried).
    """

    movement: Movement
    match: Match | None = attrs.field(default=None, validator=_optional_match)


Booking = (
    Accrual
    | SettlementReceipt
    | AcceptedDifference
    | Claim
    | CardBatch
    | PrivateReceipt
    | InvoiceBooking
    | InvoicePayment
    | RuleBooking
    | ReturnedDebit
    | Unexplained
)
"""Everything the ledger can book."""

MOVEMENT_BOOKINGS = (
    SettlementReceipt,
    CardBatch,
    PrivateReceipt,
    InvoicePayment,
    RuleBooking,
    ReturnedDebit,
    Unexplained,
)
"""The bookings that explain one bank movement each."""


def _bookings(values: Iterable[Booking]) -> tuple[Booking, ...]:
    return tuple(values)


@attrs.frozen
class MonthBooks:
    """Everything one month's ledger file is written from.

    Statement movements without a booking are booked as :class:`Unexplained`, so that the bank
    postings always add up to the statements.

    Attributes:
        month: ``AAAA-MM``.
        config: the practice's configuration (accounts, insurers, suppliers, legal form).
        statements: the month's bank statements; their balances become balance assertions.
        bookings: what happened.

    The statement and settlement files become ``document`` entries on their own: every
    document the ledger names is one the books were written from.
    """

    month: str = attrs.field(validator=_month)
    config: PracticeConfig
    statements: tuple[Statement, ...] = attrs.field(default=(), converter=_statements)
    bookings: tuple[Booking, ...] = attrs.field(default=(), converter=_bookings)
