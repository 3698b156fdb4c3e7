"""The writer's fast path prints exactly what beancount's directives printed one by one would.

The writer never builds beancount objects for its transactions (:mod:`conciliacion.ledger._render`);
``month_entries`` still does. Both come from the same rules, so the monthly file must be, byte for
byte, the directives of ``month_entries`` printed by ``format_entry`` in ``sort_key`` order.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from pathlib import Path

import pytest
from beancount.core import data

from conciliacion.ledger._format import format_entry, money
from conciliacion.ledger.bookings import MonthBooks, PrivateReceipt, RuleBooking
from conciliacion.ledger.check import ledger_errors
from conciliacion.ledger.entries import month_entries
from conciliacion.ledger.sample import sample_books, source_files
from conciliacion.ledger.writer import ACCOUNTS_FILE, MAIN_FILE, write_month
from conciliacion.model import MatchKind


def _write(root: Path, books: MonthBooks, *, check: bool = False) -> Path:
    for name in source_files(books):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    return write_month(root / "libro", books, check=check)


def _expected_body(books: MonthBooks) -> tuple[str, dict[str, dt.date]]:
    """The month printed the slow way: beancount's directives, one by one, and their accounts."""
    entries = month_entries(books, {s.account for s in books.statements})
    uses: dict[str, dt.date] = {}
    for entry in entries:
        if isinstance(entry, data.Transaction):
            names = [posting.account for posting in entry.postings]
        else:
            names = [entry.account]
        for name in names:
            uses[name] = min(entry.date, uses.get(name, entry.date))
    return "".join(format_entry(entry) for entry in entries), uses


def _odd_rules(books: MonthBooks) -> MonthBooks:
    """Descriptions that need quoting, on some of the month's rule bookings."""
    odd = ['Cuota "especial"', "Línea\ncon salto", "C:\\ruta\r", ""]
    bookings = []
    for booking in books.bookings:
        if isinstance(booking, RuleBooking) and odd:
            rule = booking
            bookings.append(RuleBooking(rule.movement, rule.account, rule.kind, odd.pop()))
        else:
            bookings.append(booking)
    return MonthBooks(books.month, books.config, books.statements, bookings)


@pytest.mark.parametrize("form", ["SL", "autonomo"])
@pytest.mark.parametrize("odd", [False, True])
def test_monthly_file_is_the_directives_printed(tmp_path, form, odd):
    books = sample_books("2026-03", 600, form=form, seed=11)
    if odd:
        books = _odd_rules(books)
    text = _write(tmp_path, books).read_text(encoding="utf-8")
    body, uses = _expected_body(books)
    assert text.endswith("\n\n" + body)
    header = [
        line for line in text[: len(text) - len(body)].splitlines() if line.startswith("; cuenta")
    ]
    assert header == [f"; cuenta {date.isoformat()} {name}" for name, date in sorted(uses.items())]


def test_rule_with_a_kind_of_its_own_prints_the_same(tmp_path):
    books = sample_books("2026-04", 60, seed=12)
    rule = next(b for b in books.bookings if isinstance(b, RuleBooking))
    bookings = [
        RuleBooking(b.movement, "669", MatchKind.LOAN) if b is rule else b for b in books.bookings
    ]
    books = MonthBooks(books.month, books.config, books.statements, bookings)
    text = _write(tmp_path, books).read_text(encoding="utf-8")
    assert text.endswith("\n\n" + _expected_body(books)[0])


_GOLDEN = {
    ("SL", "2026-01"): "f66365fbd73ff4267de991379e29e93661919030dcf3872412714c5f1f703f4f",
    ("SL", "2026-02"): "416062eb887205a7f656363092a954e660a3376e920b8fd2ddc75b97ccb707b4",
    ("SL", ACCOUNTS_FILE): "abae4a63f09ac55c66ee67f13675697db0752be75541893025111180f94bcbe5",
    ("autonomo", "2026-01"): "0f079a979b68c2a30fedbc3bb6420f7995987be28d04c9bcecdc1c13a8cace01",
    ("autonomo", "2026-02"): "2c78f1e25c58109e97e5e7e9193b00ec2d2d16a47521e52a7f8da08c799f8dea",
    ("autonomo", ACCOUNTS_FILE): "b99705769f0dc4f1c0307ad79fbc5e1fecbec826dd16a71b852b56f12908a9fd",
}
"""SHA-256 of the files the writer produced before its fast path, for these sample months.

A deliberate change of the sample, the rules or the format changes these; nothing else may.
"""


@pytest.mark.parametrize("form", ["SL", "autonomo"])
def test_files_are_the_bytes_written_before_the_fast_path(tmp_path, form):
    january = sample_books("2026-01", 400, form=form, seed=5)
    closing = str(january.statements[0].closing_balance)
    february = sample_books("2026-02", 300, form=form, seed=6, opening=closing)
    digests = {}
    for books in (january, february):
        path = _write(tmp_path, books, check=True)
        digests[form, books.month] = hashlib.sha256(path.read_bytes()).hexdigest()
    accounts = (tmp_path / "libro" / ACCOUNTS_FILE).read_bytes()
    digests[form, ACCOUNTS_FILE] = hashlib.sha256(accounts).hexdigest()
    assert digests == {key: value for key, value in _GOLDEN.items() if key[0] == form}
    assert ledger_errors(tmp_path / "libro" / MAIN_FILE) == []


def test_amounts_without_two_decimals_are_printed_with_two():
    assert [money(Decimal(text)) for text in ("7", "7.5", "-7.505", "1E+3", "0.00")] == [
        "7.00",
        "7.50",
        "-7.50",
        "1000.00",
        "0.00",
    ]


def test_movements_nobody_booked_go_to_555_as_before(tmp_path):
    books = sample_books("2026-05", 200, seed=21)
    kept = [b for b in books.bookings if not isinstance(b, (RuleBooking, PrivateReceipt))]
    books = MonthBooks(books.month, books.config, books.statements, kept)
    text = _write(tmp_path, books).read_bytes()
    digest = "16816592df70547035cb96cad8853b24b2f2dfabc47d675b88347f7f362d2673"
    assert hashlib.sha256(text).hexdigest() == digest  # the writer's bytes before the fast path
    assert text.decode("utf-8").endswith("\n\n" + _expected_body(books)[0])
