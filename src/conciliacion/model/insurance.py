"""What the practice bills to insurers, what they agreed to pay, and what they say they paid."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Sequence
from decimal import Decimal

import attrs

from conciliacion.model._fields import (
    optional_money,
    optional_strict_date,
    stable_id,
    strict_date,
)
from conciliacion.model.provenance import Source
from conciliacion.money import to_money

__all__ = [
    "PRIVATE",
    "FeeScheduleEntry",
    "PaymentMethod",
    "Service",
    "Settlement",
    "SettlementLine",
]

PRIVATE = "particular"
"""The insurer id of a private patient's service: the patient pays the practice directly."""

_text = attrs.validators.instance_of(str)
_optional_text = attrs.validators.optional(_text)


class PaymentMethod(enum.StrEnum):
    """How a private patient pays; the values are the words of the input files."""

    CARD = "tarjeta"
    BIZUM = "bizum"
    CASH = "efectivo"
    TRANSFER = "transferencia"


@attrs.frozen
class FeeScheduleEntry:
    """The agreed price of one act code for one insurer over a date range (a line of a baremo).

    Attributes:
        insurer: insurer id from the configuration.
        act_code: the insurer's code for the act.
        act: the act's description.
        price: the agreed amount.
        valid_from: first day the price applies.
        valid_to: last day it applies, ``None`` while it is in force.
        requires_authorisation: whether the insurer pays the act only with an authorisation.
        source: file and line.
    """

    insurer: str = attrs.field(validator=_text)
    act_code: str = attrs.field(validator=_text)
    act: str = attrs.field(validator=_text)
    price: Decimal = attrs.field(converter=to_money)
    valid_from: dt.date = attrs.field(validator=strict_date)
    source: Source = attrs.field(validator=attrs.validators.instance_of(Source))
    valid_to: dt.date | None = attrs.field(default=None, validator=optional_strict_date)
    requires_authorisation: bool = attrs.field(
        default=False, validator=attrs.validators.instance_of(bool)
    )
    id: str = attrs.field(init=False)

    @id.default
    def _derive_id(self) -> str:
        return stable_id(
            "bar", self.insurer, self.act_code, self.price, self.valid_from, self.valid_to
        )

    def __attrs_post_init__(self) -> None:
        if self.valid_to is not None and self.valid_to < self.valid_from:
            msg = f"el baremo termina ({self.valid_to}) antes de empezar ({self.valid_from})"
            raise ValueError(msg)
        if self.price < 0:
            msg = f"el precio de un baremo no puede ser negativo ({self.price})"
            raise ValueError(msg)

    def applies_on(self, day: dt.date) -> bool:
        """Whether this price is the one in force on ``day``."""
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@attrs.frozen
class Service:
    """One act rendered to one patient on one date (a line of the actividad).

    Attributes:
        date: the day of the act.
        patient: the patient's name. Health data: never logged, never written to the ledger.
        card: the insurer's card or policy number, ``""`` for private patients.
        insurer: insurer id, or :data:`PRIVATE`.
        act_code: the insurer's code for the act.
        act: the act's description.
        source: file and line.
        authorisation: the authorisation (volante) number, ``None`` if the clinic has none.
        amount: the billed amount when the input states it; for insured patients usually ``None``
            (the fee schedule gives it).
        payment_method: how a private patient paid.
        reference: the clinic's own id for the service, when the input has one.
        id: the clinic's reference when given, else derived from content and position.
    """

    date: dt.date = attrs.field(validator=strict_date)
    patient: str = attrs.field(validator=_text, repr=False)
    card: str = attrs.field(validator=_text)
    insurer: str = attrs.field(validator=_text)
    act_code: str = attrs.field(validator=_text)
    act: str = attrs.field(validator=_text)
    source: Source = attrs.field(validator=attrs.validators.instance_of(Source))
    authorisation: str | None = attrs.field(default=None, validator=_optional_text)
    amount: Decimal | None = attrs.field(default=None, converter=optional_money)
    payment_method: PaymentMethod | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(PaymentMethod)),
    )
    reference: str | None = attrs.field(default=None, validator=_optional_text)
    id: str = attrs.field(init=False)

    @id.default
    def _derive_id(self) -> str:
        if self.reference:
            return stable_id("srv", "ref", self.reference)
        return stable_id(
            "srv",
            self.date,
            self.patient,
            self.card,
            self.insurer,
            self.act_code,
            self.authorisation,
            self.amount,
            self.source.line,
        )

    @property
    def is_private(self) -> bool:
        """A private patient's service, paid to the practice directly."""
        return self.insurer == PRIVATE


