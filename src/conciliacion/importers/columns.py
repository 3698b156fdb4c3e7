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

_DATE_GROUPS: Final = {"dd": "d", "mm": "m", "aaaa": "y", "aa": "y"}
_DATE_TOKEN = re.compile(r"aaaa|aa|dd|mm")
_DATE_SEPARATORS: Final = frozenset("/-. ")


@attrs.frozen
class DateFormat:
    """A date format written as a person writes it (``dd/mm/aaaa``), compiled to a strict pattern.

    ``dd`` and ``mm`` accept one or two digits (``5/3/2024``) where separators delimit them, and
    exactly two in a run of digits (``aaaammdd``); ``aaaa`` is four digits and ``aa`` two (years
    2000 to 2099). The separators ``/ - .`` and space must match literally.

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
        tokens = list(_DATE_TOKEN.finditer(text))
        literals = [
            text[start:end]
            for start, end in zip(
                [0, *(t.end() for t in tokens)],
                [*(t.start() for t in tokens), len(text)],
                strict=True,
            )
        ]
        groups = sorted(_DATE_GROUPS[token.group()] for token in tokens)
        if groups != ["d", "m", "y"] or any(set(lit) - _DATE_SEPARATORS for lit in literals):
            msg = (
                f"formato de fecha no válido: {text!r} (debe tener dd, mm y aaaa o aa una vez, "
                "separados o no por / - . o espacio)"
            )
            raise ValueError(msg)
        parts = [re.escape(literals[0])]
        for index, token in enumerate(tokens):
            name = token.group()
            last = index == len(tokens) - 1
            delimited = (index == 0 or bool(literals[index])) and (
                last or bool(literals[index + 1])
            )
            digits = {"aaaa": "4", "aa": "2"}.get(name, "1,2" if delimited else "2")
            parts.append(rf"(?P<{_DATE_GROUPS[name]}>\d{{{digits}}})")
            parts.append(re.escape(literals[index + 1]))
        century = 2000 if any(token.group() == "aa" for token in tokens) else 0
        return cls(text=text, pattern=re.compile("".join(parts)), century=century)
