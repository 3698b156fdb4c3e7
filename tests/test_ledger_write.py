"""The monthly ledger: written, checked, rewritten byte for byte, and refused when it cannot be."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from beancount.core import data

from conciliacion.errors import ConciliacionError
from conciliacion.ledger import writer
from conciliacion.ledger.bookings import CardBatch, MonthBooks, RuleBooking
from conciliacion.ledger.check import ledger_errors, load_ledger
from conciliacion.ledger.entries import month_entries
from conciliacion.ledger.sample import PATIENTS, sample_books, source_files
from conciliacion.ledger.writer import ACCOUNTS_FILE, MAIN_FILE, write_month
from conciliacion.model import MatchKind


def _write(root: Path, books: MonthBooks) -> Path:
    for name in source_files(books):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    return write_month(root / "libro", books)


def _two_months(root: Path, form: str) -> list[Path]:
    january = sample_books("2026-01", 90, form=form, seed=1)
    closing = str(january.statements[0].closing_balance)
    february = sample_books("2026-02", 90, form=form, seed=2, opening=closing)
    return [_write(root, january), _write(root, february)]


@pytest.mark.parametrize("form", ["SL", "autonomo"])
def test_two_months_load_without_errors(tmp_path, form):
    paths = _two_months(tmp_path, form)
    assert [p.relative_to(tmp_path).as_posix() for p in paths] == [
        "libro/2026/2026-01.beancount",
        "libro/2026/2026-02.beancount",
    ]
    main = tmp_path / "libro" / MAIN_FILE
    assert ledger_errors(main) == []
    entries, _errors, options = load_ledger(main)
    assert options["name_assets"] == "Activo"
    balances = [e for e in entries if isinstance(e, data.Balance)]
    assert len(balances) == 4  # opening and closing of each month
    flagged = [e for e in entries if isinstance(e, data.Transaction) and e.flag == "!"]
    assert any(p.account == "Activo:555-Partidas-Pendientes" for e in flagged for p in e.postings)
    withholding = "Activo:473-HP-Retenciones"
    used = {p.account for e in entries if isinstance(e, data.Transaction) for p in e.postings}
    assert (withholding in used) == (form == "autonomo")
    assert ("PatrimonioNeto:100-Capital" in used) == (form == "SL")


def test_rewrite_is_byte_identical_and_person_edits_survive(tmp_path):
    books = sample_books("2026-01", 60, seed=3)
    path = _write(tmp_path, books)
    main = tmp_path / "libro" / MAIN_FILE
    first = path.read_bytes()
    accounts = (tmp_path / "libro" / ACCOUNTS_FILE).read_bytes()
    edited = main.read_text(encoding="utf-8") + '\n; nota de la gestora\noption "title" "Mío"\n'
    main.write_text(edited, encoding="utf-8")
    _write(tmp_path, books)
    assert path.read_bytes() == first
    assert (tmp_path / "libro" / ACCOUNTS_FILE).read_bytes() == accounts
    assert main.read_text(encoding="utf-8") == edited


def test_missing_includes_are_appended_and_nothing_else_changes(tmp_path):
    books = sample_books("2026-01", 30, seed=4)
    main = tmp_path / "libro" / MAIN_FILE
    main.parent.mkdir(parents=True)
    own = 'option "name_assets" "Activo"\noption "name_equity" "PatrimonioNeto"\n'
    own += 'option "name_liabilities" "Pasivo"\noption "name_income" "Ingresos"\n'
    own += 'option "name_expenses" "Gastos"\n; mío'
    main.write_text(own, encoding="utf-8")
    _write(tmp_path, books)
    text = main.read_text(encoding="utf-8")
    assert text.startswith(own + "\n")
    assert 'include "cuentas.beancount"' in text
    assert ledger_errors(main) == []


def test_no_patient_name_reaches_the_ledger(tmp_path):
    _two_months(tmp_path, "autonomo")
    text = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "libro").rglob("*.beancount"))
    for name in PATIENTS:
        for word in name.split():
            assert word.upper() not in text.upper()


def test_open_directives_are_dated_from_first_use(tmp_path):
    _two_months(tmp_path, "SL")
    entries, _errors, _options = load_ledger(tmp_path / "libro" / MAIN_FILE)
    opens = {e.account: e.date for e in entries if isinstance(e, data.Open)}
    first: dict[str, dt.date] = {}
    for entry in entries:
        accounts = (
            [p.account for p in entry.postings]
            if isinstance(entry, data.Transaction)
            else [getattr(entry, "account", None)]
        )
        for account in accounts:
            if account and not isinstance(entry, data.Open):
                first[account] = min(entry.date, first.get(account, entry.date))
    assert opens == first


def _replace_first(books: MonthBooks, kind: type, new: object) -> MonthBooks:
    bookings = list(books.bookings)
    index = next(i for i, b in enumerate(bookings) if isinstance(b, kind))
    bookings[index] = new
    return MonthBooks(books.month, books.config, books.statements, bookings)


def test_unbalanced_input_is_refused_before_writing(tmp_path):
    books = sample_books("2026-01", 30, seed=5)
    batch = next(b for b in books.bookings if isinstance(b, CardBatch))
    wrong = CardBatch(batch.movement, batch.gross + Decimal("1.00"), batch.commission)
    with pytest.raises(ConciliacionError, match="TPV no cuadra"):
        _write(tmp_path, _replace_first(books, CardBatch, wrong))
    assert not (tmp_path / "libro").exists()


def test_account_outside_the_tree_is_refused():
    books = sample_books("2026-01", 30, seed=6)
    rule = next(b for b in books.bookings if isinstance(b, RuleBooking))
    wrong = RuleBooking(rule.movement, "699", MatchKind.RULE)
    with pytest.raises(ConciliacionError, match="699 no está en el plan"):
        month_entries(_replace_first(books, RuleBooking, wrong))
    capital = RuleBooking(rule.movement, "100", MatchKind.RULE)
    autonomo = sample_books("2026-01", 30, seed=6, form="autonomo")
    with pytest.raises(ConciliacionError, match="capital social"):
        month_entries(_replace_first(autonomo, RuleBooking, capital))


def test_movement_outside_the_statements_is_refused():
    books = sample_books("2026-01", 30, seed=7)
    other = sample_books("2026-01", 30, seed=8)
    stranger = next(b for b in other.bookings if isinstance(b, RuleBooking))
    with pytest.raises(ConciliacionError, match="no está en los extractos"):
        month_entries(_replace_first(books, RuleBooking, stranger))


def test_failed_check_puts_files_back(tmp_path):
    books = sample_books("2026-01", 30, seed=9)
    _write(tmp_path, books)
    before = {p: p.read_bytes() for p in (tmp_path / "libro").rglob("*") if p.is_file()}
    bad = sample_books("2026-02", 30, seed=10, opening="1.00")  # does not follow January
    with pytest.raises(ConciliacionError, match="bean-check"):
        _write(tmp_path, bad)
    after = {p: p.read_bytes() for p in (tmp_path / "libro").rglob("*") if p.is_file()}
    assert after == before


def test_every_step_of_a_rewrite_leaves_a_valid_ledger(tmp_path, monkeypatch):
    """A process killed between any two files of a rewrite leaves a ledger that loads cleanly."""
    _write(tmp_path, sample_books("2026-01", 60, seed=3))
    main = tmp_path / "libro" / MAIN_FILE
    states: dict[str, list[str]] = {}

    def watching(write: Callable[[Path, Any], None]) -> Callable[[Path, Any], None]:
        def watched(path: Path, content: Any) -> None:
            write(path, content)
            states[f"{len(states)} {path.name}"] = ledger_errors(main)

        return watched

    for name in ("atomic_write_text", "atomic_write_pieces"):
        monkeypatch.setattr(writer, name, watching(getattr(writer, name)))
    other = sample_books("2026-01", 60, seed=4)
    old_accounts = (tmp_path / "libro" / ACCOUNTS_FILE).read_text(encoding="utf-8")
    _write(tmp_path, other)
    assert (tmp_path / "libro" / ACCOUNTS_FILE).read_text(encoding="utf-8") != old_accounts
    assert "1 2026-01.beancount" in states  # the month, after the accounts file
    assert states == {step: [] for step in states}
