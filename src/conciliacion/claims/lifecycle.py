"""A claim's state, folded from its events: never stored, so it can never disagree with them."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from conciliacion.claims.events import CLAIM_EVENTS, Event, EventType
from conciliacion.claims.items import ClaimItem
from conciliacion.errors import ConciliacionError
from conciliacion.money import ZERO, to_money

if TYPE_CHECKING:  # the store loads SQLAlchemy; reading events needs only its methods
    from conciliacion.claims.store import EventStore

__all__ = ["Claim", "ClaimState", "claims", "effective_payloads", "fold_claims", "get_claim"]


class ClaimState(enum.StrEnum):
    """Where a claim stands; the values are the words the user reads and filters by."""

    OPEN = "abierta"
    SENT = "enviada"
    ANSWERED = "respondida"
    PARTLY_PAID = "parcialmente_pagada"
    PAID = "pagada"
    REJECTED = "rechazada"
    ESCALATED = "escalada"
    CLOSED = "cerrada"


_STATE_AFTER: Mapping[str, ClaimState] = {
    EventType.CLAIM_CREATED: ClaimState.OPEN,
    EventType.CLAIM_SENT: ClaimState.SENT,
    EventType.ANSWER_RECEIVED: ClaimState.ANSWERED,
    EventType.CLAIM_REJECTED: ClaimState.REJECTED,
    EventType.CLAIM_ESCALATED: ClaimState.ESCALATED,
    EventType.CLAIM_CLOSED: ClaimState.CLOSED,
}


@attrs.frozen
class Claim:
    """One claim as its events leave it.

    Attributes:
        id: the claim's id (the subject of its events).
        insurer: the insurer's id.
        created_on: the date the claim list was turned into a claim.
        items: the services claimed.
        state: where it stands.
        paid: amount paid so far per service id, by later settlements.
        sent_on: date of the last sending, if sent.
        answered_on: date of the last answer or rejection, if any.
        last_action_on: date of the latest action of any kind.
        events: its events, in order (corrections included).
    """

    id: str
    insurer: str
    created_on: dt.date
    items: tuple[ClaimItem, ...]
    state: ClaimState
    paid: Mapping[str, Decimal]
    sent_on: dt.date | None
    answered_on: dt.date | None
    last_action_on: dt.date
    events: tuple[Event, ...]

    @property
    def claimed_total(self) -> Decimal:
        """What the claim asks for."""
        return sum((item.claimed for item in self.items), ZERO)

    @property
    def paid_total(self) -> Decimal:
        """What later settlements have paid of it."""
        return sum(self.paid.values(), ZERO)

    @property
    def outstanding(self) -> Decimal:
        """What is still owed."""
        return max(self.claimed_total - self.paid_total, ZERO)

    def outstanding_for(self, service_id: str) -> Decimal:
        """What is still owed for one service (zero for a service not in the claim)."""
        claimed = sum((i.claimed for i in self.items if i.service_id == service_id), ZERO)
        return max(claimed - self.paid.get(service_id, ZERO), ZERO)


def effective_payloads(events: Iterable[Event]) -> dict[int, dict[str, Any]]:
    """Each event's content with the corrections recorded later applied, by sequence number.

    A correction (``correccion``) names the event it corrects (``evento``) and either the keys that
    replace the original's (``cambios``) or that the event is void (``anula``: a voided event is
    left out). The original stays in the chain as it was.
    """
    ordered = list(events)
    payloads = {event.seq: event.payload for event in ordered}
    for event in ordered:
        if event.type == EventType.CORRECTION:
            payload = event.payload
            target_seq = int(payload["evento"])
            if payload.get("anula"):
                payloads.pop(target_seq, None)
            elif target_seq in payloads:
                payloads[target_seq].update(payload.get("cambios", {}))
    return payloads


def fold_claims(events: Iterable[Event]) -> dict[str, Claim]:
    """Every claim in ``events``, by id, in order of creation."""
    ordered = list(events)
    payloads = effective_payloads(ordered)
    by_subject: dict[str, list[Event]] = {}
    for event in ordered:
        by_subject.setdefault(event.subject, []).append(event)
    result: dict[str, Claim] = {}
    for subject, subject_events in by_subject.items():
        first = subject_events[0]
        if first.type == EventType.CLAIM_CREATED and first.seq in payloads:
            result[subject] = _fold_one(subject, subject_events, payloads)
    return result


def _fold_one(claim_id: str, events: list[Event], payloads: dict[int, dict[str, Any]]) -> Claim:
    created = payloads[events[0].seq]
    items = tuple(ClaimItem.from_payload(item) for item in created["elementos"])
    claimed = sum((item.claimed for item in items), ZERO)
    state = ClaimState.OPEN
    paid: dict[str, Decimal] = {}
    sent_on: dt.date | None = None
    answered_on: dt.date | None = None
    last = dt.date.fromisoformat(created["fecha"])
    for event in events:
        if event.type not in CLAIM_EVENTS or event.seq not in payloads:
            continue
        payload = payloads[event.seq]
        on = dt.date.fromisoformat(payload["fecha"])
        last = max(last, on)
        if event.type in {EventType.PARTIAL_PAYMENT, EventType.PAYMENT_RECEIVED}:
            service = str(payload["servicio"])
            paid[service] = paid.get(service, ZERO) + to_money(payload["importe"])
            done = sum(paid.values(), ZERO) >= claimed
            state = ClaimState.PAID if done else ClaimState.PARTLY_PAID
            continue
        state = _STATE_AFTER[event.type]
        if event.type == EventType.CLAIM_SENT:
            sent_on = on
        elif event.type in {EventType.ANSWER_RECEIVED, EventType.CLAIM_REJECTED}:
            answered_on = on
    return Claim(
        id=claim_id,
        insurer=str(created["aseguradora"]),
        created_on=dt.date.fromisoformat(created["fecha"]),
        items=items,
        state=state,
        paid=paid,
        sent_on=sent_on,
        answered_on=answered_on,
        last_action_on=last,
        events=tuple(events),
    )


def claims(store: EventStore) -> tuple[Claim, ...]:
    """Every claim of the store's chain, oldest first."""
    return tuple(fold_claims(store.events()).values())


def get_claim(store: EventStore, claim_id: str) -> Claim:
    """One claim, by its id or an unambiguous beginning of it."""
    found = fold_claims(store.events(subject=claim_id))
    if claim_id in found:
        return found[claim_id]
    matches = [claim for claim in claims(store) if claim.id.startswith(claim_id)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        msg = f"el identificador {claim_id!r} es ambiguo: " + ", ".join(c.id for c in matches)
        raise ConciliacionError(msg)
    msg = f"no existe la reclamación {claim_id!r}"
    raise ConciliacionError(msg)
