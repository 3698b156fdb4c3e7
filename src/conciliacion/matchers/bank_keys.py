"""What a bank concept says, as keys a matcher can look up: numbers, NIF, IBAN, names, dates.

Spanish banks write concepts in capitals without accents, cut into 38-character pieces wherever
the cut falls, with the payer's name often truncated ("SEGURCAIXA ADES") and, sometimes, its NIF,
its IBAN or the settlement or invoice number. Each movement's texts are read once into
:class:`MovementKeys`; the parties the practice knows (insurers, suppliers, its own accounts) are
indexed once in :class:`PartyIndex`, so that finding the payer is a few dictionary look-ups, never a
comparison against every party. A counterparty is never built from a short fragment: a name
matches only as whole configured words, and a cut-off name only when ten letters or more agree.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Final, NamedTuple

import attrs
from rapidfuzz import fuzz

from conciliacion.config import PracticeConfig
from conciliacion.matchers.bank_texts import (
    PieceKeys,
    PieceReader,
    fold,
    read_piece,
    reference_key,
    token_reference,
    words_of,
)
from conciliacion.model import Counterparty, Movement

__all__ = [
    "KeyReader",
    "MovementKeys",
    "Party",
    "PartyHit",
    "PartyIndex",
    "fold",
    "movement_keys",
    "parties_from_config",
    "reference_key",
]

_PIECE_WIDTH: Final = 38
"""The width of a Norma 43 concept text: a piece this long was probably cut by the bank."""
_MIN_TRUNCATED: Final = 10
"""Letters a cut-off name must share with a configured one before it identifies anybody."""
_SECOND_PREFIX: Final = 3
_TYPO_RATIO: Final = 90.0
_TYPO_MIN_LENGTH: Final = 6
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?(?![A-Z0-9])")
_PHONE = re.compile(r"(?:\+34 ?)?\b([67]\d{2}) ?(\d{3}) ?(\d{3})\b")
_IBAN_COMPACT = re.compile(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}")
_KNOWN_TEXTS: Final = 1 << 14
"""Distinct texts a :class:`KeyReader` remembers before it starts afresh."""


class MovementKeys(NamedTuple):
    """The keys of one movement's texts (a named tuple: one is built per movement).

    Attributes:
        text: every concept text folded and joined by spaces.
        words: the words of the texts, letters and digits only.
        piece_ends: positions in ``words`` of the last word of each text piece.
        references: candidate document numbers (:func:`reference_key` of tokens with a digit).
        nifs: valid NIF/CIF/NIE found, compact.
        ibans: valid IBANs found, compact.
        phone: a Spanish mobile number (nine digits), as Bizum shows the payer, or ``""``.
        dates: dates written as DD/MM/AAAA.
    """

    text: str
    words: tuple[str, ...]
    piece_ends: frozenset[int]
    references: tuple[str, ...]
    nifs: tuple[str, ...]
    ibans: tuple[str, ...]
    phone: str
    dates: tuple[dt.date, ...]


def _glued(pieces: Sequence[PieceKeys]) -> list[str]:
    """Numbers cut where the bank cut a full piece: the two halves glued back."""
    found = []
    for index, piece in enumerate(pieces[:-1]):
        if len(piece.folded) >= _PIECE_WIDTH:
            head, tail = piece.folded.split(), pieces[index + 1].folded.split()
            if head and tail and (key := token_reference(head[-1] + tail[0])):
                found.append(key)
    return found


@functools.lru_cache(maxsize=4096)
def _valid_iban(text: str) -> bool:
    """ISO 13616 check digits (mod 97), without python-stdnum's slower per-country validation.

    The same few IBANs recur on every statement: their check is remembered.

    >>> _valid_iban("ES9121000418450200051332"), _valid_iban("ES9121000418450200051333")
    (True, False)
    """
    if not _IBAN_COMPACT.fullmatch(text):
        return False
    rearranged = text[4:] + text[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def movement_keys(movement: Movement, reader: PieceReader | None = None) -> MovementKeys:
    """Read the keys of ``movement``'s concept texts, references and counterparty.

    A run passes its ``reader``, so that a piece of text seen before is not read again.
    """
    fields = (movement.reference1, movement.reference2, movement.document)
    return _keys(movement.concepts, movement.counterparty, fields, reader)


def _keys(
    concepts: Sequence[str],
    party: Counterparty | None,
    fields: tuple[str, str, str],
    reader: PieceReader | None,
) -> MovementKeys:
    """The keys of a movement's texts, each text read from the movement once by the caller.

    ``fields``: the reference fields and the document, which may hold a document number. Each
    pattern but the IBAN and the phone fits inside one piece, so the movement's keys are its
    pieces' keys in order; those two are looked for in the joined text, when a piece holds their
    start.
    """
    known = reader.known if reader is not None else {}
    read = reader.read if reader is not None else read_piece
    # A piece's keys are never empty (a tuple of seven): ``or`` reads only what is not known.
    pieces = [known.get(piece) or read(piece) for piece in concepts if piece]
    if party is not None and party.name:
        pieces.append(known.get(party.name) or read(party.name))
    words: list[str] = []
    ends = []
    references: list[str] = []
    nifs: set[str] = set()
    dates: list[dt.date] = []
    iban_start = phone_start = full = False
    for folded, piece_words, piece_refs, piece_nifs, piece_dates, iban_here, phone_here in pieces:
        full = full or len(folded) >= _PIECE_WIDTH
        if piece_words:
            words += piece_words
            ends.append(len(words) - 1)
        if piece_refs:
            references += piece_refs
        if piece_nifs:
            nifs.update(piece_nifs)
        if piece_dates:
            dates += piece_dates
        iban_start = iban_start or iban_here
        phone_start = phone_start or phone_here
    text = " ".join([piece.folded for piece in pieces])
    if full:
        references += _glued(pieces)
    if fields[0] or fields[1] or fields[2]:
        references += [key for field in fields if field and (key := token_reference(fold(field)))]
    found = _IBAN.findall(text) if iban_start else ()
    ibans = {c for m in found if _valid_iban(c := m.replace(" ", ""))} if found else set()
    if party is not None:
        nifs.update([party.nif] if party.nif else [])
        ibans.update([party.iban] if party.iban else [])
    phone = _PHONE.search(text) if phone_start else None
    return MovementKeys(
        text,
        tuple(words),
        frozenset(ends),
        tuple(dict.fromkeys(references)) if len(references) > 1 else tuple(references),
        (nifs.pop(),) if len(nifs) == 1 else tuple(sorted(nifs)),
        (ibans.pop(),) if len(ibans) == 1 else tuple(sorted(ibans)),
        "".join(phone.groups()) if phone else "",
        tuple(dates),
    )


class KeyReader:
    """:func:`movement_keys` for one run, never shared: texts seen before are not read again.

    Monthly fees, direct debits and transfers without a number repeat their texts word for word:
    such a movement gets the keys already read (the same value: keys are immutable). Other
    movements are read piece by piece, most pieces being known too. Bounded like the pieces.
    Each text is taken from the movement once: a movement keeps its texts packed, and every
    reading of one splits them apart again.

    Only keys whose every piece was known already are remembered: a piece read for the first
    time (a document number) makes the texts unique, most likely, and remembering them would
    only fill the memory with keys nobody asks for again until the next clearing. Texts that do
    recur are remembered the second time.
    """

    def __init__(self, size: int = _KNOWN_TEXTS) -> None:
        self.pieces = PieceReader(size)
        self._size = size
        self._known: dict[tuple[object, ...], MovementKeys] = {}

    def __call__(self, movement: Movement) -> MovementKeys:
        """The keys of ``movement`` (they depend on its texts and counterparty alone)."""
        return self.read(movement)[0]

    def read(self, movement: Movement) -> tuple[MovementKeys, bool]:
        """The keys of ``movement``, and whether they are remembered (the same object recurs)."""
        concepts = movement.concepts
        party = movement.counterparty
        fields = (movement.reference1, movement.reference2, movement.document)
        texts = (concepts, party, fields)
        keys = self._known.get(texts)
        if keys is not None:
            return keys, True
        pieces = self.pieces.known
        count = len(pieces)
        keys = _keys(concepts, party, fields, self.pieces)
        if len(pieces) != count:
            return keys, False
        if len(self._known) >= self._size:
            self._known.clear()
        self._known[texts] = keys
        return keys, True


def _names(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


@attrs.frozen
class Party:
    """Someone the practice knows and whose movements it expects.

    Attributes:
        kind: ``aseguradora``, ``proveedor`` or ``cuenta`` (one of the practice's own accounts).
        key: the insurer id, the supplier's NIF, or the account's IBAN.
        nif: compact NIF/CIF, ``""`` when none.
        ibans: compact IBANs it pays from or is paid to.
        names: the names it goes by (configured name and aliases).
    """

    kind: str
    key: str
    nif: str = ""
    ibans: tuple[str, ...] = attrs.field(default=(), converter=_names)
    names: tuple[str, ...] = attrs.field(default=(), converter=_names)


class PartyHit(NamedTuple):
    """A party found in a movement, how, and how sure (0 to 100)."""

    party: Party
    via: str
    score: float


def parties_from_config(config: PracticeConfig) -> list[Party]:
    """The insurers, suppliers and own accounts of the configuration as parties."""
    parties = [
        Party("aseguradora", i.id, i.nif, i.ibans, (i.name, *i.aliases)) for i in config.insurers
    ]
    parties += [
        Party("proveedor", s.nif, s.nif, s.ibans, (s.name, *s.aliases)) for s in config.suppliers
    ]
    parties += [Party("cuenta", a.iban, "", (a.iban,), ()) for a in config.accounts]
    return parties


class PartyIndex:
    """The known parties by IBAN, NIF and first word of each name; built once per run."""

    def __init__(self, parties: Iterable[Party]) -> None:
        self.by_iban: dict[str, Party] = {}
        self.by_nif: dict[str, Party] = {}
        # First word, then the first letters of the second (``""`` for one-word names): many
        # parties may share a first word ("CLINICA ...") and each look-up stays short.
        self.by_word: dict[str, dict[str, list[tuple[tuple[str, ...], Party]]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for party in parties:
            for iban in party.ibans:
                self.by_iban[iban] = party
            if party.nif:
                self.by_nif[party.nif] = party
            for name in party.names:
                words = tuple(words_of(fold(name)))
                if words:
                    second = words[1][:_SECOND_PREFIX] if len(words) > 1 else ""
                    self.by_word[words[0]][second].append((words, party))
        # The answers by IBAN and by NIF: the same few parties at every movement.
        self._by_iban = {iban: PartyHit(p, "IBAN", 100.0) for iban, p in self.by_iban.items()}
        self._by_nif = {nif: PartyHit(p, "NIF", 100.0) for nif, p in self.by_nif.items()}

    def _name_score(self, keys: MovementKeys, start: int, name: tuple[str, ...]) -> float:
        """How well ``name`` reads at ``keys.words[start:]``: 100 whole, 90 cut off, else less."""
        words = keys.words
        score = 100.0
        matched = 0
        position = start
        for word in name:
            if position >= len(words):
                return 0.0
            seen = words[position]
            position += 1
            if seen == word:
                matched += len(word)
                continue
            if position - 1 in keys.piece_ends and word.startswith(seen):
                if position < len(words) and seen + words[position] == word:
                    # Split by the bank's 38-character cut: whole again once glued.
                    position += 1
                    matched += len(word)
                    continue
                # Cut off by the bank: enough letters must agree to mean anything.
                matched += len(seen)
                return 90.0 if matched >= _MIN_TRUNCATED else 0.0
            if min(len(seen), len(word)) >= _TYPO_MIN_LENGTH:
                ratio = fuzz.ratio(seen, word)
                if ratio >= _TYPO_RATIO:
                    score = min(score, ratio)
                    matched += len(word)
                    continue
            return 0.0
        return score

    def by_name(self, keys: MovementKeys) -> list[PartyHit]:
        """Every party whose name reads somewhere in the texts, best first."""
        best: dict[tuple[str, str], PartyHit] = {}
        words = keys.words
        by_word = self.by_word
        for start, word in enumerate(words):
            if word not in by_word:
                continue
            buckets = by_word[word]
            following = words[start + 1][:_SECOND_PREFIX] if start + 1 < len(words) else None
            names = buckets.get("", [])
            if following is not None and following in buckets:
                names = names + buckets[following]
            for name, party in names:
                score = self._name_score(keys, start, name)
                ident = (party.kind, party.key)
                if score and (ident not in best or best[ident].score < score):
                    best[ident] = PartyHit(party, "nombre", score)
        if len(best) < 2:  # noqa: PLR2004 - nothing to put in order
            return list(best.values())
        return sorted(best.values(), key=lambda hit: (-hit.score, hit.party.kind, hit.party.key))

    def identify(self, keys: MovementKeys) -> PartyHit | None:
        """The one party the movement names: by IBAN first, then NIF, then name.

        Two different parties found the same way is no answer: the movement stays unattributed.
        """
        if keys.ibans or keys.nifs:
            for via, written, known, sure in (
                ("IBAN", keys.ibans, self.by_iban, self._by_iban),
                ("NIF", keys.nifs, self.by_nif, self._by_nif),
            ):
                if len(written) == 1:
                    # One written: the party's answer, made once (most movements name one).
                    hit = sure.get(written[0])
                    if hit is not None:
                        return hit
                    continue
                found = {known[i] for i in written if i in known}
                if len(found) == 1:
                    return PartyHit(found.pop(), via, 100.0)
                if found:
                    return None
        hits = self.by_name(keys)
        if not hits or (len(hits) > 1 and hits[1].score == hits[0].score):
            return None
        return hits[0]
