"""The Norma 43 importer behind the common statement importer protocol."""

from __future__ import annotations

from pathlib import Path

from conciliacion.importers.base import ImportResult
from conciliacion.importers.norma43.reader import read_norma43

__all__ = ["Norma43Importer"]

_BOM = b"\xef\xbb\xbf"
_HEADER_DIGITS = slice(2, 32)
"""Bank, branch, account and both dates of a record 11: always digits."""
_MIN_HEADER = 32


class Norma43Importer:
    """Reads AEB/CSB Norma 43 (Cuaderno 43) bank statements.

    Attributes:
        strict: see :func:`read_norma43`.
    """

    name = "norma43"

    def __init__(self, *, strict: bool = True) -> None:
        self.strict = strict

    def identify(self, path: Path, data: bytes) -> bool:  # noqa: ARG002 - by content, not by name
        r"""A first record 11 whose account and dates are digits, followed by a 22, 33 or end.

        >>> Norma43Importer().identify(Path("x.txt"), b"11" + b"0" * 30 + b"2" + b"\r\n33")
        True
        >>> Norma43Importer().identify(Path("x.n43"), b"OFXHEADER:100")
        False
        """
        head = data[:400].removeprefix(_BOM)
        first, _, rest = head.partition(b"\n")
        first = first.rstrip(b"\r")
        if not first.startswith(b"11") or not _MIN_HEADER <= len(first) <= 80:  # noqa: PLR2004 - record length
            return False
        fields = first[_HEADER_DIGITS]
        if not (fields.isascii() and fields.isdigit()):
            return False
        return rest[:2] in {b"22", b"33", b""}

    def read(self, path: Path, data: bytes) -> ImportResult:
        """See :func:`read_norma43`."""
        return read_norma43(path, data, strict=self.strict)
