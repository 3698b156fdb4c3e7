"""The settlement review's files: ``punteo.csv``/``.xlsx`` and one claim list per insurer.

``punteo.csv`` is a contract (scripts read it): RFC 4180, comma-separated, dot decimals, UTF-8
without BOM, the columns of :data:`PUNTEO_COLUMNS` in that order. The spreadsheets carry the same
rows for people, amounts as numbers. Identical inputs give byte-identical files: rows are sorted,
and the spreadsheets' timestamps come from the month, not from the clock.

Patient names appear only in the claim lists, which go to the insurer that needs them to find the
service; ``punteo.csv`` identifies services by id, file and line.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Final

from conciliacion._gc import collector_paused
from conciliacion.files import atomic_write_bytes
from conciliacion.model import LineReview, ReviewResult, Service, ServiceReview
from conciliacion.money import format_amount
from conciliacion.reports.printing import ReportPrinter
from conciliacion.spreadsheet import start_xlsx

__all__ = [
    "CLAIM_COLUMNS",
    "PUNTEO_COLUMNS",
    "claim_rows",
    "csv_bytes",
    "punteo_rows",
    "start_review_outputs",
    "write_review_outputs",
]

PUNTEO_COLUMNS: Final = (
    "servicio_id",
    "fichero",
    "linea",
    "fecha",
    "aseguradora",
    "codigo_acto",
    "autorizacion",
    "importe_esperado",
    "importe_pagado",
    "diferencia",
    "estado",
    "liquidacion",
    "motivo",
)
CLAIM_COLUMNS: Final = (
    "fecha",
    "tarjeta",
    "paciente",
    "codigo_acto",
    "autorizacion",
    "importe_esperado",
    "importe_pagado",
    "importe_reclamado",
    "motivo",
    "liquidacion",
)
_AMOUNT_COLUMNS: Final = frozenset(
    {"importe_esperado", "importe_pagado", "diferencia", "importe_reclamado"}
)
_UNSAFE = re.compile(r"[^a-z0-9_-]+")

Cell = str | int | Decimal | dt.date | None
Row = tuple[Cell, ...]


def _service_row(review: ServiceReview, service: Service) -> Row:
    return (
        service.reference or service.id,
        service.source.file,
        service.source.line,
        service.date,
        service.insurer,
        service.act_code,
        service.authorisation,
        review.expected,
        review.paid,
        review.difference,
        str(review.status),
        ";".join(review.settlements),
        "; ".join(review.reasons),
    )


def _line_row(review: LineReview) -> Row:
    return (
        "",
        review.source.file,
        review.source.line,
        review.act_date,
        review.insurer,
        review.act_code,
        review.authorisation,
        None,
        review.amount,
        None,
        str(review.status),
        review.settlement,
        "; ".join(review.reasons),
    )


def punteo_rows(result: ReviewResult, services_by_id: Mapping[str, Service]) -> list[Row]:
    """One row per service, then one per settlement line that pays none, in a fixed order.

    A row per service of every year, kept for the CSV and the workbook: built without the
    cyclic collector's passes over them (see :mod:`conciliacion._gc`).
    """
    with collector_paused(keep=True):
        return _punteo_rows(result, services_by_id)


def _punteo_rows(result: ReviewResult, services_by_id: Mapping[str, Service]) -> list[Row]:
    services = sorted(
        (_service_row(review, services_by_id[review.service_id]) for review in result.services),
        key=lambda row: (row[3], row[4], row[1], row[2], row[0]),
    )
    lines = sorted(
        (_line_row(review) for review in result.lines),
        key=lambda row: (row[4], row[11], row[1], row[2]),
    )
    return services + lines


def claim_rows(result: ReviewResult, services_by_id: Mapping[str, Service]) -> dict[str, list[Row]]:
    """The claim list of each insurer that has something to claim, rows by date."""
    claims: dict[str, list[tuple[tuple[object, ...], Row]]] = defaultdict(list)
    for review in result.services:
        if not review.claimable:
            continue
        service = services_by_id[review.service_id]
        row = (
            service.date,
            service.card,
            service.patient,
            service.act_code,
            service.authorisation,
            review.expected,
            review.paid,
            review.claimed,
            review.claim_reason,
            ";".join(review.settlements),
        )
        claims[service.insurer].append(
            ((service.date, service.source.file, service.source.line, service.id), row)
        )
    return {
        insurer: [row for _, row in sorted(rows, key=lambda item: item[0])]
        for insurer, rows in sorted(claims.items())
    }


_CONVERTED: Final = (Decimal, dt.datetime)
"""The cells whose text is not what ``str`` gives: amounts (two places), date-times (ISO)."""


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format_amount(value, ".")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def csv_bytes(columns: Sequence[str], rows: Sequence[Row]) -> bytes:
    """RFC 4180: comma-separated, CRLF line ends, quotes only where needed; UTF-8 without BOM.

    The csv module writes ``None`` as an empty field and any other value as ``str`` gives it,
    which for texts, whole numbers and dates is what :func:`_text` gives: only amounts and
    date-times are converted here. The punteo of ten years has 240,000 rows of 16 cells, and a
    call per cell took seconds of the month's run. Its amounts repeat (a fee schedule's prices):
    each one's text is made once, and found again by its exact digits.
    """
    texts: dict[str, str] = {}

    def text(value: Cell) -> str:
        key = str(value)
        found = texts.get(key)
        if found is None:
            found = texts[key] = _text(value)
        return found

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    with collector_paused():  # a short-lived list per row, no cycle: see conciliacion._gc
        writer.writerows(
            [text(value) if isinstance(value, _CONVERTED) else value for value in row]
            for row in rows
        )
    return buffer.getvalue().encode("utf-8")


def write_review_outputs(
    out_dir: Path, result: ReviewResult, services_by_id: Mapping[str, Service]
) -> list[Path]:
    """Write punteo.csv, punteo.xlsx and reclamaciones/<aseguradora>.csv/.xlsx, atomically.

    Returns the paths written, sorted. Only insurers with something to claim get a claim list.
    """
    return start_review_outputs(out_dir, result, services_by_id)()


def start_review_outputs(
    out_dir: Path,
    result: ReviewResult,
    services_by_id: Mapping[str, Service],
    printer: ReportPrinter | None = None,
) -> Callable[[], list[Path]]:
    """:func:`write_review_outputs`, the workbooks built by ``printer`` (see ``start_xlsx``).

    The CSVs are written now; the returned call writes the workbooks once built (the rest of the
    month is written meanwhile: a large punteo's by the worker, small ones here while this
    process waits for the report) and gives every path written, sorted.
    """
    rows = punteo_rows(result, services_by_id)
    # The punteo's workbook first: a large one goes to the worker at once (the longest piece).
    workbook = out_dir / "punteo.xlsx"
    builder = printer or ReportPrinter(aside=False)
    pending = start_xlsx(
        "punteo", PUNTEO_COLUMNS, rows, result.as_of, reuse=workbook, builder=builder
    )
    files = {out_dir / "punteo.csv": csv_bytes(PUNTEO_COLUMNS, rows)}
    books = {workbook: pending}
    for insurer, claims in claim_rows(result, services_by_id).items():
        stem = out_dir / "reclamaciones" / (_UNSAFE.sub("_", insurer.lower()) or "_")
        files[stem.with_suffix(".csv")] = csv_bytes(CLAIM_COLUMNS, claims)
        books[stem.with_suffix(".xlsx")] = start_xlsx(
            "reclamaciones", CLAIM_COLUMNS, claims, result.as_of,
            reuse=stem.with_suffix(".xlsx"), builder=builder,
        )  # fmt: skip
    for path, data in files.items():
        atomic_write_bytes(path, data)

    def finish() -> list[Path]:
        for path, book in books.items():
            atomic_write_bytes(path, book())
        return sorted([*files, *books])

    return finish
