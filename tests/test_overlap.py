"""Merging overlapping statements: each movement once, genuine twins kept, gaps found."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
from tests.conftest import SAMPLES

from conciliacion.importers.norma43 import read_norma43, write_norma43
from conciliacion.importers.overlap import fingerprints, merge_statements
from conciliacion.model import Movement, Source, Statement

N43 = SAMPLES / "n43"


def _statements(name: str) -> tuple[Statement, ...]:
    path = N43 / name
    return read_norma43(path, path.read_bytes()).statements


def test_the_same_period_downloaded_twice_merges_into_one_sequence():
    first = _statements("oca_17.0_test.n43")
    second = _statements("oca_18.0_test_overlap.n43")
    result = merge_statements([*first, *second])
    (account,) = result.accounts
    assert len(account.movements) == 5
    assert [m.source.file for m in account.movements].count(str(N43 / "oca_17.0_test.n43")) == 4
    assert account.movements[-1].concepts == ("INGRESO NUEVO",)
    assert len(result.duplicates) == 4
    assert {d.dropped.source.file for d in result.duplicates} == {
        str(N43 / "oca_18.0_test_overlap.n43")
    }
    assert result.gaps == ()
    total = sum((m.amount for m in account.movements), start=Decimal("0.00"))
    assert total == second[0].closing_balance - second[0].opening_balance


def test_the_same_file_twice_gives_each_movement_once():
    statements = _statements("oca_17.0_test.n43")
    result = merge_statements([*statements, *statements])
    assert len(result.accounts[0].movements) == 4
    assert len(result.duplicates) == 4


def test_two_identical_movements_on_one_day_both_stay():
    statements = _statements("oca_18.0_test_same_lines.n43")
    (statement,) = statements
    first, second = statement.movements
    assert (first.amount, first.booking_date, first.concepts) == (
        second.amount,
        second.booking_date,
        second.concepts,
    )
    assert fingerprints(statement)[0] != fingerprints(statement)[1]
    result = merge_statements([*statements, *statements])
    assert len(result.accounts[0].movements) == 2
    assert len(result.duplicates) == 2


def _statement(start: dt.date, days: int, opening: str, amounts: list[str], file: str) -> Statement:
    balance = Decimal(opening)
    movements = []
    for index, amount in enumerate(amounts):
        balance += Decimal(amount)
        movements.append(
            Movement(
                account="ES9121000418450200051332",
                booking_date=start + dt.timedelta(days=index),
                value_date=start + dt.timedelta(days=index),
                amount=Decimal(amount),
                source=Source(file, index + 2),
                concepts=("BIZUM",),
                balance_after=balance,
            )
        )
    return Statement(
        account="ES9121000418450200051332",
        start_date=start,
        end_date=start + dt.timedelta(days=days),
        opening_balance=Decimal(opening),
        closing_balance=balance,
        movements=movements,
        source=Source(file, 1),
    )


def test_files_sharing_days_merge_by_balance():
    march = _statement(dt.date(2024, 3, 1), 30, "100.00", ["50.00", "-20.00", "50.00"], "a.n43")
    # The second download starts on March 2nd: it repeats the last two movements and adds one.
    later = _statement(dt.date(2024, 3, 2), 40, "150.00", ["-20.00", "50.00", "7.00"], "b.n43")
    result = merge_statements([later, march])
    movements = result.accounts[0].movements
    assert [str(m.amount) for m in movements] == ["50.00", "-20.00", "50.00", "7.00"]
    assert [d.dropped.source.file for d in result.duplicates] == ["b.n43", "b.n43"]


def test_a_missing_statement_is_a_gap():
    march = _statement(dt.date(2024, 3, 1), 30, "100.00", ["50.00"], "marzo.n43")
    may = _statement(dt.date(2024, 5, 1), 30, "300.00", ["-10.00"], "mayo.n43")
    result = merge_statements([may, march])
    (gap,) = result.gaps
    assert (gap.previous_end, gap.next_start) == (dt.date(2024, 3, 31), dt.date(2024, 5, 1))
    assert (gap.closing_balance, gap.opening_balance, gap.missing) == (
        Decimal("150.00"),
        Decimal("300.00"),
        Decimal("150.00"),
    )
    assert "falta un extracto" in str(gap)
    assert len(result.accounts[0].movements) == 2


def test_consecutive_statements_have_no_gap():
    march = _statement(dt.date(2024, 3, 1), 30, "100.00", ["50.00"], "marzo.n43")
    april = _statement(dt.date(2024, 4, 1), 29, "150.00", ["50.00"], "abril.n43")
    assert merge_statements([march, april]).gaps == ()


def test_fingerprints_survive_writing_and_reading():
    march = _statement(dt.date(2024, 3, 1), 30, "100.00", ["50.00", "50.00"], "a.n43")
    (read,) = read_norma43("a.n43", write_norma43([march])).statements
    assert fingerprints(read) == fingerprints(attrs.evolve(march))
