"""XLSX outputs: an unchanged workbook is kept byte for byte, a changed one written anew."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from conciliacion import spreadsheet
from conciliacion.spreadsheet import xlsx_bytes

WHEN = dt.date(2026, 10, 31)
COLUMNS = ["fecha", "importe", "texto"]
ROWS = [[dt.date(2026, 10, 1), Decimal("12.30"), "uno"], [dt.date(2026, 10, 2), None, "=dos"]]


def _written(path: Path, rows) -> bytes:
    content = xlsx_bytes("hoja", COLUMNS, rows, WHEN, reuse=path)
    path.write_bytes(content)
    return content


def test_an_unchanged_workbook_is_kept_without_being_built(tmp_path: Path, monkeypatch):
    path = tmp_path / "punteo.xlsx"
    first = _written(path, ROWS)

    def refuse(*_args):
        msg = "no debería construirse de nuevo"
        raise AssertionError(msg)

    monkeypatch.setattr(spreadsheet, "build_workbook", refuse)
    assert xlsx_bytes("hoja", COLUMNS, iter(ROWS), WHEN, reuse=path) == first


def test_a_workbook_is_the_same_bytes_whether_kept_or_built_anew(tmp_path: Path):
    kept = tmp_path / "a.xlsx"
    _written(kept, ROWS)
    assert _written(kept, ROWS) == xlsx_bytes("hoja", COLUMNS, ROWS, WHEN, reuse=tmp_path / "b")


@pytest.mark.parametrize(
    "change",
    [
        lambda rows: [*rows, [WHEN, Decimal("0.01"), "tres"]],
        lambda rows: [[rows[0][0], Decimal("12.31"), rows[0][2]], rows[1]],
        lambda rows: [rows[1], rows[0]],
    ],
)
def test_a_changed_row_writes_the_workbook_anew(tmp_path: Path, change):
    path = tmp_path / "punteo.xlsx"
    _written(path, ROWS)
    rows = change(ROWS)
    _written(path, rows)
    sheet = openpyxl.load_workbook(path).worksheets[0]
    assert sheet.max_row == len(rows) + 1
    assert [cell.value for cell in sheet[2]][2] == rows[0][2]


def test_a_damaged_or_foreign_file_is_replaced(tmp_path: Path):
    path = tmp_path / "punteo.xlsx"
    path.write_bytes(b"PK\x03\x04 no es un libro")
    assert xlsx_bytes("hoja", COLUMNS, ROWS, WHEN, reuse=path) != path.read_bytes()
    path.write_bytes(xlsx_bytes("hoja", COLUMNS, ROWS, WHEN))  # no fingerprint
    assert xlsx_bytes("hoja", COLUMNS, ROWS, WHEN, reuse=path) != path.read_bytes()
