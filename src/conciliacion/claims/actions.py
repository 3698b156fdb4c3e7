"""The actions a person records on a claim, each one event checked under the store's lock.

The rules that keep a history sensible (a claim is created once; nothing is recorded on a closed
claim but a correction; an answer needs a sending) are checked while the lock is held, so two
people acting on the same claim at once cannot both pass them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from conciliacion.claims.events import Event, EventType
from conciliacion.claims.items import ClaimItem
from conciliacion.claims.lifecycle import Claim, ClaimState, fold_claims, get_claim
from conciliacion.errors import ConciliacionError
from conciliacion.files import sha256_file
from conciliacion.model._fields import stable_id
from conciliacion.money import ZERO, to_money

if TYPE_CHECKING:  # the store loads SQLAlchemy; reading events needs only its methods
    from conciliacion.claims.store import EventStore

__all__ = [
    "claim_id_for",
    "close_claim",
    "correct_event",
    "create_claim",
    "escalate_claim",
    "record_answer",
    "reject_claim",
    "send_claim",
]


def claim_id_for(insurer: str, on: dt.date, service_ids: Iterable[str]) -> str:
    """The id of the claim of these services to this insurer on this date.

    Derived from its content, so registering the same claim list twice is refused, not doubled.

    >>> claim_id_for("adeslas", dt.date(2026, 10, 5), ["srv-2", "srv-1"])
    'rec-adeslas-20261005-c19e0c'
    """
    digest = stable_id("rec", insurer, on, *sorted(service_ids))[-6:]
    return f"rec-{insurer}-{on:%Y%m%d}-{digest}"


def create_claim(
    store: EventStore, insurer: str, items: Sequence[ClaimItem], actor: str, at: dt.date
) -> Claim:
    """Register a claim list of one insurer as a claim, state ``abierta``."""
    if not items:
        msg = "una reclamación necesita al menos un servicio"
        raise ConciliacionError(msg)
    others = sorted({item.insurer for item in items} - {insurer})
    if others:
        msg = f"la reclamación a {insurer} incluye servicios de {', '.join(others)}"
        raise ConciliacionError(msg)
    service_ids = [item.service_id for item in items]
    if len(set(service_ids)) != len(service_ids):
        msg = "un servicio aparece dos veces en la lista de reclamación"
        raise ConciliacionError(msg)
    claim_id = claim_id_for(insurer, at, service_ids)

    def new(existing: Sequence[Event]) -> None:
        if existing:
            msg = f"la reclamación {claim_id} ya está registrada"
            raise ConciliacionError(msg)

    payload = {
        "fecha": at,
        "aseguradora": insurer,
        "elementos": [item.to_payload() for item in items],
        "importe": sum((item.claimed for item in items), ZERO),
    }
    store.append(EventType.CLAIM_CREATED, claim_id, payload, actor, check=new)
    return get_claim(store, claim_id)


def _open_claim(claim_id: str, *, sent: bool = False) -> Callable[[Sequence[Event]], None]:
    def check(existing: Sequence[Event]) -> None:
        claim = fold_claims(existing).get(claim_id)
        if claim is None:
            msg = f"no existe la reclamación {claim_id!r}"
            raise ConciliacionError(msg)
        if claim.state is ClaimState.CLOSED:
            msg = f"la reclamación {claim_id} está cerrada; solo admite correcciones"
            raise ConciliacionError(msg)
        if sent and claim.sent_on is None:
            msg = f"no consta que la reclamación {claim_id} se haya enviado"
            raise ConciliacionError(msg)

    return check


def send_claim(  # noqa: PLR0913 - one parameter per fact of the sending
    store: EventStore,
    claim_id: str,
    *,
    on: dt.date,
    channel: str,
    document: Path,
    actor: str,
) -> Event:
    """Record that the claim was sent, keeping the SHA-256 of the document sent."""
    claim = get_claim(store, claim_id)
    if not document.is_file():
        msg = f"no existe el documento enviado: {document}"
        raise ConciliacionError(msg)
    payload = {
        "fecha": on,
        "canal": _required(channel, "canal"),
        "documento": document.name,
        "sha256": sha256_file(document),
        "bytes": document.stat().st_size,
    }
    return store.append(EventType.CLAIM_SENT, claim.id, payload, actor, check=_open_claim(claim.id))


def record_answer(  # noqa: PLR0913 - one parameter per fact of the answer
    store: EventStore,
    claim_id: str,
    *,
    on: dt.date,
    text: str,
    accepted: Decimal | None,
    actor: str,
) -> Event:
    """Record the insurer's answer and, if it says so, the amount it accepts to pay."""
    claim = get_claim(store, claim_id)
    payload: dict[str, object] = {"fecha": on, "texto": _required(text, "texto")}
    if accepted is not None:
        payload["importe_aceptado"] = to_money(accepted)
    check = _open_claim(claim.id, sent=True)
    return store.append(EventType.ANSWER_RECEIVED, claim.id, payload, actor, check=check)


def reject_claim(
    store: EventStore, claim_id: str, *, on: dt.date, reason: str, actor: str
) -> Event:
    """Record that the insurer rejected the claim, with the reason it gave."""
    claim = get_claim(store, claim_id)
    payload = {"fecha": on, "motivo": _required(reason, "motivo")}
    check = _open_claim(claim.id, sent=True)
    return store.append(EventType.CLAIM_REJECTED, claim.id, payload, actor, check=check)


def escalate_claim(store: EventStore, claim_id: str, *, on: dt.date, to: str, actor: str) -> Event:
    """Record that the claim went further (the insurer's ombudsman, a lawyer...)."""
    claim = get_claim(store, claim_id)
    payload = {"fecha": on, "destino": _required(to, "destino")}
    check = _open_claim(claim.id, sent=True)
    return store.append(EventType.CLAIM_ESCALATED, claim.id, payload, actor, check=check)


def close_claim(store: EventStore, claim_id: str, *, on: dt.date, reason: str, actor: str) -> Event:
    """Close the claim; nothing but corrections is recorded on it afterwards."""
    claim = get_claim(store, claim_id)
    payload = {"fecha": on, "motivo": _required(reason, "motivo")}
    return store.append(
        EventType.CLAIM_CLOSED, claim.id, payload, actor, check=_open_claim(claim.id)
    )


def correct_event(  # noqa: PLR0913 - the correction's facts, all but the event keyword-only
    store: EventStore,
    seq: int,
    *,
    reason: str,
    actor: str,
    changes: Mapping[str, object] | None = None,
    void: bool = False,
) -> Event:
    """Correct event ``seq`` with a new event: new values for some keys, or voiding it.

    The corrected event stays in the chain as it was; readers apply the correction.
    """
    target = store.event(seq)
    if target is None:
        msg = f"no existe el evento nº {seq}"
        raise ConciliacionError(msg)
    if target.type == EventType.CORRECTION:
        msg = f"el evento nº {seq} ya es una corrección: corrija el evento original"
        raise ConciliacionError(msg)
    if not changes and not void:
        msg = "una corrección necesita cambios o anular el evento"
        raise ConciliacionError(msg)
    payload: dict[str, object] = {"evento": seq, "motivo": _required(reason, "motivo")}
    if changes:
        payload["cambios"] = dict(changes)
    if void:
        payload["anula"] = True
    return store.append(EventType.CORRECTION, target.subject, payload, actor)


def _required(text: str, name: str) -> str:
    if not text.strip():
        msg = f"falta el {name}"
        raise ConciliacionError(msg)
    return text.strip()
