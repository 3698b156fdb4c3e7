"""The protocol every bank statement importer follows, and what it returns.

One protocol for all formats, so that format detection, the pipeline and the beangulp adapter treat
a Norma 43 file and a bank's XLSX export alike. An importer is a configured object with no state
between calls: ``read`` is a pure function of the bytes it is given.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Protocol, runtime_checkable

import attrs

from conciliacion.model import Statement

__all__ = ["FormatWarning", "ImportResult", "StatementImporter"]


@attrs.frozen
class FormatWarning:
    """A known deviation from the format that was accepted, reported so a person can see it.

    Attributes:
        path: the file.
        line: 1-based line, or ``None`` for the whole file.
        code: a stable name of the leniency (``"lineas_recortadas"``), for filtering and tests.
        message: what was found and what was done about it, in Spanish.
    """

    path: str
    line: int | None
    code: str
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: aviso ({self.code}): {self.message}"


def _statement_tuple(statements: Iterable[Statement]) -> tuple[Statement, ...]:
    return tuple(statements)


def _warning_tuple(warnings: Iterable[FormatWarning]) -> tuple[FormatWarning, ...]:
    return tuple(warnings)


@attrs.frozen
class ImportResult:
    """The statements of one file and the warnings met while reading it."""

    statements: tuple[Statement, ...] = attrs.field(converter=_statement_tuple)
    warnings: tuple[FormatWarning, ...] = attrs.field(default=(), converter=_warning_tuple)


@runtime_checkable
class StatementImporter(Protocol):
    """A reader of one bank statement format.

    ``identify`` looks at the content (never only at the file name) and must be cheap: it is called
    for every file of ``entrada/banco/``. ``read`` raises :class:`~conciliacion.errors.FormatError`
    naming file, line and field for anything it cannot accept.
    """

    @property
    def name(self) -> str:
        """Short stable name of the format (``"norma43"``), used in messages and metadata."""
        ...

    def identify(self, path: Path, data: bytes) -> bool:
        """Whether ``data`` (the file's bytes) is in this importer's format."""
        ...

    def read(self, path: Path, data: bytes) -> ImportResult:
        """Parse ``data``; ``path`` is used only for provenance and messages."""
        ...
