"""Payments by private patients (particulares), as the practice records them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from conciliacion.model._fields import stable_id, strict_date, text_tuple
from conciliacion.model.insurance import PaymentMethod
from conciliacion.model.provenance import Source
from conciliacion.money import to_money

__all__ = ["PrivatePayment"]


@attrs.frozen
class PrivatePayment:
    """Money a private patient paid, or owes, for services.

    Attributes:
        date: the day of payment.
        amount: the amount paid (positive).
        method: card terminal, Bizum, cash or transfer.
        source: file and line.
        services: ids of the services it pays.
        payer: who paid, as it will appear in the bank (name or phone for Bizum); health data
            when it is the patient's name.
        id: derived from content and position.
    """

    date: dt.date = attrs.field(validator=strict_date)
    amount: Decimal = attrs.field(converter=to_money)
    method: PaymentMethod = attrs.field(validator=attrs.validators.instance_of(PaymentMethod))
    source: Source = attrs.field(validator=attrs.validators.instance_of(Source))
    services: tuple[str, ...] = attrs.field(default=(), converter=text_tuple)
    payer: str = attrs.field(default="", repr=False)
    id: str = attrs.field(init=False)

    @id.default
    def _derive_id(self) -> str:
        return stable_id(
            "par", self.date, self.amount, self.method, *self.services, self.source.line
        )

    def __attrs_post_init__(self) -> None:
        if self.amount <= 0:
            msg = f"un cobro de particular debe ser positivo ({self.amount})"
            raise ValueError(msg)
