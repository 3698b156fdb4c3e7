import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conciliacion.errors import FormatError
from conciliacion.importers.settlements import (
    merge_settlements,
    read_settlements,
    withholding_for,
)
from conciliacion.model import IncidentKind
from strategies import amounts, dates
from tabular_samples import config, csv_bytes, es_amount, es_date, xlsx_bytes

HEADER = [
    "liquidacion",
    "fecha_liquidacion",
    "aseguradora",
    "paciente",
    "tarjeta",
    "fecha_acto",
    "codigo_acto",
    "autorizacion",
    "importe",
    "retencion",
    "concepto",
]
CONFIG = config()


def row(  # noqa: PLR0913 - one argument per column
    *,
    number="L-2024-01",
    settled="31/01/2024",
    insurer="adeslas",
    patient="ANA PÉREZ",
    card="1234567",
    act_date="05/01/2024",
    code="C01",
    auth="",
    amount="33,35",
    withholding="",
    concept="",
):
    return [
        number,
        settled,
        insurer,
        patient,
        card,
        act_date,
        code,
        auth,
        amount,
        withholding,
        concept,
    ]


def read(rows, cfg=CONFIG, name="liq.csv"):
    return read_settlements(name, csv_bytes(HEADER, rows), cfg)


def test_rows_are_grouped_into_settlements_with_the_practice_rate():
    result = read(
        [
            row(amount="33,35"),
            row(number="L2", amount="20,00"),
            row(amount="1.000,00", patient="LUIS GIL", act_date="06/01/2024"),
            row(patient="", act_date="", card="", code="", amount="-10,00", concept="Gestión"),
        ]
    )
    assert [s.number for s in result.settlements] == ["L-2024-01", "L2"]
    first = result.settlements[0]
    assert first.gross == Decimal("1033.35")
    assert first.deductions == Decimal("10.00")
    assert first.withholding == Decimal("155.00")  # 1033.35 * 0.15 = 155.0025
    assert first.net == Decimal("868.35")
    assert first.date == dt.date(2024, 1, 31)
    assert first.source.line == 2
    deduction = first.lines[-1]
    assert deduction.is_deduction
    assert deduction.concept == "Gestión"
    assert first.lines[0].source.raw is None  # patient names do not travel
    assert result.incidents == ()


def test_withholding_rounds_half_up():
    result = read([row(amount="10,30")])
    assert result.settlements[0].withholding == Decimal("1.55")  # 1.545, not banker's 1.54


def test_an_sl_has_no_withholding():
    result = read([row(amount="10,30")], cfg=config(form="SL"))
    assert result.settlements[0].withholding == Decimal("0.00")


def test_stated_withholding_is_the_sum_of_the_lines():
    result = read(
        [
            row(amount="100,00", withholding="15,00"),
            row(amount="50,00", withholding="7,50"),
            row(patient="", act_date="", amount="-3,00", concept="Ajuste"),
        ]
    )
    settlement = result.settlements[0]
    assert settlement.withholding == Decimal("22.50")
    assert settlement.net == Decimal("124.50")


def test_withholding_on_some_service_lines_only_is_an_error():
    with pytest.raises(FormatError) as error:
        read([row(withholding="15,00"), row(withholding="")])
    assert error.value.line == 3
    assert error.value.field == "retencion"


def test_withholding_for_with_a_rate():
    assert withholding_for([], Decimal("0.15")) == Decimal("0.00")


def test_one_settlement_with_two_dates_names_the_line():
    with pytest.raises(FormatError) as error:
        read([row(), row(), row(settled="28/02/2024")])
    assert error.value.line == 4
    assert error.value.field == "fecha_liquidacion"
    assert "línea 2" in error.value.message


def test_a_patient_without_act_date_is_an_error():
    with pytest.raises(FormatError) as error:
        read([row(act_date="")])
    assert (error.value.line, error.value.field) == (2, "fecha_acto")
    assert "ANA" not in str(error.value)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"amount": "12,345"}, "importe"),
        ({"amount": ""}, "importe"),
        ({"act_date": "31/02/2024"}, "fecha_acto"),
        ({"settled": "2024-01-31"}, "fecha_liquidacion"),
        ({"number": ""}, "liquidacion"),
        ({"insurer": ""}, "aseguradora"),
    ],
)
def test_a_corrupted_cell_names_its_line_and_column(kwargs, field):
    with pytest.raises(FormatError) as error:
        read([row(), row(**kwargs)])
    assert (error.value.path, error.value.line, error.value.field) == ("liq.csv", 3, field)


def test_an_unknown_insurer_is_an_incident_and_the_settlement_is_read():
    result = read([row(insurer="adesla"), row(insurer="adesla", number="L9")])
    assert len(result.settlements) == 2
    (incident,) = result.incidents
    assert incident.kind is IncidentKind.UNKNOWN_INSURER
    assert "adesla" in incident.message
    assert "líneas 2, 3" in incident.message


def test_insurer_ids_are_read_in_lower_case():
    result = read([row(insurer="Adeslas")])
    assert result.settlements[0].insurer == "adeslas"
    assert result.incidents == ()


def test_the_same_settlement_in_two_files():
    one = read([row()], name="a.csv")
    again = read([row()], name="b.csv")
    other = read([row(amount="99,00")], name="c.csv")
    merged = merge_settlements([one, again, other])
    assert len(merged.settlements) == 1
    assert merged.settlements[0].source.file == "a.csv"
    repeated, conflict = merged.incidents
    assert "misma descarga" in repeated.message
    assert "contenido distinto" in conflict.message
    assert repeated.id != conflict.id


