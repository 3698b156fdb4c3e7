"""Received invoices: what the practice owes its suppliers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from conciliacion.model._fields import optional_strict_date, stable_id, strict_date
from conciliacion.model.provenance import Source
from conciliacion.money import to_money

__all__ = ["Invoice"]

_text = attrs.validators.instance_of(str)


@attrs.frozen
class Invoice:
    """A received invoice (factura recibida).

    Medical care is VAT-exempt, so the practice cannot deduct the VAT it pays: ``vat`` is part of
    the expense. ``total = base + vat - withholding`` is what is paid to the supplier.

    Attributes:
        supplier: the supplier's name.
        nif: the supplier's NIF/CIF/NIE, compact.
        number: the supplier's invoice number.
        date: issue date.
        base: taxable base.
        vat: VAT charged.
        withholding: IRPF withheld by the practice (professionals, rent), zero otherwise.
        total: amount payable.
        source: file and line.
        due_date: when it falls due, ``None`` if not stated.
        account: PGC code of the expense, ``None`` to take the supplier's from the configuration.
        id: derived from supplier NIF and invoice number, unique per supplier.
    """

    supplier: str = attrs.field(validator=_text)
    nif: str = attrs.field(validator=_text)
    number: str = attrs.field(validator=_text)
    date: dt.date = attrs.field(validator=strict_date)
    base: Decimal = attrs.field(converter=to_money)
    vat: Decimal = attrs.field(converter=to_money)
    withholding: Decimal = attrs.field(converter=to_money)
    total: Decimal = attrs.field(converter=to_money)
    source: Source = attrs.field(validator=attrs.validators.instance_of(Source))
    due_date: dt.date | None = attrs.field(default=None, validator=optional_strict_date)
    account: str | None = attrs.field(default=None)
    id: str = attrs.field(init=False)

    @id.default
    def _derive_id(self) -> str:
        return stable_id("fac", self.nif, self.number)

    def __attrs_post_init__(self) -> None:
        if self.base + self.vat - self.withholding != self.total:
            msg = (
                f"la factura {self.number} no cuadra: base {self.base} + IVA {self.vat} "
                f"- retención {self.withholding} ≠ total {self.total}"
            )
            raise ValueError(msg)

    @property
    def cost(self) -> Decimal:
        """The expense in the books: base plus the VAT the practice cannot deduct."""
        return self.base + self.vat
