"""The Libro Diario and the registers, as files and through ``conciliar libro``."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook

from conciliacion.cli_ledger import libro
from conciliacion.config import CONFIG_FILE
from conciliacion.ledger.check import load_ledger
from conciliacion.ledger.exports import diary_rows, register_rows
from conciliacion.ledger.sample import sample_books, source_files
from conciliacion.ledger.writer import MAIN_FILE, write_month

_AUTONOMO_TOML = """
[practica]
nombre = "Dra. Ejemplo"
nif = "B12345674"
forma = "autonomo"
retencion = "0.15"

[[cuentas]]
iban = "ES9121000418450200051332"
nombre = "CaixaBank"
"""


def _ledger(root: Path, form: str) -> Path:
    books = sample_books("2026-01", 60, form=form, seed=11)
    for name in source_files(books):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x", encoding="utf-8")
    write_month(root / "libro", books)
    return root / "libro" / MAIN_FILE


def test_diary_debits_equal_credits_per_entry(tmp_path):
    entries, _errors, _options = load_ledger(_ledger(tmp_path, "SL"))
    rows = diary_rows(entries)
    numbers = sorted({row[0] for row in rows})
    assert numbers == list(range(1, len(numbers) + 1))
    for number in numbers:
        mine = [row for row in rows if row[0] == number]
        assert sum(r[5] for r in mine) == sum(r[6] for r in mine)
    assert {row[2] for row in rows} >= {"572", "430", "705"}


def test_registers_carry_nif_and_withholding(tmp_path):
    entries, _errors, _options = load_ledger(_ledger(tmp_path, "autonomo"))
    income, expenses = register_rows(entries)
    assert any(row[2] == "A28011864" for row in income)
    receipts = [row for row in income if row[6]]
    assert receipts
    assert all(row[6] > 0 and row[2] for row in receipts)
    invoices = [row for row in expenses if row[4]]
    assert invoices
    assert all(row[2] == "A95758389" and row[6] > 0 for row in invoices)


def test_libro_command_checks_and_exports(tmp_path):
    _ledger(tmp_path, "autonomo")
    (tmp_path / CONFIG_FILE).write_text(_AUTONOMO_TOML, encoding="utf-8")
    result = CliRunner().invoke(libro, ["2026-01", "--practica", str(tmp_path)])
    assert result.exit_code == 0, result.output
    out = tmp_path / "salida" / "2026-01"
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "gastos-2026-01.csv",
        "gastos-2026-01.xlsx",
        "ingresos-2026-01.csv",
        "ingresos-2026-01.xlsx",
        "libro-diario-2026-01.csv",
        "libro-diario-2026-01.xlsx",
    ]
    with (out / "libro-diario-2026-01.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert rows[0] == ["asiento", "fecha", "codigo", "cuenta", "concepto", "debe", "haber"]
    sheet = load_workbook(out / "libro-diario-2026-01.xlsx").active
    assert sheet.max_row == len(rows)
    debit = sum(Decimal(r[5].replace(",", ".")) for r in rows[1:])
    credit = sum(Decimal(r[6].replace(",", ".")) for r in rows[1:])
    assert debit == credit


def test_libro_command_without_ledger_fails_in_one_line(tmp_path):
    result = CliRunner().invoke(libro, ["2026-01", "--practica", str(tmp_path)])
    assert result.exit_code != 0
    assert "aún no tiene libro" in str(result.exception)
