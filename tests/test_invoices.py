import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conciliacion.errors import FormatError
from conciliacion.importers.invoices import read_invoices
from conciliacion.model import IncidentKind
from strategies import amounts, dates
from tabular_samples import config, csv_bytes, es_amount, es_date, xlsx_bytes

HEADER = [
    "proveedor",
    "nif",
    "numero",
    "fecha",
    "vencimiento",
    "base",
    "iva",
    "retencion",
    "total",
    "cuenta",
]
CONFIG = config()


def row(  # noqa: PLR0913 - one argument per column
    *,
    supplier="Iberdrola",
    nif="A95758389",
    number="F-1",
    day="10/02/2024",
    due="",
    base="100,00",
    vat="21,00",
    withholding="",
    total="121,00",
    account="",
):
    return [supplier, nif, number, day, due, base, vat, withholding, total, account]


def read(rows):
    return read_invoices("facturas.csv", csv_bytes(HEADER, rows), CONFIG)


def test_invoices_take_the_supplier_account():
    result = read(
        [
            row(due="10/03/2024"),
            row(
                supplier="Asesoría López",
                nif="b-12345674",
                base="200,00",
                vat="42,00",
                withholding="30,00",
                total="212,00",
                account="623",
            ),
        ]
    )
    power, advice = result.invoices
    assert power.account == "628"
    assert power.due_date == dt.date(2024, 3, 10)
    assert power.cost == Decimal("121.00")
    assert advice.nif == "B12345674"
    assert advice.account == "623"
    assert advice.withholding == Decimal("30.00")
    assert power.source.raw is not None
    assert result.incidents == ()


def test_an_invoice_without_account_is_an_incident():
    result = read([row(supplier="Nuevo", nif="B12345674")])
    (invoice,) = result.invoices
    assert invoice.account is None
    (incident,) = result.incidents
    assert incident.kind is IncidentKind.DATA
    assert incident.subject == invoice.id


def test_a_total_that_does_not_add_up_names_the_figures():
    with pytest.raises(FormatError) as error:
        read([row(), row(number="F-2", total="120,00")])
    assert (error.value.line, error.value.field) == (3, "total")
    for figure in ("100.00", "21.00", "0.00", "121.00", "120.00"):
        assert figure in error.value.message


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"nif": "B12345675"}, "nif"),
        ({"nif": ""}, "nif"),
        ({"account": "cuenta"}, "cuenta"),
        ({"day": "32/01/2024"}, "fecha"),
        ({"base": "cien"}, "base"),
        ({"number": ""}, "numero"),
        ({"number": "F-1"}, "numero"),
    ],
)
def test_malformed_rows_are_errors(kwargs, field):
    with pytest.raises(FormatError) as error:
        read([row(), row(**{"number": "F-2", **kwargs})])
    assert (error.value.line, error.value.field) == (3, field)


@settings(max_examples=20, deadline=None)
@given(
    figures=st.lists(
        st.tuples(amounts(10**8), amounts(10**7, allow_negative=False), dates()),
        min_size=1,
        max_size=6,
    )
)
def test_round_trip_csv_and_xlsx(figures):
    csv_rows, xlsx_rows, expected = [], [], []
    for index, (base, vat, day) in enumerate(figures):
        total = base + vat
        csv_rows.append(
            row(
                number=f"F{index}",
                day=es_date(day),
                base=es_amount(base),
                vat=es_amount(vat),
                total=es_amount(total),
            )
        )
        xlsx_rows.append(["Iberdrola", "A95758389", f"F{index}", day, None, base, vat, 0, total])
        expected.append((f"F{index}", day, base, vat, total))
    for data in (csv_bytes(HEADER, csv_rows, bom=True), xlsx_bytes(HEADER, xlsx_rows)):
        result = read_invoices("f", data, CONFIG)
        found = [(i.number, i.date, i.base, i.vat, i.total) for i in result.invoices]
        assert found == expected
