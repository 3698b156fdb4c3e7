"""What one piece of a bank concept says, read once per distinct text.

A movement's concept comes in pieces, and most pieces recur: "TRANSFERENCIA RECIBIDA", the
payer's name, its NIF or IBAN come back every month, while only the document number changes.
Folding, splitting into words and scanning for numbers, NIFs and dates is done once per distinct
piece (:class:`PieceReader` remembers them for one run), and a movement's keys are put together
from its pieces. Only what may cross from one piece into the next (an IBAN written in groups, a
phone number) is looked for in the joined text, and only when a piece holds its start.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from typing import Final, NamedTuple

from stdnum.es import nif as nif_mod

__all__ = ["PieceKeys", "PieceReader", "fold", "read_piece", "reference_key", "words_of"]

_NOT_ALNUM = re.compile(r"[^A-Z0-9]+")
_WITH_DIGIT = re.compile(r"[^\s]*\d[^\s]*")
"""A token with a digit: a document number, perhaps."""
_MIN_REFERENCE: Final = 5
"""Capitals and digits a document number has at least."""
_NIF_FORMS: Final = r"[ABCDEFGHJNPQRSUVW]\d{7}[0-9A-J]|\d{8}[A-Z]|[XYZ]\d{7}[A-Z]"
"""A CIF, a DNI or a NIE (the check letter or digit is verified apart)."""
_NIF = re.compile(rf"\b(?:{_NIF_FORMS})(?![A-Z0-9])")
"""One written whole in a text."""
_NIF_WHOLE = re.compile(_NIF_FORMS)
"""The same, for a token of capitals and digits that is nothing else."""
_NIF_SIZE: Final = 9
_DATE = re.compile(r"\b(\d{2})/(\d{2})/(\d{4})\b")
_IBAN_START = re.compile(r"\b[A-Z]{2}\d{2}")
"""How every IBAN begins, without a space: a text without it holds no IBAN."""
_PHONE_START = re.compile(r"\b[67]\d{2}")
"""How every mobile number's first group begins: a text without it holds no phone."""
_READER_SIZE: Final = 1 << 14
"""Distinct pieces a reader remembers before it starts afresh (numbers make most unique)."""


def fold(text: str) -> str:
    """Capitals without accents, as banks print; Ñ becomes N.

    >>> fold("Telefónica de España, S.A.U.")
    'TELEFONICA DE ESPANA, S.A.U.'
    """
    if text.isascii():
        return text.upper()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).upper()


def reference_key(text: str) -> str:
    """A document number as it can be compared: capitals and digits only.

    >>> reference_key("san-2026/00448")
    'SAN202600448'
    """
    if text.isalnum() and text.isascii():
        return text.upper()
    return _NOT_ALNUM.sub("", fold(text))


def words_of(text: str) -> list[str]:
    """The words of a folded text: runs of capitals and digits."""
    return _NOT_ALNUM.sub(" ", text).split()


def token_reference(token: str) -> str | None:
    """The document number a token may be (:func:`reference_key`), or ``None`` if too short.

    >>> token_reference("FRA-2026/1"), token_reference("N.1")
    ('FRA20261', None)
    """
    plain = token.isascii() and token.isalnum()
    key = token.upper() if plain else _NOT_ALNUM.sub("", token.upper())
    # Capitals and digits only: a digit is there unless it is all letters.
    if len(key) >= _MIN_REFERENCE and not key.isalpha():
        return key
    return None


@functools.lru_cache(maxsize=4096)
def _valid_nif(text: str) -> bool:
    """The same few NIFs recur on every statement: their check is remembered."""
    return bool(nif_mod.is_valid(text))


def _dates(text: str) -> tuple[dt.date, ...]:
    days = []
    for day, month, year in _DATE.findall(text):
        try:
            days.append(dt.date(int(year), int(month), int(day)))
        except ValueError:
            continue
    return tuple(days)