lines = st.tuples(
    st.sampled_from(["L1", "L2", "2024/07"]),
    st.sampled_from(["adeslas", "dkv"]),
    st.text(alphabet="ABCDEFGHIJ ÑÁ", min_size=1, max_size=12).map(str.strip).filter(bool),
    st.text(alphabet="0123456789", max_size=10),
    dates(),
    st.text(alphabet="ABC0123456789", min_size=1, max_size=6),
    amounts(10**8),
)


def _expected(generated, settled):
    result = {}
    for number, insurer, patient, card, act_date, code, amount in generated:
        result.setdefault((insurer, number), []).append(
            (patient, card, act_date, code, amount, settled)
        )
    return result


@settings(max_examples=25, deadline=None)
@given(generated=st.lists(lines, min_size=1, max_size=15), settled=dates())
def test_round_trip_csv_and_xlsx(generated, settled):
    csv_rows = [
        [n, es_date(settled), i, p, c, es_date(d), code, "", es_amount(a), "", ""]
        for n, i, p, c, d, code, a in generated
    ]
    xlsx_rows = [
        [n, settled, i, p, c or None, d, code, None, a, None, None]
        for n, i, p, c, d, code, a in generated
    ]
    expected = _expected(generated, settled)
    from_csv = read_settlements("l.csv", csv_bytes(HEADER, csv_rows, bom=True), CONFIG)
    from_xlsx = read_settlements("l.xlsx", xlsx_bytes(HEADER, xlsx_rows), CONFIG)
    assert _found_lines(from_csv) == expected
    assert _found_lines(from_xlsx) == expected


def _found_lines(result):
    return {
        (s.insurer, s.number): [
            (line.patient, line.card, line.act_date, line.act_code, line.amount, s.date)
            for line in s.lines
        ]
        for s in result.settlements
    }


# --- bundled per-insurer profiles ---------------------------------------------------------------


def test_bundled_adeslas_profile():
    header = [
        "Nº Liquidación",
        "Fecha Liquidación",
        "Asegurado",
        "Nº Tarjeta",
        "Fecha Servicio",
        "Cód. Acto",
        "Nº Autorización",
        "Importe",
        "IRPF",
        "Concepto",
    ]
    rows = [
        [
            "A-77",
            "31/03/2024",
            "MUÑOZ",
            "001",
            "04/03/2024",
            "0101",
            "AU1",
            "1.234,50",
            "185,18",
            "",
        ],
        ["A-77", "31/03/2024", "", "", "", "", "", "-12,00", "", "Regularización"],
    ]
    data = csv_bytes(header, rows, encoding="cp1252", newline="\r\n")
    result = read_settlements("adeslas.csv", data, CONFIG)
    (settlement,) = result.settlements
    assert settlement.insurer == "adeslas"
    assert settlement.lines[0].patient == "MUÑOZ"
    assert settlement.lines[0].authorisation == "AU1"
    assert settlement.gross == Decimal("1234.50")
    assert settlement.withholding == Decimal("185.18")
    assert settlement.net == Decimal("1037.32")


def test_bundled_sanitas_profile():
    header = [
        "Liquidacion",
        "Fecha Liquidacion",
        "Beneficiario",
        "Poliza",
        "Fecha Prestacion",
        "Codigo Prestacion",
        "Autorizacion",
        "Importe Bruto",
        "Retencion IRPF",
        "Observaciones",
    ]
    rows = [["S9", "2024-04-30", "ROS", "P1", "2024-04-02", "CONS", "", "45.10", "6.77", ""]]
    result = read_settlements("s.csv", csv_bytes(header, rows, delimiter=","), CONFIG)
    (settlement,) = result.settlements
    assert (settlement.insurer, settlement.gross) == ("sanitas", Decimal("45.10"))
    assert settlement.lines[0].act_date == dt.date(2024, 4, 2)


def test_bundled_dkv_profile_with_title_rows():
    header = [
        "NUM_LIQUIDACION",
        "FEC_LIQUIDACION",
        "NOMBRE_ASEGURADO",
        "NUM_TARJETA",
        "FEC_ACTO",
        "COD_ACTO",
        "NUM_AUTORIZACION",
        "IMPORTE",
        "CONCEPTO",
    ]
    rows = [["D1", "15-05-2024", "SOLÉ", "9", "02-05-2024", "X1", "", "10,30", ""]]
    above = ["DKV SEGUROS - LIQUIDACIÓN DE HONORARIOS", ""]
    data = csv_bytes(header, rows, delimiter="\t", encoding="cp1252", above=above)
    result = read_settlements("dkv.txt", data, CONFIG)
    (settlement,) = result.settlements
    assert settlement.insurer == "dkv"
    assert settlement.source.line == 4
    assert settlement.withholding == Decimal("1.55")


def test_a_file_that_fits_no_profile_names_the_missing_columns():
    data = csv_bytes(["liquidacion", "importe"], [["L1", "1,00"]])
    with pytest.raises(FormatError) as error:
        read_settlements("x.csv", data, CONFIG)
    assert error.value.line == 1
    assert error.value.field == "fecha_liquidacion"
    assert "«aseguradora»" in error.value.message
