"""The rows of a claim list, as a claim keeps them: services, never patients."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs

from conciliacion.money import to_money

__all__ = ["ClaimItem"]


def _date(value: object) -> dt.date:
    if type(value) is dt.date:
        return value
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    msg = f"se esperaba una fecha, no {value!r}"
    raise TypeError(msg)


def _optional_text(value: object) -> str | None:
    return None if value in {None, ""} else str(value)


@attrs.frozen
class ClaimItem:
    """One service claimed from an insurer: a row of the claim list the settlement review writes.

    Patient names stay out: the insurer identifies the service by its date, act code and
    authorisation, and the practice by the service id.

    Attributes:
        service_id: the service's stable id.
        insurer: the insurer's id.
        settlement: number of the settlement that left it unpaid or short, if any.
        act_date: date of the act.
        act_code: the insurer's code of the act.
        authorisation: the authorisation number, if the act had one.
        expected: what the fee schedule says it is worth.
        paid: what the insurer paid for it.
        claimed: what is claimed (usually expected minus paid).
        reason: why it is claimed, in Spanish, as the claim list says.
    """

    service_id: str
    insurer: str
    settlement: str | None = attrs.field(converter=_optional_text)
    act_date: dt.date = attrs.field(converter=_date)
    act_code: str
    authorisation: str | None = attrs.field(converter=_optional_text)
    expected: Decimal = attrs.field(converter=to_money)
    paid: Decimal = attrs.field(converter=to_money)
    claimed: Decimal = attrs.field(converter=to_money)
    reason: str

    def __attrs_post_init__(self) -> None:
        if self.claimed <= 0:
            msg = f"servicio {self.service_id}: el importe reclamado debe ser positivo"
            raise ValueError(msg)

    def to_payload(self) -> dict[str, object]:
        """The item as stored in the claim's creation event (Spanish keys, amounts as text)."""
        return {
            "servicio": self.service_id,
            "aseguradora": self.insurer,
            "liquidacion": self.settlement,
            "fecha_acto": self.act_date,
            "codigo_acto": self.act_code,
            "autorizacion": self.authorisation,
            "esperado": self.expected,
            "pagado": self.paid,
            "reclamado": self.claimed,
            "motivo": self.reason,
        }

    @classmethod
    def from_payload(cls, data: dict[str, Any]) -> ClaimItem:
        """Read back :meth:`to_payload`."""
        return cls(
            service_id=str(data["servicio"]),
            insurer=str(data["aseguradora"]),
            settlement=data.get("liquidacion"),
            act_date=data["fecha_acto"],
            act_code=str(data["codigo_acto"]),
            authorisation=data.get("autorizacion"),
            expected=data["esperado"],
            paid=data["pagado"],
            claimed=data["reclamado"],
            reason=str(data["motivo"]),
        )
