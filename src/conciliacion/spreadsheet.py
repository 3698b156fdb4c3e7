"""XLSX for people: one sheet, a frozen header, amounts and dates as real numbers and dates.

XlsxWriter streams the sheet's XML as it goes, three to four times faster than building an
openpyxl workbook in memory, which matters for a punteo of ten years of services. Amounts go in as
the binary number Excel stores anyway; a two-decimal amount comes back as the same decimal
(below 2**53 cents), and the ``#,##0.00`` format shows it as such. Text is always written as
text, so a cell that starts with ``=`` is never a formula. The file's dates are ``when``, not the
clock, so the same rows give the same bytes.

Writing a large sheet still takes a while (ten years of punteo, 240,000 rows, most of a minute),
and a month's run usually rewrites sheets whose rows did not change (a decision taken, a bank
file added: the punteo is the same). Each workbook carries a fingerprint of its rows, title,
date and of this module's code as a custom document property; given the path of the sheet
already written, an unchanged workbook is kept as it is, byte for byte.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import zipfile
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Final, ParamSpec, Protocol, TypeVar

import xlsxwriter  # type: ignore[import-untyped]

from conciliacion._gc import collector_paused

__all__ = ["Builder", "build_workbook", "start_xlsx", "xlsx_bytes"]

Cell = str | int | Decimal | dt.date | None
P = ParamSpec("P")
T = TypeVar("T")


class Builder(Protocol):
    """Who builds a workbook: a worker process, or this one (a ``ReportPrinter``)."""

    def build(
        self, function: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs
    ) -> Callable[[], T]:
        """Run ``function`` in a worker if there is one; the call returned gives its result."""
        ...

    def later(
        self, function: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs
    ) -> Callable[[], T]:
        """Run ``function`` here once nothing more urgent is left; the call gives its result."""
        ...


_MONEY = "#,##0.00"
_DATE = "DD/MM/YYYY"
_MAX_WIDTH = 60
_FINGERPRINT = "conciliacion-huella"


@functools.cache
def _code_digest() -> bytes:
    """This module's source, hashed once per process (a run writes a dozen workbooks)."""
    return hashlib.sha256(Path(__file__).read_bytes()).digest()


def _fingerprint(
    title: str, columns: Sequence[str], rows: Sequence[Sequence[Cell]], when: dt.date
) -> str:
    digest = hashlib.sha256(_code_digest())
    digest.update(repr((title, tuple(columns), when)).encode())
    digest.update(repr(rows).encode())
    return digest.hexdigest()


def _kept(path: Path, fingerprint: str) -> bytes | None:
    """The workbook at ``path`` if it carries ``fingerprint``; ``None`` otherwise."""
    try:
        content = path.read_bytes()
        with zipfile.ZipFile(io.BytesIO(content)) as book:
            properties = book.read("docProps/custom.xml")
    except (OSError, KeyError, zipfile.BadZipFile):
        return None
    return content if fingerprint.encode() in properties else None


def xlsx_bytes(
    title: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    when: dt.date,
    *,
    reuse: Path | None = None,
) -> bytes:
    """A one-sheet workbook named ``title`` with ``columns`` as its header row.

    With ``reuse``, the path the workbook is going to, a workbook already there with the same
    fingerprint is returned instead of a new one (the same bytes a new one would have).
    """
    if reuse is None:
        return build_workbook(title, columns, rows, when, None)
    rows = rows if isinstance(rows, list) else list(rows)
    fingerprint, kept = _fingerprint_and_kept(title, columns, rows, when, reuse)
    return kept if kept is not None else build_workbook(title, columns, rows, when, fingerprint)


def _fingerprint_and_kept(
    title: str, columns: Sequence[str], rows: Sequence[Sequence[Cell]], when: dt.date, reuse: Path
) -> tuple[str, bytes | None]:
    """The sheet's fingerprint, and the workbook at ``reuse`` when it carries that fingerprint."""
    fingerprint = _fingerprint(title, columns, rows, when)
    return fingerprint, _kept(reuse, fingerprint)


_WORTH_A_WORKER: Final = 100_000
"""Cells from which a sheet goes to a worker: about what this process writes in the second the
worker takes to print a typical report. A smaller sheet is built here ``later``, while this
process waits for that report: sent first, it would hold the report back by its time."""


def start_xlsx(  # noqa: PLR0913 - xlsx_bytes' arguments, and who builds
    title: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    when: dt.date,
    *,
    reuse: Path | None,
    builder: Builder,
) -> Callable[[], bytes]:
    """:func:`xlsx_bytes`, built (when the workbook at ``reuse`` will not do) by ``builder``.

    A worker process can build a sheet of hundreds of thousands of rows while the caller writes
    the rest; a small sheet waits until the caller has nothing more urgent to do. Without
    ``reuse``, as in :func:`xlsx_bytes`, the workbook carries no fingerprint.
    """
    fingerprint: str | None = None
    kept: bytes | None = None
    if reuse is not None:
        fingerprint, kept = _fingerprint_and_kept(title, columns, rows, when, reuse)
    if kept is not None:
        return lambda: kept
    start = builder.build if len(rows) * len(columns) >= _WORTH_A_WORKER else builder.later
    return start(build_workbook, title, columns, rows, when, fingerprint)


def build_workbook(
    title: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    when: dt.date,
    fingerprint: str | None,
) -> bytes:
    """The workbook's bytes, with ``fingerprint`` as its custom property when given."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    stamp = dt.datetime.combine(when, dt.time())
    book.set_properties({"created": stamp})
    if fingerprint is not None:
        book.set_custom_property(_FINGERPRINT, fingerprint)
    bold = book.add_format({"bold": True})
    formats = (book.add_format({"num_format": _MONEY}), book.add_format({"num_format": _DATE}))
    sheet = book.add_worksheet(title[:31])
    widths = [len(column) for column in columns]
    for index, column in enumerate(columns):
        sheet.write_string(0, index, column, bold)
    # XlsxWriter keeps a small tuple per cell until the workbook is closed: millions for a
    # large punteo, which the cyclic collector would walk again and again while they pile up
    # (a sixth of the building time, measured). They hold no cycle.
    with collector_paused():
        _write_rows(sheet, rows, widths, *formats)
    for index, width in enumerate(widths):
        sheet.set_column(index, index, min(width + 2, _MAX_WIDTH))
    sheet.freeze_panes(1, 0)
    book.close()
    return buffer.getvalue()


def _write_rows(
    sheet: Any,  # noqa: ANN401 - XlsxWriter is untyped
    rows: Iterable[Sequence[Cell]],
    widths: list[int],
    money: object,
    date: object,
) -> None:
    """The rows under the header, each cell as its type; ``widths`` grow with the texts."""
    for number, row in enumerate(rows, start=1):
        for index, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, Decimal):
                sheet.write_number(number, index, float(value), money)
            elif isinstance(value, dt.date):
                sheet.write_datetime(number, index, dt.datetime.combine(value, dt.time()), date)
            elif isinstance(value, int):
                sheet.write_number(number, index, value)
            else:
                sheet.write_string(number, index, value)
                widths[index] = max(widths[index], len(value))
