"""Building movements without the per-field cost of the validating constructor.

A Norma 43 file of 200,000 movements would spend most of its time in ``Movement.__init__``
(converters, validators and the identity hash, about 18 µs each). The reader has already
established every type the validators check (dates are ``date`` built from integers, amounts
``Decimal`` with two places built from whole cents, texts ``str``), so it sets the slots directly
and computes the same identity as :func:`conciliacion.model._fields.stable_id`. A property test in
``tests/test_norma43_counterparty.py`` proves on random values that the result equals what the
validating constructor builds, identity included.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from itertools import repeat
from operator import add, itemgetter

from conciliacion.model import Counterparty, Movement, Source
from conciliacion.model._fields import stable_id

__all__ = ["fast_movements", "fast_source", "fast_sources", "pack_texts"]

_new = object.__new__
_sha256 = hashlib.sha256
_hexdigest = type(hashlib.sha256()).hexdigest
_SEPARATOR = "\x1f"
_ID_TEXT = _SEPARATOR.join(["{}"] * 9)
"""The parts of ``stable_id``: seven fields, the packed texts, the line."""
_FIRST_16 = itemgetter(slice(16))
_drain: deque[object] = deque(maxlen=0)
_consume = _drain.extend

_Setter = Callable[[object, object], None]


def _slot(cls: type, name: str) -> _Setter:
    """The setter of one slot of ``cls``.

    A frozen class refuses ``setattr``; its slot descriptors do not, and calling one is about
    half the cost of ``object.__setattr__``, which has to look the name up first (17 slots set per
    movement, 200,000 movements in the benchmark).
    """
    setter: _Setter = cls.__dict__[name].__set__
    return setter


_source_file = _slot(Source, "file")
_source_line = _slot(Source, "line")
_source_raw = _slot(Source, "raw")
_account = _slot(Movement, "account")
_booking_date = _slot(Movement, "booking_date")
_value_date = _slot(Movement, "value_date")
_amount = _slot(Movement, "amount")
_source = _slot(Movement, "source")
_currency = _slot(Movement, "currency")
_common_concept = _slot(Movement, "common_concept")
_own_concept = _slot(Movement, "own_concept")
_counterparty = _slot(Movement, "counterparty")
_texts = _slot(Movement, "_texts")
_balance = _slot(Movement, "_balance")
_original_currency = _slot(Movement, "original_currency")
_original_amount = _slot(Movement, "original_amount")
_id = _slot(Movement, "id")


def fast_source(file: str, line: int) -> Source:
    """``Source(file, line)`` for a file name and a positive line the reader produced.

    A movement's source keeps no raw record: the file and line find it, and the 80 characters
    of every record 22 would be a tenth of the memory of a large import.
    """
    source: Source = _new(Source)
    _source_file(source, file)
    _source_line(source, line)
    _source_raw(source, None)
    return source


def fast_sources(file: str, lines: Sequence[int]) -> list[Source]:
    """``fast_source`` for many lines of one file, each slot set in one C-level pass.

    Every source holds the same ``file`` string, not a copy of it.
    """
    sources: list[Source] = list(map(_new, repeat(Source, len(lines))))
    _consume(map(_source_file, sources, repeat(file)))
    _consume(map(_source_line, sources, lines))
    _consume(map(_source_raw, sources, repeat(None)))
    return sources


def pack_texts(
    documents: Iterable[str],
    references1: Iterable[str],
    references2: Iterable[str],
    concepts: Iterable[tuple[str, ...]],
) -> list[str]:
    """Each movement's document, references and concepts as the one string a movement keeps.

    Precondition: no text holds the separator (the reader refuses control characters).
    """
    heads = zip(documents, references1, references2, strict=True)
    return list(map(_SEPARATOR.join, map(add, heads, concepts)))


def fast_movements(  # noqa: PLR0913, PLR0917 - the movements' fields, column by column
    account: str,
    booking_dates: Sequence[dt.date],
    value_dates: Sequence[dt.date],
    booking_isos: Iterable[str],
    value_isos: Iterable[str],
    amounts: Sequence[Decimal],
    sources: Sequence[Source],
    currency: str,
    common_concepts: Sequence[str],
    own_concepts: Sequence[str],
    texts: Sequence[str],
    counterparties: Iterable[Counterparty | None],
    balances_cents: Iterable[int],
    original_currencies: Iterable[str],
    original_amounts: Iterable[Decimal | None],
) -> list[Movement]:
    """The movements ``Movement(...)`` builds, one per position of the columns, of one account.

    ``texts`` are :func:`pack_texts`'s, ``booking_isos`` and ``value_isos`` the dates' ISO texts
    (the reader caches them). Preconditions the reader guarantees: ``amounts`` have exponent -2
    and the dates are plain ``date``. Each slot is set for all movements in one ``map`` run by C
    code, and the identities are hashed as ``stable_id`` hashes them (the packed texts are the
    middle of its text, separators included). A property test checks equal results.
    """
    count = len(amounts)
    lines = [source.line for source in sources]
    keys = map(
        _ID_TEXT.format,
        repeat(account),
        booking_isos,
        value_isos,
        map(str, amounts),
        repeat(currency),
        common_concepts,
        own_concepts,
        texts,
        lines,
    )
    digests = map(_FIRST_16, map(_hexdigest, map(_sha256, map(str.encode, keys))))
    movements: list[Movement] = list(map(_new, repeat(Movement, count)))
    for setter, values in (
        (_account, repeat(account)),
        (_booking_date, booking_dates),
        (_value_date, value_dates),
        (_amount, amounts),
        (_source, sources),
        (_currency, repeat(currency)),
        (_common_concept, common_concepts),
        (_own_concept, own_concepts),
        (_counterparty, counterparties),
        (_original_currency, original_currencies),
        (_original_amount, original_amounts),
        (_texts, texts),
        (_balance, balances_cents),
        (_id, map(add, repeat("mov-"), digests)),
    ):
        _consume(map(setter, movements, values))
    return movements


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
