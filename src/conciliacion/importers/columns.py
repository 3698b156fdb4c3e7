"""The columns of each kind of tabular input, and dates as a person writes their format.

Fixed here, once, because the readers, the header recognition and the checks of the user's
``[[perfiles]]`` tables must agree on them.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from typing import Final

import attrs

__all__ = ["COLUMNS", "ColumnSet", "DateFormat", "InputKind"]


class InputKind(enum.StrEnum):
    """What an input file holds; the values are the ``entrada/`` folders and the TOML ``tipo``."""

    ACTIVITY = "actividad"
    SETTLEMENTS = "liquidaciones"
    FEE_SCHEDULES = "baremos"
    INVOICES = "facturas"


@attrs.frozen
class ColumnSet:
    """The columns of one kind of input: those the header must have and those it may have."""

    required: tuple[str, ...]
    optional: tuple[str, ...]

    @property
    def all(self) -> tuple[str, ...]:
        """Every column of the kind, required first."""
        return self.required + self.optional


COLUMNS: Final[Mapping[InputKind, ColumnSet]] = {
    InputKind.ACTIVITY: ColumnSet(
        required=("fecha", "paciente", "tarjeta", "aseguradora", "codigo_acto", "acto"),
        optional=("id", "autorizacion", "importe", "forma_pago"),
    ),
    InputKind.SETTLEMENTS: ColumnSet(
        required=(
            "liquidacion",
            "fecha_liquidacion",
            "aseguradora",
            "paciente",
            "tarjeta",
            "fecha_acto",
            "codigo_acto",
            "autorizacion",
            "importe",
        ),
        optional=("retencion", "concepto"),
    ),
    InputKind.FEE_SCHEDULES: ColumnSet(
        required=(
            "aseguradora",
            "codigo_acto",
            "acto",
            "importe",
            "desde",
            "requiere_autorizacion",
        ),
        optional=("hasta",),
    ),
    InputKind.INVOICES: ColumnSet(
        required=(
            "proveedor",
            "nif",
            "numero",
            "fecha",
            "vencimiento",
            "base",
            "iva",
            "retencion",
            "total",
        ),
        optional=("cuenta",),
    ),
}
"""Our column names per kind. A profile with a fixed insurer does not need ``aseguradora``."""

_DATE_TOKENS: Final = {"dd": r"(?P<d>\d{1,2})", "mm": r"(?P<m>\d{1,2})", "aaaa": r"(?P<y>\d{4})"}
_DATE_TOKEN = re.compile(r"aaaa|aa|dd|mm")
_DATE_SEPARATORS: Final = frozenset("/-. ")


@attrs.frozen
class DateFormat:
    """A date format written as a person writes it (``dd/mm/aaaa``), compiled to a strict pattern.

    ``dd`` and ``mm`` accept one or two digits (``5/3/2024``); ``aaaa`` four digits and ``aa`` two
    (years 2000 to 2099). Anything else in the text must match literally.

    Attributes:
        text: the format as written.
        pattern: the compiled pattern, with groups ``d``, ``m`` and ``y``.
        century: added to the year for ``aa`` (2000), zero for ``aaaa``.
    """

    text: str
    pattern: re.Pattern[str] = attrs.field(eq=False, repr=False)
    century: int = 0

    @classmethod
    def parse(cls, text: str) -> DateFormat:
        """Compile ``text``; a ``ValueError`` in Spanish if it is not a usable format.

        >>> DateFormat.parse("dd/mm/aaaa").pattern.fullmatch("05/03/2024")["y"]
        '2024'
        """
        parts: list[str] = []
        seen: list[str] = []
        position = 0
        century = 0
        for token in _DATE_TOKEN.finditer(text):
            literal = text[position : token.start()]
            if any(char not in _DATE_SEPARATORS for char in literal):
                msg = f"formato de fecha no válido: {text!r} (use dd, mm, aaaa o aa y / - . )"
                raise ValueError(msg)
            parts.append(re.escape(literal))
            name = token.group()
            century = 2000 if name == "aa" else century
            seen.append("aaaa" if name == "aa" else name)
            parts.append(r"(?P<y>\d{2})" if name == "aa" else _DATE_TOKENS[name])
            position = token.end()
        tail = text[position:]
        if any(char not in _DATE_SEPARATORS for char in tail) or sorted(seen) != [
            "aaaa",
            "dd",
            "mm",
        ]:
            msg = f"formato de fecha no válido: {text!r} (debe tener dd, mm y aaaa o aa, una vez)"
            raise ValueError(msg)
        parts.append(re.escape(tail))
        return cls(text=text, pattern=re.compile("".join(parts)), century=century)
