import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conciliacion.errors import FormatError
from conciliacion.importers.activity import read_activity
from conciliacion.model import IncidentKind, PaymentMethod
from strategies import amounts, dates
from tabular_samples import config, csv_bytes, es_amount, es_date, xlsx_bytes

HEADER = [
    "id",
    "fecha",
    "paciente",
    "tarjeta",
    "aseguradora",
    "codigo_acto",
    "acto",
    "autorizacion",
    "importe",
    "forma_pago",
]
CONFIG = config()


def row(  # noqa: PLR0913 - one argument per column
    *,
    ref="",
    day="05/01/2024",
    patient="ANA PÉREZ",
    card="123",
    insurer="adeslas",
    code="C01",
    act="Consulta",
    auth="",
    amount="",
    method="",
):
    return [ref, day, patient, card, insurer, code, act, auth, amount, method]


def read(rows, header=HEADER):
    return read_activity("act.csv", csv_bytes(header, rows), CONFIG)


def test_insured_and_private_services():
    result = read(
        [
            row(ref="S1", auth="V-9"),
            row(insurer="particular", card="", amount="60,00", method="Bizum"),
        ]
    )
    insured, private = result.services
    assert insured.reference == "S1"
    assert insured.authorisation == "V-9"
    assert insured.amount is None
    assert insured.payment_method is None
    assert insured.date == dt.date(2024, 1, 5)
    assert private.is_private
    assert private.amount == Decimal("60.00")
    assert private.payment_method is PaymentMethod.BIZUM
    assert private.source.raw is None
    assert result.incidents == ()


def test_optional_columns_may_be_absent():
    header = ["fecha", "paciente", "tarjeta", "aseguradora", "codigo_acto", "acto"]
    result = read([["05/01/2024", "ANA", "1", "dkv", "C1", ""]], header=header)
    assert result.services[0].insurer == "dkv"


@pytest.mark.parametrize(
    ("kwargs", "field", "words"),
    [
        ({"insurer": "particular", "method": "tarjeta"}, "importe", "importe cobrado"),
        ({"insurer": "particular", "amount": "10,00"}, "forma_pago", "forma de pago"),
        ({"amount": "10,00", "method": "cheque"}, "forma_pago", "cheque"),
        ({"amount": "-5,00"}, "importe", "positivo"),
        ({"day": "2024-01-05"}, "fecha", "dd/mm/aaaa"),
        ({"code": ""}, "codigo_acto", "vacía"),
        ({"patient": ""}, "paciente", "vacía"),
    ],
)
def test_malformed_rows_are_errors(kwargs, field, words):
    with pytest.raises(FormatError) as error:
        read([row(), row(**kwargs)])
    assert (error.value.line, error.value.field) == (3, field)
    assert words in error.value.message


def test_a_repeated_reference_names_both_lines():
    with pytest.raises(FormatError) as error:
        read([row(ref="S1"), row(ref="S2"), row(ref="S1")])
    assert error.value.line == 4
    assert "línea 2" in error.value.message


def test_an_unknown_insurer_keeps_the_service_and_reports_once():
    result = read([row(insurer="mapfre"), row(insurer="mapfre"), row()])
    assert len(result.services) == 3
    (incident,) = result.incidents
    assert incident.kind is IncidentKind.UNKNOWN_INSURER
    assert incident.source.line == 2
    assert "ANA" not in incident.message


def test_an_insured_service_without_card_is_an_incident():
    result = read([row(card="")])
    (incident,) = result.incidents
    assert incident.kind is IncidentKind.DATA
    assert incident.subject == result.services[0].id
    assert "ANA" not in incident.message


services = st.tuples(
    dates(),
    st.text(alphabet="ABCDÉÑ xyz", min_size=1, max_size=10).map(str.strip).filter(bool),
    st.sampled_from(["adeslas", "sanitas", "particular"]),
    st.text(alphabet="0123456789AB", min_size=1, max_size=5),
    amounts(10**7, allow_negative=False).filter(bool),
    st.sampled_from(list(PaymentMethod)),
)


@settings(max_examples=20, deadline=None)
@given(generated=st.lists(services, min_size=1, max_size=10))
def test_round_trip_csv_and_xlsx(generated):
    csv_rows, xlsx_rows, expected = [], [], []
    for day, patient, insurer, code, amount, method in generated:
        private = insurer == "particular"
        shown_method = method.value if private else ""
        shown = es_amount(amount)
        csv_rows.append(
            row(day=es_date(day), patient=patient, insurer=insurer, code=code, amount=shown)
        )
        csv_rows[-1][-1] = shown_method
        xlsx_rows.append(["", day, patient, "123", insurer, code, "", None, amount, shown_method])
        expected.append((day, patient, insurer, code, amount, method if private else None))
    for data in (csv_bytes(HEADER, csv_rows, newline="\r\n"), xlsx_bytes(HEADER, xlsx_rows)):
        result = read_activity("a", data, CONFIG)
        found = [
            (s.date, s.patient, s.insurer, s.act_code, s.amount, s.payment_method)
            for s in result.services
        ]
        assert found == expected
