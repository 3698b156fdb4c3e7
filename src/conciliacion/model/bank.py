"""Bank statements and their movements, whatever format they were read from."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Final

import attrs

from conciliacion.model._fields import optional_money, stable_id, strict_date
from conciliacion.model.provenance import Source
from conciliacion.money import to_money

__all__ = ["Counterparty", "Movement", "Statement"]

_text = attrs.validators.instance_of(str)


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


_SEPARATOR: Final = "\x1f"


class _Unset(enum.Enum):
    """The default of a parameter whose ``None`` is a value (an unknown balance)."""

    TOKEN = enum.auto()


_UNSET: Final = _Unset.TOKEN

_Texts = str | tuple[str, ...]
"""Document, references and concepts: one string when no part holds the separator."""


def _text_parts(texts: _Texts) -> list[str] | tuple[str, ...]:
    return texts.split(_SEPARATOR) if isinstance(texts, str) else texts


_TEXT_NAMES: Final = ("document", "reference1", "reference2")


def _packed(parts: Sequence[object]) -> _Texts:
    texts: list[str] = []
    for index, part in enumerate(parts):
        if not isinstance(part, str):
            name = _TEXT_NAMES[index] if index < len(_TEXT_NAMES) else "concepts"
            msg = f"{name}: se esperaba texto (str), no {type(part).__name__}"
            raise TypeError(msg)
        texts.append(part)
    joined = _SEPARATOR.join(texts)
    return tuple(texts) if joined.count(_SEPARATOR) != len(texts) - 1 else joined


def _cents(value: object) -> int | None:
    """Whole cents of an amount that may be unknown (``None``), through ``to_money``'s checks."""
    return None if value is None else int(to_money(value).scaleb(2))


@attrs.frozen(init=False, repr=False, weakref_slot=False)
class Movement:
    """One line of a bank statement.

    A large statement has hundreds of thousands of movements, and each Python object costs at
    least 49 bytes beside its content: the document, the references and the concept texts are
    kept in one string (a tuple when a text holds its separator, which no bank writes), and the
    running balance as whole cents. They read as before: ``document``, ``reference1``,
    ``reference2`` and ``concepts`` are texts and ``balance_after`` a ``Decimal``, each built when
    asked for. A Norma 43 file of 200,000 movements is read into about two thirds of the memory.

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
    currency: str = attrs.field(validator=_text)
    common_concept: str = attrs.field(validator=_text)
    own_concept: str = attrs.field(validator=_text)
    counterparty: Counterparty | None = attrs.field()
    original_currency: str = attrs.field(validator=_text)
    original_amount: Decimal | None = attrs.field(converter=optional_money)
    _texts: _Texts = attrs.field(alias="packed_texts")
    _balance: int | None = attrs.field(alias="balance_cents")
    id: str = attrs.field(init=False)

    def __init__(  # noqa: PLR0913, PLR0917 - the movement's fields, as before they were packed
        self,
        account: str,
        booking_date: dt.date,
        value_date: dt.date,
        amount: object,
        source: Source,
        currency: str = "EUR",
        common_concept: str = "",
        own_concept: str = "",
        document: str | None = None,
        reference1: str | None = None,
        reference2: str | None = None,
        concepts: Iterable[str] | None = None,
        counterparty: Counterparty | None = None,
        balance_after: object = _UNSET,
        original_currency: str = "",
        original_amount: object = None,
        *,
        packed_texts: _Texts | None = None,
        balance_cents: int | None = None,
    ) -> None:
        """Build from the fields; ``packed_texts`` and ``balance_cents`` are for ``attrs.evolve``.

        ``attrs.evolve`` passes the packed fields of the movement it copies; a text or balance
        given by name replaces the packed one.
        """
        old: Sequence[str] = () if packed_texts is None else _text_parts(packed_texts)
        parts = [
            (old[0] if old else "") if document is None else document,
            (old[1] if old else "") if reference1 is None else reference1,
            (old[2] if old else "") if reference2 is None else reference2,
            *(old[3:] if concepts is None else concepts),
        ]
        cents = balance_cents if balance_after is _UNSET else _cents(balance_after)
        self.__attrs_init__(
            account,
            booking_date,
            value_date,
            amount,
            source,
            currency,
            common_concept,
            own_concept,
            counterparty,
            original_currency,
            original_amount,
            _packed(parts),
            cents,
        )

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
            *_text_parts(self._texts),
            self.source.line,
        )

    @property
    def document(self) -> str:
        """The document number, ``""`` if none."""
        return _text_parts(self._texts)[0]

    @property
    def reference1(self) -> str:
        """The first reference, ``""`` if none."""
        return _text_parts(self._texts)[1]

    @property
    def reference2(self) -> str:
        """The second reference, ``""`` if none."""
        return _text_parts(self._texts)[2]

    @property
    def concepts(self) -> tuple[str, ...]:
        """The concept texts, in order, stripped."""
        return tuple(_text_parts(self._texts)[3:])

    @property
    def balance_after(self) -> Decimal | None:
        """The running balance after this movement, when known."""
        cents = self._balance
        return None if cents is None else Decimal(cents).scaleb(-2)

    @property
    def is_credit(self) -> bool:
        """Money in (abono)."""
        return self.amount > 0

    @property
    def text(self) -> str:
        """All the concept texts in one line, as a person reads the movement."""
        return " ".join(part for part in self.concepts if part)

    def __repr__(self) -> str:
        fields = {
            "account": self.account,
            "booking_date": self.booking_date,
            "value_date": self.value_date,
            "amount": self.amount,
            "source": self.source,
            "currency": self.currency,
            "common_concept": self.common_concept,
            "own_concept": self.own_concept,
            "document": self.document,
            "reference1": self.reference1,
            "reference2": self.reference2,
            "concepts": self.concepts,
            "counterparty": self.counterparty,
            "balance_after": self.balance_after,
            "original_currency": self.original_currency,
            "original_amount": self.original_amount,
            "id": self.id,
        }
        inner = ", ".join(f"{name}={value!r}" for name, value in fields.items())
        return f"Movement({inner})"


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
