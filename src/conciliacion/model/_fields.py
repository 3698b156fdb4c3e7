"""Field helpers shared by the value types: optional money, dates, identities.

Kept in one place so that every value type refuses floats and datetimes the same way, and so that
identities are computed by one function whose output never changes between versions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import attrs

from conciliacion.money import to_money

__all__ = ["optional_money", "optional_strict_date", "stable_id", "strict_date", "text_tuple"]


def strict_date(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Refuse anything but a plain ``date``: a ``datetime`` would compare wrongly with dates."""
    if type(value) is not dt.date:
        msg = f"{attribute.name}: se esperaba una fecha (date), no {type(value).__name__}"
        raise TypeError(msg)


def optional_strict_date(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """:func:`strict_date`, or ``None`` for a date that is unknown or open."""
    if value is not None:
        strict_date(instance, attribute, value)


def optional_money(value: object) -> Decimal | None:
    """Converter for money that may be unknown (``None``); see ``money.to_money``."""
    return None if value is None else to_money(value)


def stable_id(prefix: str, *parts: object) -> str:
    """A short identity that depends only on ``parts``, stable across runs and versions.

    The parts are joined with a separator that cannot occur in them unescaped, so that
    ``("ab", "c")`` and ``("a", "bc")`` differ.

    >>> stable_id("mov", "ES91", 3, "10.00")
    'mov-3b46b752bc63b5a2'
    """
    texts = [str(part) for part in parts]
    text = "\x1f".join(texts)
    if text.count("\x1f") >= len(texts):
        # A part holds the separator (never, in practice): escape it, part by part.
        text = "\x1f".join(part.replace("\x1f", "\\x1f") for part in texts)
    return f"{prefix}-{hashlib.sha256(text.encode()).hexdigest()[:16]}"


def text_tuple(texts: Iterable[str]) -> tuple[str, ...]:
    """Converter that freezes texts (concepts, ids, reasons) into a tuple.

    Each value type has converters typed for its own parts: mypy's attrs plugin cannot bind a
    generic converter's type variable.
    """
    return tuple(texts)
