"""Bank statements and their movements, whatever format they were read from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

import attrs

from conciliacion.model._fields import optional_money, stable_id, strict_date, text_tuple
from conciliacion.model.provenance import Source
from conciliacion.money import to_money

__all__ = ["Counterparty", "Movement", "Statement"]

_text = attrs.validators.instance_of(str)
_texts = attrs.validators.deep_iterable(_text, attrs.validators.instance_of(tuple))


@attrs.frozen
class Counterparty:
    """The other party of a movement, as far as the bank tells it.

    Attributes:
        name: the name as written in the concept (often cut short), or ``""``.
        nif: a validated Spanish NIF/CIF/NIE, compact form, or ``None``.
        iban: a validated IBAN, compact form, or ``None``.
    """

    name: str = attrs.field(default="", validator=_text)
    nif: str | None = attrs.field(default=None)
    iban: str | None = attrs.field(default=None)

    @property
    def is_known(self) -> bool:
        """Whether anything identifies the other party."""
        return bool(self.name or self.nif or self.iban)


@attrs.frozen
class Movement:
    """One line of a bank statement.

    Attributes:
        account: the IBAN (compact) of the practice's account, or the bank's account key when no
            IBAN can be derived.
        booking_date: the operation date (fecha de operación).
        value_date: the value date (fecha valor).
        amount: signed: positive is money in (abono), negative money out (cargo).
        currency: ISO 4217 code of ``amount``.
        common_concept: the AEB common concept code (``"04"`` transfers, ...), ``""`` if the
            format has none.
        own_concept: the bank's own concept code, ``""`` if none.
        document: the document number, ``""`` if none.
        reference1: first reference, ``""`` if none.
        reference2: second reference, ``""`` if none.
        concepts: the concept texts, in order, stripped.
        counterparty: who paid or was paid, when the texts or the format tell.
        balance_after: the running balance after this movement, when known.
        original_currency: ISO 4217 code of the amount in the currency the operation was made in
            (Norma 43 record 24), ``""`` when the same as ``currency``.
        original_amount: the amount in ``original_currency``, unsigned as the bank gives it, or
            ``None``.
        source: file and line the movement was read from.
        id: identity derived from the content and the position; equal for the same file read twice.
    """

    account: str = attrs.field(validator=_text)
    booking_date: dt.date = attrs.field(validator=strict_date)
    value_date: dt.date = attrs.field(validator=strict_date)
    amount: Decimal = attrs.field(converter=to_money)
    source: Source = attrs.field(validator=attrs.validators.instance_of(Source))
    currency: str = attrs.field(default="EUR", validator=_text)
    common_concept: str = attrs.field(default="", validator=_text)
    own_concept: str = attrs.field(default="", validator=_text)
    document: str = attrs.field(default="", validator=_text)
    reference1: str = attrs.field(default="", validator=_text)
    reference2: str = attrs.field(default="", validator=_text)
    concepts: tuple[str, ...] = attrs.field(default=(), converter=text_tuple, validator=_texts)
    counterparty: Counterparty | None = attrs.field(default=None)
    balance_after: Decimal | None = attrs.field(default=None, converter=optional_money)
    original_currency: str = attrs.field(default="", validator=_text)
    original_amount: Decimal | None = attrs.field(default=None, converter=optional_money)
    id: str = attrs.field(init=False)

    @id.default
    def _derive_id(self) -> str:
        return stable_id(
            "mov",
            self.account,
            self.booking_date,
            self.value_date,
            self.amount,
            self.currency,
            self.common_concept,
            self.own_concept,
            self.document,
            self.reference1,
            self.reference2,
            *self.concepts,
            self.source.line,
        )

    @property
    def is_credit(self) -> bool:
        """Money in (abono)."""
        return self.amount > 0

    @property
    def text(self) -> str:
        """All the concept texts in one line, as a person reads the movement."""
        return " ".join(part for part in self.concepts if part)


def _movement_tuple(movements: Iterable[Movement]) -> tuple[Movement, ...]:
    return tuple(movements)


@attrs.frozen
class Statement:
    """A bank statement of one account over a period.

    Attributes:
        account: as in :class:`Movement`.
        start_date: first day covered.
        end_date: last day covered.
        opening_balance: balance at the start of ``start_date``.
        closing_balance: balance at the end of ``end_date``.
        movements: in the order of the file.
        source: the file, and the line of the statement's header.
        currency: ISO 4217 code.
        bank_name: the account's name as the bank or the configuration gives it, or ``""``.
        id: identity derived from account, period, balances and position.
    """

    account: str = attrs.field(validator=_text)
    start_date: dt.date = attrs.field(validator=strict_date)
    end_date: dt.date = attrs.field(validator=strict_date)
    opening_balance: Decimal = attrs.field(converter=to_money)
    closing_balance: Decimal = attrs.field(converter=to_money)
    movements: tuple[Movement, ...] = attrs.field(converter=_movement_tuple)
    source: Source = attrs.field(validator=attrs.validators.instance_of(Source))
    currency: str = attrs.field(default="EUR", validator=_text)
    bank_name: str = attrs.field(default="", validator=_text)
    id: str = attrs.field(init=False)

    @id.default
    def _derive_id(self) -> str:
        return stable_id(
            "ext",
            self.account,
            self.start_date,
            self.end_date,
            self.opening_balance,
            self.closing_balance,
            len(self.movements),
            self.source.line,
        )

    def __attrs_post_init__(self) -> None:
        if self.end_date < self.start_date:
            msg = f"el extracto termina ({self.end_date}) antes de empezar ({self.start_date})"
            raise ValueError(msg)
        total = sum((m.amount for m in self.movements), start=Decimal("0.00"))
        if self.opening_balance + total != self.closing_balance:
            msg = (
                f"saldo inicial {self.opening_balance} + movimientos {total} "
                f"≠ saldo final {self.closing_balance}"
            )
            raise ValueError(msg)
