"""The Libro Diario and the self-employed physician's registers, as CSV and XLSX.

They are read from the loaded ledger, not from the bookings, so that entries a person added by
hand to ``main.beancount`` are in them too. The CSV is what a Spanish spreadsheet opens as is:
semicolons and a decimal comma, UTF-8 with a byte order mark.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from beancount.core import data
from openpyxl import Workbook

from conciliacion.errors import ConciliacionError
from conciliacion.files import atomic_write_bytes
from conciliacion.ledger.accounts import ROOTS, pgc_code
from conciliacion.money import ZERO, format_amount

__all__ = [
    "DIARY_HEADER",
    "EXPENSE_HEADER",
    "INCOME_HEADER",
    "diary_rows",
    "register_rows",
    "write_table",
]

DIARY_HEADER = ("asiento", "fecha", "codigo", "cuenta", "concepto", "debe", "haber")
INCOME_HEADER = ("asiento", "fecha", "nif", "cliente", "concepto", "ingreso", "retencion")
EXPENSE_HEADER = (
    "asiento",
    "fecha",
    "nif",
    "proveedor",
    "factura",
    "concepto",
    "gasto",
    "retencion",
)

Row = tuple[Any, ...]


def _transactions(
    entries: Iterable[data.Directive], start: dt.date | None, end: dt.date | None
) -> list[data.Transaction]:
    return [
        entry
        for entry in entries
        if isinstance(entry, data.Transaction)
        and (start is None or entry.date >= start)
        and (end is None or entry.date < end)
    ]


def _number(posting: data.Posting) -> Decimal:
    """A posting's amount; the ledger's postings always carry one once loaded."""
    if posting.units is None or posting.units.number is None:
        msg = f"apunte sin importe en la cuenta {posting.account}"
        raise ConciliacionError(msg)
    return posting.units.number


def _concept(entry: data.Transaction) -> str:
    return " - ".join(part for part in (entry.payee, entry.narration) if part)


def diary_rows(
    entries: Iterable[data.Directive], start: dt.date | None = None, end: dt.date | None = None
) -> list[Row]:
    """One row per posting, entries numbered from 1 in date order, debit and credit apart.

    ``start`` is included and ``end`` excluded, as in Fava's time filter.
    """
    rows: list[Row] = []
    for number, entry in enumerate(_transactions(entries, start, end), start=1):
        for posting in entry.postings:
            amount = _number(posting)
            debit, credit = (amount, ZERO) if amount >= 0 else (ZERO, -amount)
            code = pgc_code(posting.account)
            rows.append((number, entry.date, code, posting.account, _concept(entry), debit, credit))
    return rows


def _sum(entry: data.Transaction, prefix: str) -> Decimal:
    return sum((_number(p) for p in entry.postings if p.account.startswith(prefix)), start=ZERO)


def register_rows(
    entries: Iterable[data.Directive], start: dt.date | None = None, end: dt.date | None = None
) -> tuple[list[Row], list[Row]]:
    """The income and expense registers (libros registro) of a self-employed physician.

    Income: each entry that moves an ``Ingresos`` account (the month's services, at gross) or the
    withholding receivable (473: what the insurer withheld on a settlement it paid).
    Expenses: each entry that moves a ``Gastos`` account, with the IRPF the practice withheld
    (4751). The other party's NIF comes from the entry's ``nif`` metadata.
    """
    income: list[Row] = []
    expenses: list[Row] = []
    withheld = f"{ROOTS['name_assets']}:473-"
    owed = f"{ROOTS['name_liabilities']}:4751-"
    for number, entry in enumerate(_transactions(entries, start, end), start=1):
        nif = str(entry.meta.get("nif", ""))
        earned = -_sum(entry, ROOTS["name_income"] + ":")
        withholding = _sum(entry, withheld)
        if earned or withholding:
            income.append(
                (number, entry.date, nif, entry.payee or "", entry.narration, earned, withholding)
            )
        spent = _sum(entry, ROOTS["name_expenses"] + ":")
        if spent:
            invoice = str(entry.meta.get("factura", ""))
            expenses.append(
                (
                    number,
                    entry.date,
                    nif,
                    entry.payee or "",
                    invoice,
                    entry.narration,
                    spent,
                    -_sum(entry, owed),
                )
            )
    return income, expenses


def _csv_bytes(header: Sequence[str], rows: Iterable[Row]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(
            [
                format_amount(v)
                if isinstance(v, Decimal)
                else v.isoformat()
                if isinstance(v, dt.date)
                else v
                for v in row
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx_bytes(title: str, header: Sequence[str], rows: Iterable[Row]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    for cells in sheet.iter_cols(min_row=2):
        for cell in cells:
            if isinstance(cell.value, Decimal):
                cell.number_format = "#,##0.00"
            elif isinstance(cell.value, dt.date):
                cell.number_format = "dd/mm/yyyy"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_table(stem: Path, title: str, header: Sequence[str], rows: Sequence[Row]) -> list[Path]:
    """Write ``stem.csv`` and ``stem.xlsx`` atomically; return both paths."""
    csv_path, xlsx_path = stem.with_suffix(".csv"), stem.with_suffix(".xlsx")
    atomic_write_bytes(csv_path, _csv_bytes(header, rows))
    atomic_write_bytes(xlsx_path, _xlsx_bytes(title, header, rows))
    return [csv_path, xlsx_path]
