"""Building movements without the per-field cost of the validating constructor.

A Norma 43 file of 200,000 movements spends most of its time in ``Movement.__init__`` (converters,
validators and the identity hash, about 18 µs each). The reader has already established every
type the validators check (dates are ``date`` built from integers, amounts ``Decimal`` with two
places built from whole cents, texts ``str``), so it sets the slots directly and computes the same
identity as :func:`conciliacion.model._fields.stable_id`. A property test in
``tests/test_norma43_counterparty.py`` proves on random values that the result equals what the
validating constructor builds, identity included.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

from conciliacion.model import Counterparty, Movement, Source
from conciliacion.model._fields import stable_id

__all__ = ["fast_movement", "fast_source"]

_new = object.__new__
_set = object.__setattr__
_sha256 = hashlib.sha256
_SEPARATOR = "\x1f"


def fast_source(file: str, line: int, raw: str) -> Source:
    """``Source(file, line, raw)`` for a file name and a positive line the reader produced."""
    source: Source = _new(Source)
    _set(source, "file", file)
    _set(source, "line", line)
    _set(source, "raw", raw)
    return source


def fast_movement(  # noqa: PLR0913, PLR0917 - the movement's fields, positional: called 200,000 times
    account: str,
    booking_date: dt.date,
    value_date: dt.date,
    booking_iso: str,
    value_iso: str,
    amount: Decimal,
    source: Source,
    currency: str,
    common_concept: str,
    own_concept: str,
    document: str,
    reference1: str,
    reference2: str,
    concepts: tuple[str, ...],
    counterparty: Counterparty | None,
    balance_after: Decimal,
    original_currency: str = "",
    original_amount: Decimal | None = None,
) -> Movement:
    """A movement equal to ``Movement(...)`` with the same arguments, built without validators.

    ``booking_iso`` and ``value_iso`` are the dates' ISO texts, which the reader caches.
    Preconditions the reader guarantees: ``amount`` and ``balance_after`` have exponent -2, the
    dates are plain ``date`` and no text contains the identity separator (control characters are
    refused while reading).
    """
    parts = [
        account,
        booking_iso,
        value_iso,
        str(amount),
        currency,
        common_concept,
        own_concept,
        document,
        reference1,
        reference2,
        *concepts,
        str(source.line),
    ]
    digest = _sha256(_SEPARATOR.join(parts).encode()).hexdigest()
    movement: Movement = _new(Movement)
    _set(movement, "account", account)
    _set(movement, "booking_date", booking_date)
    _set(movement, "value_date", value_date)
    _set(movement, "amount", amount)
    _set(movement, "source", source)
    _set(movement, "currency", currency)
    _set(movement, "common_concept", common_concept)
    _set(movement, "own_concept", own_concept)
    _set(movement, "document", document)
    _set(movement, "reference1", reference1)
    _set(movement, "reference2", reference2)
    _set(movement, "concepts", concepts)
    _set(movement, "counterparty", counterparty)
    _set(movement, "balance_after", balance_after)
    _set(movement, "original_currency", original_currency)
    _set(movement, "original_amount", original_amount)
    _set(movement, "id", f"mov-{digest[:16]}")
    return movement


def same_id_as_model(movement: Movement) -> bool:
    """Whether ``movement.id`` is what the model's own identity function gives (for tests)."""
    m = movement
    expected = stable_id(
        "mov",
        m.account,
        m.booking_date,
        m.value_date,
        m.amount,
        m.currency,
        m.common_concept,
        m.own_concept,
        m.document,
        m.reference1,
        m.reference2,
        *m.concepts,
        m.source.line,
    )
    return m.id == expected
