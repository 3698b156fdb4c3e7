import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conciliacion.errors import FormatError
from conciliacion.importers.activity import read_activity
from conciliacion.importers.columns import DateFormat, InputKind
from conciliacion.importers.fee_schedules import read_fee_schedules
from conciliacion.importers.input_profiles import InputProfile, bundled_profiles, generic_profile
from conciliacion.importers.invoices import read_invoices
from conciliacion.importers.settlements import read_settlements
from conciliacion.importers.tabular import read_table
from conciliacion.importers.tabular_detect import detect_input_kind
from strategies import amounts
from tabular_samples import config, csv_bytes, es_amount, xlsx_bytes

FEES = generic_profile(InputKind.FEE_SCHEDULES)
HEADER = ["aseguradora", "codigo_acto", "acto", "importe", "desde", "requiere_autorizacion"]
ROW = ["dkv", "C1", "Consulta primera", "1.234,50", "01/02/2024", "si"]


def amounts_of(table):
    return [row.amount("importe") for row in table.rows]


@pytest.mark.parametrize("bom", [False, True])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_bom_and_line_endings_do_not_matter(bom, newline):
    quoted = ["dkv", "C1", '"Consulta; primera"', "1.234,50", "01/02/2024", "si"]
    rows = [quoted, ["", "", "", "", "", ""], ROW]
    table = read_table("b.csv", csv_bytes(HEADER, rows, bom=bom, newline=newline), FEES)
    assert [row.line for row in table.rows] == [2, 4]
    first = table.rows[0]
    assert first.text("acto") == "Consulta; primera"
    assert first.amount("importe") == Decimal("1234.50")
    assert first.date("desde") == dt.date(2024, 2, 1)
    assert first.get("hasta") is None
    assert not table.has("hasta")


def test_line_numbers_follow_quoted_cells_that_span_lines():
    rows = [["dkv", "C1", '"dos\nlíneas"', "1,00", "01/01/2024", "si"]]
    rows.append(["dkv", "C2", "x", "1,0,0", "01/01/2024", "si"])
    data = csv_bytes(HEADER, rows)
    with pytest.raises(FormatError) as error:
        amounts_of(read_table("b.csv", data, FEES))
    assert (error.value.line, error.value.field) == (4, "importe")


def test_headers_are_matched_ignoring_case_and_spaces():
    header = [" Aseguradora ", "CODIGO_ACTO", "acto", "importe", "desde", "requiere_autorizacion"]
    table = read_table("b.csv", csv_bytes(header, [ROW]), FEES)
    assert table.rows[0].text("aseguradora") == "dkv"


@pytest.mark.parametrize(
    ("data", "line", "words"),
    [
        (b"", None, "vacío"),
        (b"  \n", None, "vacío"),
        (b"\xd0\xcf\x11\xe0rest", None, "XLS antiguo"),
        (b"PK\x03\x04broken", None, "XLSX"),
        (csv_bytes(HEADER, [ROW, ROW[:5]]), 3, "5 columnas"),
        (csv_bytes(HEADER, [ROW, [*ROW, "x"]]), 3, "7 columnas"),
        ("aseguradora;acto\nñ".encode("latin-1"), 2, "utf-8"),
        (csv_bytes(HEADER, [ROW]) + b'"a"b;C;x;1;01/01/2024;si\n', 3, "CSV mal formado"),
    ],
)
def test_malformed_files(data, line, words):
    with pytest.raises(FormatError) as error:
        read_table("b.csv", data, FEES)
    assert error.value.line == line
    assert words in error.value.message


def test_a_missing_column_is_named_with_the_file():
    with pytest.raises(FormatError) as error:
        read_table("b.csv", csv_bytes(HEADER[:3], [ROW[:3]]), FEES)
    assert (error.value.path, error.value.line, error.value.field) == ("b.csv", 1, "importe")
    assert "«desde»" in str(error.value)


def test_a_repeated_header_is_an_error():
    with pytest.raises(FormatError, match="dos veces"):
        read_table("b.csv", csv_bytes([*HEADER, "acto"], [[*ROW, "x"]]), FEES)


def test_a_header_only_file_has_no_rows():
    assert read_table("b.csv", csv_bytes(HEADER, []), FEES).rows == []


def test_a_header_below_the_end_of_the_file():
    profile = InputProfile(kind=InputKind.FEE_SCHEDULES, name="x", header_row=5)
    with pytest.raises(FormatError, match="línea 5"):
        read_table("b.csv", csv_bytes(HEADER, [ROW]), profile)


MIDNIGHT = dt.datetime(2024, 2, 1)  # noqa: DTZ001 - what openpyxl gives for a date cell


def test_xlsx_cells_keep_their_types():
    rows = [
        ["dkv", 101, "Consulta", 0.1, MIDNIGHT, True],
        ["dkv", 102.0, "Otra", 12, "03/02/2024", "no"],
        [None, None, None, None, None, None],
        ["dkv", "C3", "Mal", 1.005, dt.date(2024, 2, 1), "si"],
    ]
    table = read_table("b.xlsx", xlsx_bytes(HEADER, rows), FEES)
    first, second, bad = table.rows
    assert first.text("codigo_acto") == "101"
    assert second.text("codigo_acto") == "102"
    assert first.amount("importe") == Decimal("0.10")
    assert second.amount("importe") == Decimal("12.00")
    assert first.date("desde") == dt.date(2024, 2, 1)
    assert second.date("desde") == dt.date(2024, 2, 3)
    assert first.text("requiere_autorizacion") == "si"
    assert bad.line == 5
    with pytest.raises(FormatError) as error:
        bad.amount("importe")
    assert (error.value.line, error.value.field) == (5, "importe")
    assert "más de dos decimales" in error.value.message


