"""The weekly list's files: ``incidencias.csv`` (for scripts) and ``incidencias.xlsx`` (for people).

``incidencias.csv`` follows the project's CSV contract (RFC 4180, comma, dot decimals, UTF-8
without BOM), the columns of :data:`INCIDENT_COLUMNS` in that order, one row per item, most urgent
first. The ``id`` of an item is the same every week while the incident stays open, so this week's
file and last week's can be compared by it. The list is internal to the firm: ``paciente`` names
the patient of a private debt (to call them), ``concepto`` carries the bank's text of a movement;
both are empty for every other row, and neither ever reaches the client's report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Final

from conciliacion.files import atomic_write_bytes
from conciliacion.reports.incident_item import WeeklyItem
from conciliacion.reports.printing import ReportPrinter
from conciliacion.reports.review_files import Row, csv_bytes
from conciliacion.spreadsheet import Builder, start_xlsx

__all__ = ["INCIDENT_COLUMNS", "incident_rows", "start_incident_files", "write_incident_files"]

INCIDENT_COLUMNS: Final = (
    "id",
    "orden",
    "semana",
    "tipo",
    "asunto",
    "parte",
    "referencia",
    "fecha",
    "dias",
    "importe",
    "urgencia",
    "mensaje",
    "accion",
    "fichero",
    "linea",
    "paciente",
    "concepto",
)


def incident_rows(items: Sequence[WeeklyItem], week: str) -> list[Row]:
    """One row per item, in the order given (the ranking)."""
    rows: list[Row] = []
    for item in items:
        source = item.incident.source
        rows.append(
            (
                item.id,
                item.rank,
                week,
                str(item.kind),
                item.label,
                item.party,
                item.reference,
                item.since,
                item.age_days,
                item.amount,
                item.score,
                item.incident.message,
                item.action,
                source.file if source else "",
                source.line if source else None,
                item.patient,
                item.detail,
            )
        )
    return rows


def write_incident_files(
    out_dir: Path, items: Sequence[WeeklyItem], week: str, as_of: dt.date
) -> list[Path]:
    """Write ``incidencias.csv`` and ``incidencias.xlsx`` atomically; return their paths."""
    return start_incident_files(out_dir, items, week, as_of)()


def start_incident_files(
    out_dir: Path,
    items: Sequence[WeeklyItem],
    week: str,
    as_of: dt.date,
    builder: Builder | None = None,
) -> Callable[[], list[Path]]:
    """:func:`write_incident_files`, the workbook built by ``builder`` (a worker) when given.

    The CSV is written now; the returned call writes the workbook once built and gives both
    paths. Ten years of open items are tens of thousands of rows.
    """
    rows = incident_rows(items, week)
    csv_path, xlsx_path = out_dir / "incidencias.csv", out_dir / "incidencias.xlsx"
    atomic_write_bytes(csv_path, csv_bytes(INCIDENT_COLUMNS, rows))
    builder = builder or ReportPrinter(aside=False)
    pending = start_xlsx(
        "incidencias", INCIDENT_COLUMNS, rows, as_of, reuse=xlsx_path, builder=builder
    )

    def finish() -> list[Path]:
        atomic_write_bytes(xlsx_path, pending())
        return sorted([csv_path, xlsx_path])

    return finish
