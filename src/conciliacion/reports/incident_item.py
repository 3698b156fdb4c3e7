"""One line of the weekly incident list: the incident, what is at stake, and what to do next.

How urgent an item is, is decided here and documented in ``docs/informes.md``: the amount at
stake grows with the time the item has waited, one more time its amount for every 30 days
(``amount × (1 + days / 30)``). Missing statements go first whatever their amount, because no
movement after them can be reconciled; items with no amount (data to correct) go last.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Final

import attrs

from conciliacion.model import Incident, IncidentKind
from conciliacion.money import CENT, ZERO

__all__ = ["KIND_LABELS", "KIND_ORDER", "WeeklyItem", "make_item"]

KIND_ORDER: Final = (
    IncidentKind.MISSING_STATEMENT,
    IncidentKind.UNEXPLAINED_MOVEMENT,
    IncidentKind.SUGGESTED_MATCH,
    IncidentKind.MISSING_AUTHORISATION,
    IncidentKind.UNPAID,
    IncidentKind.FEE_DIFFERENCE,
    IncidentKind.CLAIM_WITHOUT_ANSWER,
    IncidentKind.MISSING_SETTLEMENT,
    IncidentKind.PRIVATE_DEBT,
    IncidentKind.DUPLICATE_PAYMENT,
    IncidentKind.PAID_WITHOUT_SERVICE,
    IncidentKind.NO_FEE_SCHEDULE,
    IncidentKind.UNKNOWN_INSURER,
    IncidentKind.DATA,
)
"""Kinds in the order they are discussed when their urgency is equal."""

KIND_LABELS: Final = {
    IncidentKind.MISSING_STATEMENT: "Extracto que falta",
    IncidentKind.UNEXPLAINED_MOVEMENT: "Movimiento sin justificar",
    IncidentKind.SUGGESTED_MATCH: "Propuesta por confirmar",
    IncidentKind.MISSING_AUTHORISATION: "Volante por conseguir",
    IncidentKind.UNPAID: "Impagado sin reclamar",
    IncidentKind.FEE_DIFFERENCE: "Diferencia de baremo sin reclamar",
    IncidentKind.CLAIM_WITHOUT_ANSWER: "Reclamación sin respuesta",
    IncidentKind.MISSING_SETTLEMENT: "Liquidación que no ha llegado",
    IncidentKind.PRIVATE_DEBT: "Particular que debe",
    IncidentKind.DUPLICATE_PAYMENT: "Cobrado dos veces",
    IncidentKind.PAID_WITHOUT_SERVICE: "Cobrado sin actividad",
    IncidentKind.NO_FEE_SCHEDULE: "Sin baremo",
    IncidentKind.UNKNOWN_INSURER: "Aseguradora desconocida",
    IncidentKind.DATA: "Dato dudoso",
}

_FIRST: Final = frozenset({IncidentKind.MISSING_STATEMENT})
_MONTH_DAYS: Final = 30


def _score(amount: Decimal | None, age_days: int) -> Decimal:
    if amount is None:
        return ZERO
    weighted = abs(amount) * (1 + Decimal(age_days) / _MONTH_DAYS)
    return weighted.quantize(CENT, ROUND_HALF_UP)


@attrs.frozen
class WeeklyItem:
    """An incident of the weekly list.

    Attributes:
        incident: the incident; its ``id`` is the item's id, the same every week.
        party: the insurer's id, the account's IBAN, ``particular``, or ``""``.
        since: the day from which it needed someone (the end of the payment term, the
            movement's date...), ``None`` when unknown.
        age_days: days from ``since`` to the review's date, never negative.
        amount: the money at stake, positive; ``None`` when there is none or it is unknown.
        action: what to do next, in Spanish.
        reference: what a person looks the item up by: the clinic's service reference, the
            settlement number, the claim id, the movement's file and line.
        detail: the bank's concept of a movement: internal, never in the client's report.
        patient: the patient's name, for private debts only: internal, never in the client's
            report, never in an id or a log.
        score: the urgency: amount × (1 + age_days / 30).
        rank: position in the list, from 1.
    """

    incident: Incident
    party: str
    since: dt.date | None
    age_days: int
    amount: Decimal | None
    action: str
    reference: str = ""
    detail: str = attrs.field(default="", repr=False)
    patient: str = attrs.field(default="", repr=False)
    score: Decimal = ZERO
    rank: int = 0

    @property
    def id(self) -> str:
        """The incident's stable id."""
        return self.incident.id

    @property
    def kind(self) -> IncidentKind:
        """The incident's kind."""
        return self.incident.kind

    @property
    def label(self) -> str:
        """The kind in the list's words."""
        return KIND_LABELS.get(self.kind, str(self.kind))

    def sort_key(self) -> tuple[int, Decimal, int, dt.date, str]:
        """Most urgent first; ties by kind, then the oldest, then the id."""
        if self.kind in _FIRST:
            tier = 0
        elif self.amount is not None:
            tier = 1
        else:
            tier = 2
        order = KIND_ORDER.index(self.kind) if self.kind in KIND_ORDER else len(KIND_ORDER)
        return (tier, -self.score, order, self.since or dt.date.min, self.id)


def make_item(  # noqa: PLR0913 - the item's facts, all keyword-only
    incident: Incident,
    *,
    as_of: dt.date,
    party: str,
    since: dt.date | None,
    amount: Decimal | None,
    action: str,
    reference: str = "",
    detail: str = "",
    patient: str = "",
) -> WeeklyItem:
    """An item with its age and urgency computed from ``as_of``."""
    age = max((as_of - since).days, 0) if since is not None else 0
    money = None if amount is None else abs(amount)
    return WeeklyItem(
        incident=incident,
        party=party,
        since=since,
        age_days=age,
        amount=money,
        action=action,
        reference=reference,
        detail=detail,
        patient=patient,
        score=_score(money, age),
    )
