import csv
import datetime as dt
import io
import os
import time
from concurrent.futures.process import BrokenProcessPool
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conciliacion import spreadsheet
from conciliacion.config import InsurerConfig
from conciliacion.matchers.settlement_review import review_settlements
from conciliacion.model import FeeScheduleEntry, Service, Settlement, SettlementLine, Source
from conciliacion.reports import printing
from conciliacion.reports.printing import ReportPrinter
from conciliacion.reports.review_files import (
    CLAIM_COLUMNS,
    PUNTEO_COLUMNS,
    _text,
    csv_bytes,
    start_review_outputs,
    write_review_outputs,
)
from conciliacion.spreadsheet import xlsx_bytes
from strategies import amounts, dates

DAY = dt.date(2026, 1, 12)
AS_OF = dt.date(2026, 3, 31)
PATIENT = "Lucía Fernández, hija"


def _inputs():
    schedule = [
        FeeScheduleEntry("dkv", "C01", "Consulta", "42.50", dt.date(2025, 1, 1), Source("b", 2))
    ]
    services = [
        Service(DAY, PATIENT, "111", "dkv", "C01", "Consulta", Source("a.csv", 2), reference="S1"),
        Service(DAY, "Otro Nombre", "222", "dkv", "C01", "Consulta", Source("a.csv", 3)),
        Service(DAY, "Tercero Sin", "333", "dkv", "C01", "Consulta", Source("a.csv", 4)),
    ]
    lines = [
        SettlementLine(
            "L-7",
            "dkv",
            "42.50",
            Source("l.csv", 2),
            patient="X",
            card="111",
            act_date=DAY,
            act_code="C01",
        ),
        SettlementLine(
            "L-7",
            "dkv",
            "30.00",
            Source("l.csv", 3),
            patient="X",
            card="222",
            act_date=DAY,
            act_code="C01",
        ),
        SettlementLine(
            "L-7",
            "dkv",
            "9.99",
            Source("l.csv", 4),
            patient="Nadie",
            card="999",
            act_date=DAY,
            act_code="C02",
        ),
    ]
    settlement = Settlement.from_lines(
        number="L-7",
        insurer="dkv",
        date=dt.date(2026, 2, 20),
        lines=lines,
        withholding=Decimal(0),
        source=Source("l", 1),
    )
    insurers = [InsurerConfig(id="dkv", name="DKV", nif="A58172930", payment_term_days=30)]
    result = review_settlements(services, [settlement], schedule, insurers, AS_OF)
    return result, {s.id: s for s in services}


def test_punteo_csv_contract(tmp_path):
    result, services = _inputs()
    paths = write_review_outputs(tmp_path, result, services)
    assert [p.relative_to(tmp_path).as_posix() for p in paths] == [
        "punteo.csv",
        "punteo.xlsx",
        "reclamaciones/dkv.csv",
        "reclamaciones/dkv.xlsx",
    ]
    data = (tmp_path / "punteo.csv").read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\r\n") == 5
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    assert tuple(rows[0]) == PUNTEO_COLUMNS
    first = dict(zip(PUNTEO_COLUMNS, rows[1], strict=True))
    assert first["servicio_id"] == "S1"
    assert first["importe_esperado"] == first["importe_pagado"] == "42.50"
    assert first["estado"] == "cobrado"
    assert first["fecha"] == "2026-01-12"
    states = [row[10] for row in rows[1:]]
    assert states == ["cobrado", "diferencia_baremo", "impagado", "cobrado_sin_actividad"]
    assert rows[2][9] == "-12.50"
    assert rows[4][0] == ""
    assert "Fern" not in data.decode("utf-8")


def test_claim_list_has_what_the_insurer_needs(tmp_path):
    result, services = _inputs()
    write_review_outputs(tmp_path, result, services)
    rows = list(csv.DictReader(io.StringIO((tmp_path / "reclamaciones/dkv.csv").read_text())))
    assert tuple(rows[0]) == CLAIM_COLUMNS
    assert [(r["tarjeta"], r["importe_reclamado"]) for r in rows] == [
        ("222", "12.50"),
        ("333", "42.50"),
    ]
    assert rows[0]["paciente"] == "Otro Nombre"
    assert rows[0]["liquidacion"] == "L-7"