@attrs.frozen
class SettlementLine:
    """One line of an insurer's settlement.

    A line with a patient pays (or, negative, claws back) one service; a line without a patient is a
    settlement-level deduction or regularisation described by ``concept``.

    Attributes:
        settlement: the settlement number this line belongs to.
        insurer: insurer id.
        amount: gross amount of the line, negative for clawbacks and deductions.
        source: file and line.
        patient: the patient's name as the insurer writes it, ``""`` for deductions. Health data.
        card: card or policy number, ``""`` if absent.
        act_date: the date of the act, ``None`` for deductions.
        act_code: the act code, ``""`` if absent.
        authorisation: the authorisation number, ``None`` if absent.
        withholding: IRPF withheld on this line, when the settlement states it per line.
        concept: free text (the reason of a deduction or regularisation).
        id: derived from content and position.
    """

    settlement: str = attrs.field(validator=_text)
    insurer: str = attrs.field(validator=_text)
    amount: Decimal = attrs.field(converter=to_money)
    source: Source = attrs.field(validator=attrs.validators.instance_of(Source))
    patient: str = attrs.field(default="", validator=_text, repr=False)
    card: str = attrs.field(default="", validator=_text)
    act_date: dt.date | None = attrs.field(default=None, validator=optional_strict_date)
    act_code: str = attrs.field(default="", validator=_text)
    authorisation: str | None = attrs.field(default=None, validator=_optional_text)
    withholding: Decimal | None = attrs.field(default=None, converter=optional_money)
    concept: str = attrs.field(default="", validator=_text)
    id: str = attrs.field(init=False)

    @id.default
    def _derive_id(self) -> str:
        return stable_id(
            "lin",
            self.insurer,
            self.settlement,
            self.patient,
            self.card,
            self.act_date,
            self.act_code,
            self.authorisation,
            self.amount,
            self.concept,
            self.source.line,
        )

    @property
    def is_deduction(self) -> bool:
        """A settlement-level deduction or regularisation, not tied to one service."""
        return not self.patient and self.act_date is None


def _line_tuple(lines: Iterable[SettlementLine]) -> tuple[SettlementLine, ...]:
    return tuple(lines)


def _sum(values: list[Decimal]) -> Decimal:
    return sum(values, start=Decimal("0.00"))


@attrs.frozen
class Settlement:
    """An insurer's settlement (liquidación): what it pays for a period.

    The figures obey ``net = gross - withholding - deductions``, where ``gross`` is the sum of the
    service lines and ``deductions`` the (positive) total of the deduction lines; a settlement whose
    header disagrees with its lines cannot be built.

    Attributes:
        number: the insurer's settlement number.
        insurer: insurer id.
        date: the settlement's date.
        lines: all lines, service lines and deductions.
        gross: total of the service lines.
        withholding: IRPF withheld (zero for an SL).
        deductions: total deducted at settlement level, positive.
        net: what the transfer should carry.
        source: the file (line of the first row).
        id: derived from insurer and number: a settlement number is unique per insurer.
    """

    number: str = attrs.field(validator=_text)
    insurer: str = attrs.field(validator=_text)
    date: dt.date = attrs.field(validator=strict_date)
    lines: tuple[SettlementLine, ...] = attrs.field(converter=_line_tuple)
    gross: Decimal = attrs.field(converter=to_money)
    withholding: Decimal = attrs.field(converter=to_money)
    deductions: Decimal = attrs.field(converter=to_money)
    net: Decimal = attrs.field(converter=to_money)
    source: Source = attrs.field(validator=attrs.validators.instance_of(Source))
    id: str = attrs.field(init=False)

    @id.default
    def _derive_id(self) -> str:
        return stable_id("liq", self.insurer, self.number)

    def __attrs_post_init__(self) -> None:
        gross = _sum([line.amount for line in self.lines if not line.is_deduction])
        deductions = -_sum([line.amount for line in self.lines if line.is_deduction])
        problems = []
        if gross != self.gross:
            problems.append(f"bruto {self.gross} ≠ suma de líneas {gross}")
        if deductions != self.deductions:
            problems.append(f"deducciones {self.deductions} ≠ suma de deducciones {deductions}")
        if self.gross - self.withholding - self.deductions != self.net:
            problems.append(
                f"neto {self.net} ≠ bruto {self.gross} - retención {self.withholding} "
                f"- deducciones {self.deductions}"
            )
        if problems:
            msg = f"la liquidación {self.number} no cuadra: " + "; ".join(problems)
            raise ValueError(msg)

    @classmethod
    def from_lines(  # noqa: PLR0913 - the settlement header's fields, all keyword-only
        cls,
        *,
        number: str,
        insurer: str,
        date: dt.date,
        lines: Sequence[SettlementLine],
        withholding: Decimal,
        source: Source,
    ) -> Settlement:
        """Build a settlement whose totals follow from its lines and the withholding."""
        gross = _sum([line.amount for line in lines if not line.is_deduction])
        deductions = -_sum([line.amount for line in lines if line.is_deduction])
        return cls(
            number=number,
            insurer=insurer,
            date=date,
            lines=tuple(lines),
            gross=gross,
            withholding=withholding,
            deductions=deductions,
            net=gross - withholding - deductions,
            source=source,
        )
