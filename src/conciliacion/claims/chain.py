"""The hash chain that makes tampering with the store evident.

Each event carries the hash of the previous one, and its own hash covers that link and every
stored field. Changing, removing or reordering an event breaks the chain from that event on, and
:func:`verify_chain` names the first event that no longer fits. Deleting events from the *end*
leaves a shorter valid chain; the hash of the last event, printed by the verification and written
into every evidence export, is what proves that later.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Final

import attrs

from conciliacion.claims.events import Event

__all__ = [
    "GENESIS",
    "Verification",
    "canonical",
    "canonical_json",
    "event_hash",
    "utc_text",
    "verify_chain",
]

GENESIS: Final = "0" * 64
"""The previous hash of the first event of a chain."""

JSON = None | bool | int | str | list["JSON"] | dict[str, "JSON"]


def canonical(value: object) -> JSON:
    """``value`` made of JSON types only, refusing floats: amounts and dates become text.

    >>> canonical({"importe": Decimal("12.30"), "fecha": dt.date(2026, 10, 5), "n": (1, 2)})
    {'importe': '12.30', 'fecha': '2026-10-05', 'n': [1, 2]}
    >>> canonical(0.1)
    Traceback (most recent call last):
    ...
    TypeError: el almacén no guarda floats (0.1): use Decimal o texto
    """
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, str | Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return utc_text(value) if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, Mapping):
        return {_key(key): canonical(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [canonical(item) for item in value]
    if isinstance(value, float):
        msg = f"el almacén no guarda floats ({value!r}): use Decimal o texto"
        raise TypeError(msg)
    msg = f"el almacén no sabe guardar {type(value).__name__}"
    raise TypeError(msg)


def _key(key: object) -> str:
    if not isinstance(key, str):
        msg = f"las claves del contenido deben ser texto, no {key!r}"
        raise TypeError(msg)
    return key


def canonical_json(value: object) -> str:
    """The one text of ``value``: sorted keys, no spaces, UTF-8 characters as they are.

    >>> canonical_json({"b": Decimal("1.50"), "a": "ñ"})
    '{"a":"ñ","b":"1.50"}'
    """
    return json.dumps(canonical(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def utc_text(moment: dt.datetime) -> str:
    """A moment as stored: UTC, microseconds, ``Z``; a naive datetime is refused.

    >>> utc_text(dt.datetime(2026, 10, 5, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=2))))
    '2026-10-05T10:00:00.000000Z'
    """
    if moment.tzinfo is None:
        msg = "el reloj del almacén debe dar fechas con zona horaria"
        raise ValueError(msg)
    return moment.astimezone(dt.UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def event_hash(  # noqa: PLR0913 - the fields the hash covers, each named
    prev_hash: str,
    *,
    chain: str,
    seq: int,
    recorded_at: str,
    type: str,  # noqa: A002 - the event's field of that name
    subject: str,
    payload_text: str,
    actor: str,
) -> str:
    """SHA-256 of the previous hash followed by the canonical encoding of the event's fields."""
    fields = canonical_json(
        {
            "actor": actor,
            "chain": chain,
            "payload": payload_text,
            "recorded_at": recorded_at,
            "seq": seq,
            "subject": subject,
            "type": type,
        }
    )
    return hashlib.sha256((prev_hash + fields).encode()).hexdigest()


@attrs.frozen
class Verification:
    """What the verification of one chain found.

    Attributes:
        chain: the chain verified.
        count: events read.
        head: hash of the last event that verified (:data:`GENESIS` for an empty chain).
        broken_seq: number of the first event that does not fit, or ``None`` if all fit.
        problem: what is wrong with it, in Spanish.
    """

    chain: str
    count: int
    head: str
    broken_seq: int | None = None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        """True when every event fits."""
        return self.broken_seq is None


def verify_chain(chain: str, events: Iterable[Event]) -> Verification:
    """Check the events of ``chain``, in stored order, and name the first that does not fit."""
    expected_seq, prev, count = 1, GENESIS, 0
    for event in events:
        count += 1
        problem = _problem(event, chain, expected_seq, prev)
        if problem is not None:
            return Verification(chain, count, prev, min(event.seq, expected_seq), problem)
        expected_seq, prev = expected_seq + 1, event.hash
    return Verification(chain, count, prev)


def _problem(event: Event, chain: str, expected_seq: int, prev: str) -> str | None:
    if event.seq != expected_seq:
        return f"se esperaba el evento nº {expected_seq} y aparece el nº {event.seq}"
    if event.chain != chain:
        return f"pertenece a la cadena {event.chain!r}, no a {chain!r}"
    if event.prev_hash != prev:
        return "no enlaza con el hash del evento anterior"
    recomputed = event_hash(
        event.prev_hash,
        chain=event.chain,
        seq=event.seq,
        recorded_at=event.recorded_at,
        type=event.type,
        subject=event.subject,
        payload_text=event.payload_text,
        actor=event.actor,
    )
    if recomputed != event.hash:
        return "su contenido no corresponde a su hash (ha sido modificado)"
    return None