def test_xlsx_round_trip_and_byte_identical(tmp_path):
    result, services = _inputs()
    write_review_outputs(tmp_path / "a", result, services)
    write_review_outputs(tmp_path / "b", result, services)
    for name in ("punteo.xlsx", "reclamaciones/dkv.xlsx", "punteo.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    sheet = openpyxl.load_workbook(tmp_path / "a" / "punteo.xlsx").active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == PUNTEO_COLUMNS
    assert Decimal(str(values[2][8])).quantize(Decimal("0.01")) == Decimal("30.00")
    assert Decimal(str(values[2][9])) == Decimal("-12.5")
    assert sheet.cell(2, 8).number_format == "#,##0.00"
    assert values[1][3].date() == DAY


def test_the_workbook_built_by_the_worker_is_the_same(tmp_path, monkeypatch):
    monkeypatch.setattr(spreadsheet, "_WORTH_A_WORKER", 0)  # every sheet goes to the worker
    result, services = _inputs()
    write_review_outputs(tmp_path / "here", result, services)
    with ReportPrinter(aside=True) as printer:
        finish = start_review_outputs(tmp_path / "aside", result, services, printer)
        assert not (tmp_path / "aside" / "punteo.xlsx").exists()  # written when finished
        assert (tmp_path / "aside" / "punteo.csv").exists()
        written = finish()
    assert written == sorted(p for p in (tmp_path / "aside").rglob("*") if p.is_file())
    for path in written:
        name = path.relative_to(tmp_path / "aside")
        assert path.read_bytes() == (tmp_path / "here" / name).read_bytes(), name


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="con un solo núcleo no hay proceso auxiliar")
def test_a_piece_still_waiting_for_the_busy_worker_is_built_here():
    """The worker builds one piece at a time; a piece asked for while it waits is built here."""
    with ReportPrinter(aside=True) as printer:
        busy = printer.build(time.sleep, 1.0)
        waiting = printer.build(os.getpid)
        assert waiting() == os.getpid()  # built here, at once
        busy()
        later = printer.build(os.getpid)
        assert later() != os.getpid()  # the worker was free again: built there


def test_pieces_for_a_worker_that_died_are_built_here(monkeypatch):
    class Broken:
        def __init__(self, **_options):
            pass

        def submit(self, *_call):
            raise BrokenProcessPool

        def shutdown(self, **_options):
            pass

    monkeypatch.setattr(printing, "ProcessPoolExecutor", Broken)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    with ReportPrinter(aside=True) as printer:
        first, second = printer.build(os.getpid), printer.build(os.getpid)
        assert second() == first() == os.getpid()


_CELLS = st.one_of(
    st.none(),
    st.text(max_size=8),
    st.integers(-(10**6), 10**6),
    amounts(10**8),
    dates(),
    st.datetimes(),  # naive, as a cell holds them
)


@given(st.lists(st.lists(_CELLS, min_size=3, max_size=3), max_size=6))
def test_csv_cells_are_written_as_one_call_per_cell_would_write_them(rows):
    """Only amounts and date-times are converted by hand; the csv module writes the rest."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(("a", "b", "c"))
    writer.writerows([_text(value) for value in row] for row in rows)
    assert csv_bytes(("a", "b", "c"), rows) == buffer.getvalue().encode("utf-8")


def test_equal_amounts_written_differently_get_the_text_one_by_one_gives():
    """An amount's text is made once per file, by its exact digits: as one by one."""
    amounts = ["0.00", "-0.00", "0", "0.0", "-0", "12.5", "12.50", "-12.49"]
    rows = [[Decimal(text)] for text in amounts * 2]
    written = csv_bytes(("importe",), rows).decode("utf-8").split("\r\n")[1:-1]
    assert written == [_text(row[0]) for row in rows]
    assert written[:3] == ["0.00", "0.00", "0.00"]  # no negative zero in a file


def test_xlsx_stamp_comes_from_the_month():
    data = xlsx_bytes("x", ("a",), [("b",)], dt.date(2026, 3, 31))
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.properties.modified.date() == dt.date(2026, 3, 31)
