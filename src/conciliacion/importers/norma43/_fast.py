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
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from itertools import repeat
from operator import add, itemgetter

from conciliacion.model import Counterparty, Movement, Source
from conciliacion.model._fields import stable_id

__all__ = ["fast_movement", "fast_movements", "fast_source", "fast_sources"]

_new = object.__new__
_sha256 = hashlib.sha256
_hexdigest = type(hashlib.sha256()).hexdigest
_SEPARATOR = "\x1f"
_ID_TEXT = _SEPARATOR.join(["{}"] * 10) + "{}" + _SEPARATOR + "{}"
"""The parts of ``stable_id``: ten fields, the concepts (each after a separator), the line."""
_FIRST_16 = itemgetter(slice(16))
_NO_TEXT = ("",)
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
_document = _slot(Movement, "document")
_reference1 = _slot(Movement, "reference1")
_reference2 = _slot(Movement, "reference2")
_concepts = _slot(Movement, "concepts")
_counterparty = _slot(Movement, "counterparty")
_balance_after = _slot(Movement, "balance_after")
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
    refused while reading). The identity's text is the parts of ``stable_id`` joined by the
    separator, written as one f-string (one allocation instead of a list and a join).
    """
    texts = f"\x1f{_SEPARATOR.join(concepts)}" if concepts else ""
    key = (
        f"{account}\x1f{booking_iso}\x1f{value_iso}\x1f{amount!s}\x1f{currency}\x1f"
        f"{common_concept}\x1f{own_concept}\x1f{document}\x1f{reference1}\x1f{reference2}"
        f"{texts}\x1f{source.line}"
    )
    movement: Movement = _new(Movement)
    _account(movement, account)
    _booking_date(movement, booking_date)
    _value_date(movement, value_date)
    _amount(movement, amount)
    _source(movement, source)
    _currency(movement, currency)
    _common_concept(movement, common_concept)
    _own_concept(movement, own_concept)
    _document(movement, document)
    _reference1(movement, reference1)
    _reference2(movement, reference2)
    _concepts(movement, concepts)
    _counterparty(movement, counterparty)
    _balance_after(movement, balance_after)
    _original_currency(movement, original_currency)
    _original_amount(movement, original_amount)
    _id(movement, "mov-" + _sha256(key.encode()).hexdigest()[:16])
    return movement


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
    documents: Sequence[str],
    references1: Sequence[str],
    references2: Sequence[str],
    concepts: Sequence[tuple[str, ...]],
    counterparties: Iterable[Counterparty | None],
    balances_after: Iterable[Decimal],
    original_currencies: Iterable[str],
    original_amounts: Iterable[Decimal | None],
) -> list[Movement]:
    """The movements ``fast_movement`` builds, one per position of the columns, of one account.

    The same preconditions hold. Each slot is set for all movements in one ``map`` run by C code,
    and the identities are hashed the same way: per movement this costs about a third of a call
    of ``fast_movement`` with its 17 slot calls in Python. Equal results are checked by a
    property test.
    """
    count = len(amounts)
    lines = [source.line for source in sources]
    texts = map(_SEPARATOR.join, map(add, repeat(_NO_TEXT), concepts))
    keys = map(
        _ID_TEXT.format,
        repeat(account),
        booking_isos,
        value_isos,
        map(str, amounts),
        repeat(currency),
        common_concepts,
        own_concepts,
        documents,
        references1,
        references2,
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
        (_document, documents),
        (_reference1, references1),
        (_reference2, references2),
        (_concepts, concepts),
        (_counterparty, counterparties),
        (_balance_after, balances_after),
        (_original_currency, original_currencies),
        (_original_amount, original_amounts),
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