class PieceKeys(NamedTuple):
    """What one concept piece says.

    Attributes:
        folded: the piece as :func:`fold` gives it.
        words: its words (:func:`words_of`).
        references: the :func:`token_reference` of each of its tokens with a digit, in order.
        nifs: the valid NIFs written in it, in order.
        dates: the DD/MM/AAAA dates written in it, in order.
        iban_start: whether an IBAN may begin in it.
        phone_start: whether a mobile number may begin in it.
    """

    folded: str
    words: tuple[str, ...]
    references: tuple[str, ...]
    nifs: tuple[str, ...]
    dates: tuple[dt.date, ...]
    iban_start: bool
    phone_start: bool


def _read_slowly(folded: str) -> PieceKeys:
    """:func:`read_piece` by the patterns alone, for any folded text."""
    words = tuple(words_of(folded))
    tokens = _WITH_DIGIT.findall(folded)
    if not tokens:
        # Every other pattern holds a digit: a text without one says nothing more.
        return PieceKeys(folded, words, (), (), (), False, False)  # noqa: FBT003 - a named tuple
    references = (token_reference(token) for token in tokens)
    return PieceKeys(
        folded,
        words,
        tuple(key for key in references if key),
        tuple(m for m in _NIF.findall(folded) if _valid_nif(m)),
        _dates(folded) if "/" in folded else (),
        _IBAN_START.search(folded) is not None,
        _PHONE_START.search(folded) is not None,
    )


def read_piece(text: str) -> PieceKeys:
    """Read one concept piece (none of the patterns read here can contain a space).

    Most pieces are ASCII words and numbers of letters and digits alone ("LIQ D000123"): in
    such a token every pattern can only begin at its start and a NIF is the whole token, so
    string tests decide what the regular expressions would, at a third of the cost of running
    five of them over the piece. A piece with any other token is read by the patterns.

    >>> read_piece("Liq. SAN-2026-00448 nif A58818501").references
    ('SAN202600448', 'A58818501')
    >>> text = "LIQ D000123 ES91 2100 A58818501 677 5"
    >>> read_piece(text) == _read_slowly(text)
    True
    """
    folded = fold(text)
    if not folded.isascii():
        return _read_slowly(folded)
    tokens = folded.split()
    references: list[str] = []
    nifs: list[str] = []
    iban_start = phone_start = False
    for token in tokens:
        if not token.isalnum():
            return _read_slowly(folded)
        if token.isalpha():
            continue
        # Capitals and digits with a digit among them: a reference when long enough.
        size = len(token)
        if size >= _MIN_REFERENCE:
            references.append(token)
        if size == _NIF_SIZE and _NIF_WHOLE.fullmatch(token) and _valid_nif(token):
            nifs.append(token)
        if size >= 4 and not iban_start:  # noqa: PLR2004 - two letters and two digits
            iban_start = token[:2].isalpha() and token[2:4].isdigit()
        if size >= 3 and not phone_start:  # noqa: PLR2004 - a 6 or 7 and two digits
            phone_start = token[0] in "67" and token[1:3].isdigit()
    return PieceKeys(
        folded, tuple(tokens), tuple(references), tuple(nifs), (), iban_start, phone_start
    )


class PieceReader:
    """:func:`read_piece` remembering the pieces it has read; one per run, never shared.

    Bounded: once it holds :data:`_READER_SIZE` pieces it forgets them all and starts again, so
    that the unique pieces (a document number each) never pile up.
    """

    def __init__(self, size: int = _READER_SIZE) -> None:
        self._size = size
        self.known: dict[str, PieceKeys] = {}
        """The pieces read so far: looked up directly, a method call per piece costs more."""

    def read(self, text: str) -> PieceKeys:
        """Read ``text`` (not known yet) and remember it."""
        if len(self.known) >= self._size:
            self.known.clear()
        keys = self.known[text] = read_piece(text)
        return keys

    def __call__(self, text: str) -> PieceKeys:
        """The keys of ``text``, read once."""
        return self.known.get(text) or self.read(text)
