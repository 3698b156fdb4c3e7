"""Automatic follow-up: later settlements that pay claimed services, and claims left unanswered.

The month's settlement review finds services paid late; :func:`apply_payments` turns them into
payment events on the claims that asked for them, closing a claim once it is fully paid. Running
the same month again records nothing new: a payment is known by its service and settlement.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Final

import attrs

from conciliacion.claims.events import Event, EventType
from conciliacion.claims.lifecycle import Claim, ClaimState, claims, fold_claims
from conciliacion.model import Incident, IncidentKind
from conciliacion.money import ZERO, format_amount, to_money

if TYPE_CHECKING:  # the store loads SQLAlchemy; reading events needs only its methods
    from conciliacion.claims.store import EventStore

__all__ = [
    "DEFAULT_FOLLOW_UP_DAYS",
    "SYSTEM_ACTOR",
    "ServicePayment",
    "apply_payments",
    "overdue_claims",
    "overdue_incidents",
]

SYSTEM_ACTOR: Final = "conciliar"
"""The actor of the events the program records on its own."""

DEFAULT_FOLLOW_UP_DAYS: Final = 30
"""Days without an answer before a claim needs follow-up, for an insurer without its own term."""

_WAITING: Final = frozenset({ClaimState.SENT, ClaimState.ESCALATED})
_PAYMENTS: Final = frozenset({EventType.PARTIAL_PAYMENT, EventType.PAYMENT_RECEIVED})


@attrs.frozen
class ServicePayment:
    """A later settlement line that pays a service.

    Attributes:
        service_id: the service paid.
        amount: what the line pays.
        settlement: the settlement's number: with the service, what makes the payment known.
        paid_on: the settlement's date.
    """

    service_id: str
    amount: Decimal = attrs.field(converter=to_money)
    settlement: str
    paid_on: dt.date


class _NothingToRecordError(Exception):
    """Raised under the lock when a payment is known or not owed; never leaves this module."""


def apply_payments(
    store: EventStore, payments: Iterable[ServicePayment], *, actor: str = SYSTEM_ACTOR
) -> tuple[Event, ...]:
    """Record the payments of claimed services; close each claim that becomes fully paid.

    A payment goes to every claim not yet closed that includes its service, up to what that claim
    still asks for the service. Returns the events recorded.
    """
    recorded: list[Event] = []
    by_service: dict[str, list[Claim]] = {}
    for claim in claims(store):
        if claim.state is ClaimState.PAID:  # paid, but its closing was interrupted
            recorded.append(_close_paid(store, claim.id, claim.last_action_on, actor))
        elif claim.state is not ClaimState.CLOSED:
            for item in claim.items:
                by_service.setdefault(item.service_id, []).append(claim)
    for payment in payments:
        for claim in by_service.get(payment.service_id, []):
            recorded.extend(_pay(store, claim.id, payment, actor))
    return tuple(recorded)


def _pay(store: EventStore, claim_id: str, payment: ServicePayment, actor: str) -> list[Event]:
    def build(existing: Sequence[Event]) -> tuple[EventType, Mapping[str, object]]:
        claim = fold_claims(existing)[claim_id]
        known = any(
            event.type in _PAYMENTS
            and event.payload.get("servicio") == payment.service_id
            and event.payload.get("liquidacion") == payment.settlement
            for event in claim.events
        )
        owed = claim.outstanding_for(payment.service_id)
        if claim.state is ClaimState.CLOSED or known or owed <= ZERO:
            raise _NothingToRecordError
        applied = min(owed, payment.amount)
        full = claim.paid_total + applied >= claim.claimed_total
        payload = {
            "fecha": payment.paid_on,
            "servicio": payment.service_id,
            "liquidacion": payment.settlement,
            "importe": applied,
            "importe_liquidado": payment.amount,
        }
        return (EventType.PAYMENT_RECEIVED if full else EventType.PARTIAL_PAYMENT), payload

    try:
        event = store.append_built(claim_id, build, actor)
    except _NothingToRecordError:
        return []
    if event.type != EventType.PAYMENT_RECEIVED:
        return [event]
    return [event, _close_paid(store, claim_id, payment.paid_on, actor)]


def _close_paid(store: EventStore, claim_id: str, on: dt.date, actor: str) -> Event:
    payload = {"fecha": on, "motivo": "pagada por completo"}
    return store.append(EventType.CLAIM_CLOSED, claim_id, payload, actor)


def overdue_claims(
    store: EventStore,
    follow_up_days: Mapping[str, int],
    today: dt.date,
    *,
    default_days: int = DEFAULT_FOLLOW_UP_DAYS,
) -> tuple[Claim, ...]:
    """Claims sent (or escalated) with no answer for more than their insurer's follow-up days.

    Args:
        store: the store.
        follow_up_days: days per insurer id (``seguimiento`` in the configuration).
        today: the day of the review.
        default_days: for an insurer missing from ``follow_up_days``.
    """
    return tuple(
        claim
        for claim in claims(store)
        if claim.state in _WAITING
        and (today - claim.last_action_on).days > follow_up_days.get(claim.insurer, default_days)
    )


def overdue_incidents(
    store: EventStore,
    follow_up_days: Mapping[str, int],
    today: dt.date,
    *,
    default_days: int = DEFAULT_FOLLOW_UP_DAYS,
) -> tuple[Incident, ...]:
    """:func:`overdue_claims` as incidents of the weekly review."""
    found = overdue_claims(store, follow_up_days, today, default_days=default_days)
    return tuple(
        Incident(
            IncidentKind.CLAIM_WITHOUT_ANSWER,
            claim.id,
            f"reclamación a {claim.insurer} de {format_amount(claim.outstanding)} EUR sin "
            f"respuesta desde el {claim.last_action_on:%d/%m/%Y} "
            f"({(today - claim.last_action_on).days} días): reclame de nuevo o escale",
        )
        for claim in found
    )
