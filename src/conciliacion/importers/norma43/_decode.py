"""From a file's bytes to records: encoding, line ends and the bytes a bank adds at the end.

Detection is done on the bytes once, before any record is read, so that the reader can decode one
line at a time without holding a second copy of the file as text.
"""

from __future__ import annotations

import re
from pathlib import Path

import attrs

from conciliacion.errors import FormatError
from conciliacion.importers.base import FormatWarning
from conciliacion.importers.norma43.leniency import Leniency, warning

__all__ = ["Prepared", "prepare"]

_BOM = b"\xef\xbb\xbf"
_CTRL_Z = b"\x1a"
_NON_ASCII = re.compile(rb"[\x80-\xff]+")
_LATIN1_SPANISH = frozenset(
    b"\xe1\xe9\xed\xf3\xfa\xf1\xd1\xc1\xc9\xcd\xd3\xda\xfc\xdc\xba\xaa\xe7\xc7"
)
_CP850_SPANISH = frozenset(b"\xa0\x82\xa1\xa2\xa3\xa4\xa5\x81\x9a\x90\xb5\xd6\xa6\xa7\x87\x80")


@attrs.frozen
class Prepared:
    """The records' bytes and how to decode them.

    Attributes:
        body: the bytes from the first record to the end of the last, line ends included.
        encoding: a Python codec name.
        warnings: the deviations met on the way.
        crlf: whether every line ends in CRLF (else some or all end in LF alone), so that the
            reader can split decoded text on one separator without looking at each line's end.
    """

    body: bytes
    encoding: str
    warnings: tuple[FormatWarning, ...]
    crlf: bool = True


def _encoding(path: Path, body: bytes) -> tuple[str, list[FormatWarning]]:
    """Latin-1 or cp850 by their Spanish letters, UTF-8 when every non-ASCII run is valid UTF-8.

    A latin-1 or cp850 file is almost never valid UTF-8 (accented letters stand alone between
    ASCII), so valid UTF-8 with at least one non-ASCII letter is taken as UTF-8.
    """
    if body.isascii():
        return "latin-1", []
    runs = _NON_ASCII.findall(body)
    try:
        for run in runs:
            run.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        line = body.count(b"\n", 0, body.find(runs[0])) + 1
        return "utf-8", [warning(path, line, Leniency.UTF8_TEXT, "se lee como UTF-8")]
    latin1 = cp850 = 0
    for run in runs:
        latin1 += sum(1 for byte in run if byte in _LATIN1_SPANISH)
        cp850 += sum(1 for byte in run if byte in _CP850_SPANISH)
    return ("cp850" if cp850 > latin1 else "latin-1"), []


def _strip_end(path: Path, body: bytes, warnings: list[FormatWarning]) -> bytes:
    """Drop a final Ctrl-Z and blank lines; note a missing final newline."""
    stripped = body.rstrip(b"\r\n")
    if stripped.endswith(_CTRL_Z):
        body = stripped.rstrip(_CTRL_Z)
        warnings.append(warning(path, None, Leniency.FINAL_CTRL_Z, ""))
        stripped = body.rstrip(b"\r\n")
    tail = body[len(stripped) :]
    newlines = tail.count(b"\n") + (tail.count(b"\r") if b"\n" not in tail else 0)
    if newlines > 1:
        body = stripped + (b"\r\n" if tail.startswith(b"\r\n") else b"\n")
        warnings.append(
            warning(path, None, Leniency.TRAILING_BLANK_LINES, f"{newlines - 1} líneas vacías")
        )
    elif newlines == 0 and body:
        warnings.append(warning(path, None, Leniency.NO_FINAL_NEWLINE, ""))
    return body


def prepare(path: Path, data: bytes) -> Prepared:
    """Check line ends and pick the encoding; raise if the bytes cannot be records at all."""
    warnings: list[FormatWarning] = []
    body = data
    if body.startswith(_BOM):
        body = body[len(_BOM) :]
        warnings.append(warning(path, 1, Leniency.UTF8_BOM, ""))
    body = _strip_end(path, body, warnings)
    if not body.strip():
        raise FormatError(path, None, None, "el fichero está vacío: se esperaba un registro 11")
    lf = body.count(b"\n")
    crlf = body.count(b"\r\n")
    if body.count(b"\r") != crlf:
        index = body.find(b"\r")
        while body[index + 1 : index + 2] == b"\n":
            index = body.find(b"\r", index + 1)
        line = body.count(b"\n", 0, index) + 1
        raise FormatError(
            path,
            line,
            None,
            "retorno de carro (CR) suelto: se esperaba CRLF o LF como fin de línea",
        )
    if lf > crlf:
        first = body.find(b"\n")
        while body[first - 1 : first] == b"\r":
            first = body.find(b"\n", first + 1)
        line = body.count(b"\n", 0, first) + 1
        detail = f"{lf - crlf} de {lf} líneas"
        warnings.append(warning(path, line, Leniency.LF_LINE_ENDS, detail))
    if data.startswith(_BOM):
        encoding = "utf-8"
    else:
        encoding, found = _encoding(path, body)
        warnings.extend(found)
    return Prepared(body=body, encoding=encoding, warnings=tuple(warnings), crlf=lf == crlf)
