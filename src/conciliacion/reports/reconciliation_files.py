"""The bank reconciliation's files: ``conciliacion.csv`` (a contract) and ``conciliacion.xlsx``.

``conciliacion.csv`` is read by scripts: RFC 4180, comma-separated, dot decimals, UTF-8 without
BOM, one row per bank movement of the month in account, date, file and line order, the columns of
:data:`RECONCILIATION_COLUMNS` in that order. ``referencias`` joins the settled numbers with
``|``. The spreadsheet carries the same rows for people. Identical inputs give identical bytes:
the writers of the settlement review are reused, stamped with the period's last day.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Final

from conciliacion.files import atomic_write_bytes
from conciliacion.model import Movement, MovementResult, ReconciliationResult
from conciliacion.reports.review_files import Row, csv_bytes
from conciliacion.spreadsheet import xlsx_bytes

__all__ = ["RECONCILIATION_COLUMNS", "reconciliation_rows", "write_reconciliation_outputs"]

RECONCILIATION_COLUMNS: Final = (
    "movimiento_id",
    "cuenta_bancaria",
    "fichero",
    "linea",
    "fecha_operacion",
    "fecha_valor",
    "importe",
    "concepto",
    "estado",
    "tipo",
    "referencias",
    "contrapartida",
    "confianza",
    "motivo",
)


def _row(result: MovementResult, movement: Movement) -> Row:
    return (
        movement.id,
        movement.account,
        movement.source.file,
        movement.source.line,
        movement.booking_date,
        movement.value_date,
        movement.amount,
        movement.text,
        str(result.status),
        str(result.kind),
        "|".join(result.references),
        result.account,
        Decimal(f"{result.match.confidence:.2f}"),
        "; ".join(result.match.reasons),
    )


def reconciliation_rows(
    result: ReconciliationResult, movements_by_id: Mapping[str, Movement]
) -> list[Row]:
    """One row per movement, by account, booking date, file and line."""
    pairs = [(movements_by_id[r.movement], r) for r in result.results]
    pairs.sort(key=lambda p: (p[0].account, p[0].booking_date, p[0].source.file, p[0].source.line))
    return [_row(r, m) for m, r in pairs]


def write_reconciliation_outputs(
    out_dir: Path, result: ReconciliationResult, movements_by_id: Mapping[str, Movement]
) -> list[Path]:
    """Write ``conciliacion.csv`` and ``conciliacion.xlsx`` atomically; return their paths."""
    rows = reconciliation_rows(result, movements_by_id)
    files = {
        out_dir / "conciliacion.csv": csv_bytes(RECONCILIATION_COLUMNS, rows),
        out_dir / "conciliacion.xlsx": xlsx_bytes(
            "conciliacion",
            RECONCILIATION_COLUMNS,
            rows,
            result.last,
            reuse=out_dir / "conciliacion.xlsx",
        ),
    }
    for path, data in files.items():
        atomic_write_bytes(path, data)
    return sorted(files)
