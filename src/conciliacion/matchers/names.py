"""Patients' names as people write them, compared so that the same person scores high.

The clinic writes "María García López", the insurer "GARCIA LOPEZ, MARIA" or "GARCIA LOPEZ M" or
cuts the name at a fixed width. Names are health data: these functions return normalised text and
scores, and their callers must never put either into a reason, a log or an incident.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from rapidfuzz import fuzz

__all__ = ["PARTICLES", "name_score", "name_tokens", "normalise_name"]

PARTICLES: Final = frozenset({"DE", "DEL", "LA", "LAS", "LOS", "Y"})
"""Words that people write or leave out at will inside Spanish surnames ("de la Fuente")."""

_NOT_WORD = re.compile(r"[^A-Z0-9]+")
_SUBSET_FACTOR: Final = 0.95
"""A name that lacks a surname (insurers often keep one) is the same person, a little less sure."""
_PARTIAL_FACTOR: Final = 0.9
_PARTIAL_MIN_LENGTH: Final = 10
"""Partial matching only for names long enough that a cut-off one still says something."""


def normalise_name(text: str) -> str:
    """Fold a name into uppercase ASCII words, first name first, without particles.

    "APELLIDOS, NOMBRE" is turned round so both sides read the same way; accents, punctuation and
    the particles that come and go (de, del, la) are dropped.

    >>> normalise_name("GARCÍA DE LA FUENTE, Mª José")
    'MA JOSE GARCIA FUENTE'
    >>> normalise_name("  o'donnell-ruiz, j. ")
    'J O DONNELL RUIZ'
    """
    folded = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(char for char in folded if not unicodedata.combining(char)).upper()
    if "," in ascii_text:
        surnames, _, given = ascii_text.partition(",")
        ascii_text = f"{given} {surnames}"
    words = _NOT_WORD.sub(" ", ascii_text).split()
    return " ".join(word for word in words if word not in PARTICLES)


def name_tokens(text: str) -> tuple[str, ...]:
    """The words of :func:`normalise_name`, for callers that compare word by word."""
    return tuple(normalise_name(text).split())


def _expand(short: list[str], full: list[str]) -> list[str]:
    """Replace initials and cut-off words of ``short`` by the word of ``full`` they begin.

    Each word of ``full`` is used once, so "M M" does not become "MARIA MARIA" against "MARIA".
    """
    available = [word for word in full if word not in short]
    expanded = []
    for word in short:
        if word in full:
            expanded.append(word)
            continue
        for candidate in available:
            if candidate.startswith(word):
                available.remove(candidate)
                expanded.append(candidate)
                break
        else:
            expanded.append(word)
    return expanded


def name_score(first: str, second: str) -> float:
    """How alike two names are, from 0 to 100, forgiving order, accents, initials and cuts.

    >>> name_score("GARCIA LOPEZ, MARIA", "María García López")
    100.0
    >>> name_score("GARCIA LOPEZ M", "María García López")
    100.0
    >>> name_score("GARCIA LOPEZ, MARIA", "María García")
    95.0
    >>> name_score("PEREZ SANCHEZ, JUAN", "María García López") < 50
    True
    """
    one, two = name_tokens(first), name_tokens(second)
    if not one or not two:
        return 0.0
    left = _expand(list(one), list(two))
    right = _expand(list(two), left)
    a, b = " ".join(left), " ".join(right)
    score = fuzz.token_sort_ratio(a, b, processor=None)
    if len(set(left) & set(right)) >= 2:  # noqa: PLR2004 - a name and a surname, at least
        score = max(score, _SUBSET_FACTOR * fuzz.token_set_ratio(a, b, processor=None))
    if min(len(a), len(b)) >= _PARTIAL_MIN_LENGTH:
        partial = fuzz.partial_token_sort_ratio(a, b, processor=None)
        score = max(score, _PARTIAL_FACTOR * partial)
    return round(float(score), 1)
