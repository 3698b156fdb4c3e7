"""The events of the store: what happened, to what, by whom, and how it is chained.

An event is the only record of state the program keeps. It is never updated nor deleted: a
correction is a new event that names the one it corrects.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from typing import Any

import attrs

__all__ = ["CLAIM_EVENTS", "DECISION_EVENTS", "Event", "EventType"]


class EventType(enum.StrEnum):
    """What an event records; the values are the words stored and shown to the user."""

    CLAIM_CREATED = "reclamacion_creada"
    CLAIM_SENT = "reclamacion_enviada"
    ANSWER_RECEIVED = "respuesta_recibida"
    PARTIAL_PAYMENT = "pago_parcial"
    PAYMENT_RECEIVED = "pago_recibido"
    CLAIM_REJECTED = "reclamacion_rechazada"
    CLAIM_ESCALATED = "reclamacion_escalada"
    CLAIM_CLOSED = "reclamacion_cerrada"
    CORRECTION = "correccion"
    MATCH_CONFIRMED = "coincidencia_confirmada"
    MATCH_REJECTED = "coincidencia_rechazada"
    DIFFERENCE_ACCEPTED = "diferencia_aceptada"
    COUNTERPARTY_ASSIGNED = "contrapartida_asignada"


CLAIM_EVENTS = frozenset(
    {
        EventType.CLAIM_CREATED,
        EventType.CLAIM_SENT,
        EventType.ANSWER_RECEIVED,
        EventType.PARTIAL_PAYMENT,
        EventType.PAYMENT_RECEIVED,
        EventType.CLAIM_REJECTED,
        EventType.CLAIM_ESCALATED,
        EventType.CLAIM_CLOSED,
    }
)
"""The events of a claim's life cycle."""

DECISION_EVENTS = frozenset(
    {
        EventType.MATCH_CONFIRMED,
        EventType.MATCH_REJECTED,
        EventType.DIFFERENCE_ACCEPTED,
        EventType.COUNTERPARTY_ASSIGNED,
    }
)
"""The human decisions the matchers read back."""


@attrs.frozen
class Event:
    """One stored event, exactly as stored: every text field is what the hash covers.

    Attributes:
        chain: the chain it belongs to (one per practice).
        seq: its number in the chain, from 1, without gaps.
        recorded_at: when it was stored, UTC, as ISO text ending in ``Z``.
        type: what it records; text rather than :class:`EventType` so that a tampered row can
            still be read and named by the verification.
        subject: the claim id, match id, result id or counterparty it is about.
        payload_text: its content as canonical JSON (sorted keys, amounts as text).
        actor: the user who recorded it (or the program, for automatic follow-up).
        prev_hash: the hash of the previous event of the chain.
        hash: SHA-256 of ``prev_hash`` and the canonical encoding of the fields above.
    """

    chain: str
    seq: int
    recorded_at: str
    type: str
    subject: str
    payload_text: str
    actor: str
    prev_hash: str
    hash: str

    @property
    def payload(self) -> dict[str, Any]:
        """The content, parsed; amounts stay text until the reader turns them into money."""
        value = json.loads(self.payload_text)
        if not isinstance(value, dict):
            msg = f"el contenido del evento nº {self.seq} no es un objeto JSON"
            raise TypeError(msg)
        return value

    @property
    def recorded(self) -> dt.datetime:
        """:attr:`recorded_at` as an aware datetime."""
        return dt.datetime.fromisoformat(self.recorded_at)
