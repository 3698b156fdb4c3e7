import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conciliacion.errors import FormatError
from conciliacion.importers.fee_schedules import check_overlaps, fee_for, read_fee_schedules
from conciliacion.model import IncidentKind
from strategies import amounts, dates
from tabular_samples import config, csv_bytes, es_amount, es_date, xlsx_bytes

HEADER = [
    "aseguradora",
    "codigo_acto",
    "acto",
    "importe",
    "desde",
    "hasta",
    "requiere_autorizacion",
]
CONFIG = config()


def row(  # noqa: PLR0913 - one argument per column
    *,
    insurer="adeslas",
    code="C01",
    act="Consulta",
    price="30,00",
    start="01/01/2024",
    end="",
    auth="no",
):
    return [insurer, code, act, price, start, end, auth]


def read(rows, name="baremo.csv"):
    return read_fee_schedules(name, csv_bytes(HEADER, rows), CONFIG)


def test_entries_and_the_price_in_force():
    result = read(
        [
            row(end="30/06/2024"),
            row(price="32,50", start="01/07/2024", auth="Sí"),
            row(insurer="dkv", code="RX", price="1.200,00"),
        ]
    )
    first, second, other = result.entries
    assert first.valid_to == dt.date(2024, 6, 30)
    assert second.requires_authorisation
    assert not first.requires_authorisation
    assert other.price == Decimal("1200.00")
    assert first.source.raw == "adeslas;C01;Consulta;30,00;01/01/2024;30/06/2024;no"
    assert fee_for(result.entries, "adeslas", "C01", dt.date(2024, 6, 30)) is first
    assert fee_for(result.entries, "adeslas", "C01", dt.date(2024, 7, 1)) is second
    assert fee_for(result.entries, "adeslas", "C02", dt.date(2024, 7, 1)) is None
    assert fee_for(result.entries, "dkv", "C01", dt.date(2024, 7, 1)) is None


def test_overlapping_ranges_name_both_lines():
    with pytest.raises(FormatError) as error:
        read([row(end="30/06/2024"), row(insurer="dkv"), row(start="30/06/2024")])
    assert (error.value.line, error.value.field) == (4, "desde")
    assert "línea 2" in error.value.message


def test_an_open_range_overlaps_anything_later():
    with pytest.raises(FormatError) as error:
        read([row(start="01/07/2024"), row(price="40,00", start="01/01/2025")])
    assert error.value.line == 3


def test_overlaps_across_files_name_the_other_file():
    one = read([row()], name="a.csv")
    two = read([row(start="01/02/2024")], name="b.csv")
    with pytest.raises(FormatError) as error:
        check_overlaps(one.entries + two.entries)
    assert error.value.path == "b.csv"
    assert "a.csv" in error.value.message


def test_an_unknown_insurer_is_skipped_and_reported():
    result = read([row(insurer="asisa"), row()])
    assert [entry.insurer for entry in result.entries] == ["adeslas"]
    (incident,) = result.incidents
    assert incident.kind is IncidentKind.UNKNOWN_INSURER
    assert "no se han usado" in incident.message


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"auth": "quizá"}, "requiere_autorizacion"),
        ({"auth": ""}, "requiere_autorizacion"),
        ({"price": "-1,00"}, "importe"),
        ({"price": "1,001"}, "importe"),
        ({"start": "01/02/2024", "end": "31/01/2024"}, "hasta"),
        ({"start": ""}, "desde"),
    ],
)
def test_malformed_rows_are_errors(kwargs, field):
    with pytest.raises(FormatError) as error:
        read([row(code="X"), row(**kwargs)])
    assert (error.value.line, error.value.field) == (3, field)


def test_bundled_adeslas_fee_schedule_profile():
    header = ["Código", "Descripción", "Tarifa", "Fecha Inicio", "Fecha Fin", "Autorización"]
    rows = [["0101", "Primera visita", "35,00", "01/01/2024", "", "N"]]
    data = csv_bytes(header, rows, encoding="cp1252")
    (entry,) = read_fee_schedules("tarifas.csv", data, CONFIG).entries
    assert (entry.insurer, entry.act_code, entry.price) == ("adeslas", "0101", Decimal("35.00"))


@settings(max_examples=20, deadline=None)
@given(
    prices=st.lists(amounts(10**7, allow_negative=False), min_size=1, max_size=8),
    start=dates(),
)
def test_round_trip_csv_and_xlsx(prices, start):
    codes = [f"C{index}" for index in range(len(prices))]
    csv_rows = [
        row(code=c, price=es_amount(p), start=es_date(start))
        for c, p in zip(codes, prices, strict=True)
    ]
    xlsx_rows = [["dkv", c, "", p, start, None, "si"] for c, p in zip(codes, prices, strict=True)]
    expected = [("adeslas", c, p, start) for c, p in zip(codes, prices, strict=True)]
    from_csv = read_fee_schedules("b.csv", csv_bytes(HEADER, csv_rows), CONFIG)
    from_xlsx = read_fee_schedules("b.xlsx", xlsx_bytes(HEADER, xlsx_rows), CONFIG)
    assert [(e.insurer, e.act_code, e.price, e.valid_from) for e in from_csv.entries] == expected
    assert [(e.act_code, e.price, e.requires_authorisation) for e in from_xlsx.entries] == [
        (c, p, True) for c, p in zip(codes, prices, strict=True)
    ]
