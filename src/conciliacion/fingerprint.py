"""The same bytes for equal values, in every process: the key of a kept result.

``repr`` and ``pickle`` are not enough: the order of a ``frozenset`` changes from one process to
the next (string hashing is salted), and a pickle depends on which equal strings happen to be the
same object. :func:`canonical` walks a value of the model (attrs classes, tuples, mappings, sets,
text, numbers, dates, enumerations, regular expressions) and encodes it the same way whatever its
history; anything else raises :class:`FingerprintError`, and the caller then does the work
instead of keeping it.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Mapping
from decimal import Decimal
from pathlib import PurePath

import attrs

__all__ = ["FingerprintError", "canonical"]

_SCALARS = (str, int, float, Decimal, dt.date, PurePath, type(None))


class FingerprintError(TypeError):
    """A value :func:`canonical` cannot encode faithfully."""


def canonical(value: object) -> bytes:
    """``value`` encoded so that equal values give equal bytes and different ones differ."""
    parts: list[bytes] = []
    _encode(value, parts)
    return b"".join(parts)


def _encode(value: object, out: list[bytes]) -> None:
    if isinstance(value, enum.Enum):
        out.append(f"E{type(value).__qualname__}.{value.name};".encode())
    elif isinstance(value, _SCALARS):  # bool is an int whose type name tells it apart
        text = repr(value)
        out.append(f"{type(value).__name__}{len(text)}:{text}".encode())
    elif isinstance(value, re.Pattern):
        _encode(("re", value.pattern, value.flags), out)
    elif attrs.has(kind := type(value)):
        out.append(f"A{kind.__qualname__}(".encode())
        for field in attrs.fields(kind):
            if field.eq:
                _encode(getattr(value, field.name), out)
        out.append(b")")
    else:
        _encode_collection(value, out)


def _encode_collection(value: object, out: list[bytes]) -> None:
    if isinstance(value, (tuple, list)):
        out.append(b"[")
        for item in value:
            _encode(item, out)
        out.append(b"]")
    elif isinstance(value, (set, frozenset)):
        out.append(b"{" + b"".join(sorted(canonical(item) for item in value)) + b"}")
    elif isinstance(value, Mapping):
        items = sorted(canonical(key) + canonical(item) for key, item in value.items())
        out.append(b"<" + b"".join(items) + b">")
    else:
        msg = f"no se puede calcular la huella de un valor de tipo {type(value).__name__}"
        raise FingerprintError(msg)