def test_xlsx_values_outside_the_header_are_an_error():
    data = xlsx_bytes(HEADER, [[*ROW, "suelto"]])
    with pytest.raises(FormatError, match="a la derecha"):
        read_table("b.xlsx", data, FEES)


def test_xlsx_with_title_rows():
    profile = InputProfile(kind=InputKind.FEE_SCHEDULES, name="x", header_row=3)
    table = read_table("b.xlsx", xlsx_bytes(HEADER, [ROW], above=["Tarifas", "2024"]), profile)
    assert [row.line for row in table.rows] == [4]


@pytest.mark.parametrize(
    ("text", "value", "expected"),
    [
        ("dd/mm/aaaa", "5/3/2024", dt.date(2024, 3, 5)),
        ("aaaa-mm-dd", "2024-03-05", dt.date(2024, 3, 5)),
        ("dd.mm.aa", "05.03.24", dt.date(2024, 3, 5)),
        ("mm/dd/aaaa", "03/05/2024", dt.date(2024, 3, 5)),
    ],
)
def test_date_formats(text, value, expected):
    date_format = DateFormat.parse(text)
    match = date_format.pattern.fullmatch(value)
    assert match is not None
    year = int(match["y"]) + date_format.century
    assert dt.date(year, int(match["m"]), int(match["d"])) == expected


@pytest.mark.parametrize("text", ["dd/mm", "dd/mm/aaaa/aaaa", "%d/%m/%Y", "dd de mm de aaaa"])
def test_bad_date_formats(text):
    with pytest.raises(ValueError, match="formato de fecha"):
        DateFormat.parse(text)


@settings(max_examples=50, deadline=None)
@given(values=st.lists(amounts(), min_size=1, max_size=10), separator=st.sampled_from([",", "."]))
def test_amounts_round_trip_exactly(values, separator):
    profile = InputProfile(kind=InputKind.FEE_SCHEDULES, name="x", decimal=separator)
    shown = [es_amount(v) if separator == "," else f"{v:,.2f}" for v in values]
    rows = [["dkv", "C", "", f'"{s}"', "01/01/2024", "si"] for s in shown]
    assert amounts_of(read_table("b.csv", csv_bytes(HEADER, rows), profile)) == values
    xlsx = [["dkv", "C", "", v, "01/01/2024", "si"] for v in values]
    assert amounts_of(read_table("b.xlsx", xlsx_bytes(HEADER, xlsx), profile)) == values


# --- detection by header ------------------------------------------------------------------------

GENERIC_HEADERS = {
    InputKind.ACTIVITY: ["fecha", "paciente", "tarjeta", "aseguradora", "codigo_acto", "acto"],
    InputKind.SETTLEMENTS: [
        "liquidacion",
        "fecha_liquidacion",
        "aseguradora",
        "paciente",
        "tarjeta",
        "fecha_acto",
        "codigo_acto",
        "autorizacion",
        "importe",
    ],
    InputKind.FEE_SCHEDULES: HEADER,
    InputKind.INVOICES: [
        "proveedor",
        "nif",
        "numero",
        "fecha",
        "vencimiento",
        "base",
        "iva",
        "retencion",
        "total",
    ],
}


@pytest.mark.parametrize("kind", list(InputKind))
def test_each_generic_kind_is_recognised(kind):
    header = GENERIC_HEADERS[kind]
    for data in (csv_bytes(header, [], bom=True), xlsx_bytes(header, [])):
        detected = detect_input_kind("x", data, bundled_profiles())
        assert detected is not None
        assert detected[0] is kind
        assert detected[1].name == "generico"


def test_a_per_insurer_export_is_recognised():
    header = ["Liquidacion", "Fecha Liquidacion", "Beneficiario", "Poliza", "Fecha Prestacion"]
    header += ["Codigo Prestacion", "Autorizacion", "Importe Bruto", "Otra"]
    detected = detect_input_kind("x", csv_bytes(header, [], delimiter=","), bundled_profiles())
    assert detected is not None
    assert (detected[0], detected[1].name) == (InputKind.SETTLEMENTS, "sanitas")


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x00\xff\xfe",
        b"fecha;importe\n",
        b"PK\x03\x04xx",
        csv_bytes(["a", "b"], [["1", "2"]]),
    ],
)
def test_unknown_files_are_not_recognised(data):
    assert detect_input_kind("x", data, bundled_profiles()) is None


DOCS = Path(__file__).resolve().parents[1] / "docs" / "formatos"


@pytest.mark.parametrize(
    ("name", "read"),
    [
        ("actividad", read_activity),
        ("liquidaciones", read_settlements),
        ("baremos", read_fee_schedules),
        ("facturas", read_invoices),
    ],
)
def test_the_documented_examples_read_without_incidents(name, read):
    text = (DOCS / f"{name}.md").read_text(encoding="utf-8")
    example = text.split("## Ejemplo\n```\n")[1].split("```")[0]
    result = read(f"{name}.csv", example.encode(), config())
    assert result.incidents == ()
