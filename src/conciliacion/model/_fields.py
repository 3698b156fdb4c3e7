"""Field helpers shared by the value types: money, dates, identities.

Kept in one place so that every value type refuses floats and datetimes the same way, and so that
identities are computed by one function whose output never changes between versions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from typing import Any

import attrs

from conciliacion.money import to_money

__all__ = ["money_field", "optional_money_field", "stable_id", "strict_date"]


def strict_date(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Refuse anything but a plain ``date``: a ``datetime`` would compare wrongly with dates."""
    if type(value) is not dt.date:
        msg = f"{attribute.name}: se esperaba una fecha (date), no {type(value).__name__}"
        raise TypeError(msg)


def _optional_strict_date(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        strict_date(instance, attribute, value)


optional_strict_date = _optional_strict_date


def money_field() -> Any:  # noqa: ANN401 - attrs fields are typed by the annotation on the class
    """An attrs field holding money; converts exactly, refuses floats."""
    return attrs.field(converter=to_money)


def _optional_money(value: object) -> Decimal | None:
    return None if value is None else to_money(value)


def optional_money_field() -> Any:  # noqa: ANN401 - see money_field
    """An attrs field holding money or ``None`` (unknown)."""
    return attrs.field(default=None, converter=_optional_money)


def stable_id(prefix: str, *parts: object) -> str:
    """A short identity that depends only on ``parts``, stable across runs and versions.

    The parts are joined with a separator that cannot occur in them unescaped, so that
    ``("ab", "c")`` and ``("a", "bc")`` differ.

    >>> stable_id("mov", "ES91", 3, "10.00")
    'mov-3b46b752bc63b5a2'
    """
    text = "\x1f".join(str(part).replace("\x1f", "\\x1f") for part in parts)
    return f"{prefix}-{hashlib.sha256(text.encode()).hexdigest()[:16]}"
