import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from conciliacion.errors import ConfigError, FormatError
from conciliacion.importers.bank_csv import BankCsvImporter, bundled_profiles, profile_from_table

ACCOUNT = "ES9121000418450200051332"
PROFILES = {p.name: p for p in bundled_profiles()}


def test_bundled_profiles_cover_the_seven_banks():
    banks = {p.bank for p in PROFILES.values()}
    assert banks == {"CaixaBank", "Santander", "BBVA", "Sabadell", "Bankinter", "ING", "Kutxabank"}


SABADELL = (
    "F. Operativa;Concepto;F. Valor;Importe;Saldo;Referencia 1;Referencia 2\r\n"
    "05/02/2024;TRANSF DE SEGURCAIXA ADESLAS;06/02/2024;1.850,50;2.850,50;LIQ01;\r\n"
    "07/02/2024;RECIBO LUZ;07/02/2024;-120,00;2.730,50;;\r\n"
)


def _read(profile_name, data, account=ACCOUNT, path="mov.csv"):
    return BankCsvImporter(PROFILES[profile_name], account).read(Path(path), data)


def test_csv_with_signed_amount_and_balance():
    importer = BankCsvImporter(PROFILES["sabadell_csv"], ACCOUNT)
    data = SABADELL.encode("cp1252")
    assert importer.identify(Path("x.txt"), data)
    (statement,) = importer.read(Path("mov.csv"), data).statements
    assert statement.opening_balance == Decimal("1000.00")
    assert statement.closing_balance == Decimal("2730.50")
    assert [m.source.line for m in statement.movements] == [2, 3]
    first = statement.movements[0]
    assert first.amount == Decimal("1850.50")
    assert first.value_date == dt.date(2024, 2, 6)
    assert first.reference1 == "LIQ01"
    assert first.balance_after == Decimal("2850.50")
    assert statement.bank_name == "Sabadell"


def test_newest_first_files_are_understood():
    lines = SABADELL.splitlines(keepends=True)
    data = (lines[0] + lines[2] + lines[1]).encode("cp1252")
    (statement,) = _read("sabadell_csv", data).statements
    assert statement.opening_balance == Decimal("1000.00")
    assert statement.closing_balance == Decimal("2730.50")
    assert [m.source.line for m in statement.movements] == [2, 3]


def test_balance_that_does_not_follow_is_an_error_on_its_line():
    data = SABADELL.replace("2.730,50", "2.730,40").encode("cp1252")
    with pytest.raises(FormatError) as info:
        _read("sabadell_csv", data)
    assert (info.value.line, info.value.field) == (3, "Saldo")


def test_bad_amount_and_date_name_line_and_column():
    with pytest.raises(FormatError) as info:
        _read("sabadell_csv", SABADELL.replace("-120,00", "-120,001").encode("cp1252"))
    assert (info.value.line, info.value.field) == (3, "Importe")
    with pytest.raises(FormatError) as info:
        _read("sabadell_csv", SABADELL.replace("07/02/2024;RECIBO", "2024-02-07;RECIBO").encode())
    assert (info.value.line, info.value.field) == (3, "F. Operativa")


def test_profile_without_account_in_file_needs_configuration():
    with pytest.raises(FormatError, match="configuración"):
        _read("sabadell_csv", SABADELL.encode("cp1252"), account=None)


def _xlsx(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _caixabank(amount_cell, balance_cell=Decimal("950.00")):
    return _xlsx(
        [
            ("Movimientos de la cuenta", None),
            ("Cuenta: ES91 2100 0418 4502 0005 1332", None),
            ("Fecha", "Fecha valor", "Concepto", "Más datos", "Ingreso (+)", "Gasto (-)", "Saldo"),
            (
                dt.datetime.combine(dt.date(2024, 3, 1), dt.time()),
                "01/03/2024",
                "COMISION",
                "",
                None,
                amount_cell,
                balance_cell,
            ),
            (
                dt.datetime.combine(dt.date(2024, 3, 4), dt.time()),
                "04/03/2024",
                "BIZUM",
                "PACIENTE",
                50,
                None,
                1000,
            ),
        ]
    )


def test_xlsx_debit_credit_and_account_from_header():
    importer = BankCsvImporter(PROFILES["caixabank_xlsx"])
    data = _caixabank(50.0, 950.0)
    assert importer.identify(Path("x.xls"), data)
    assert not BankCsvImporter(PROFILES["sabadell_csv"]).identify(Path("x.csv"), data)
    (statement,) = importer.read(Path("caixa.xlsx"), data).statements
    assert statement.account == ACCOUNT
    assert [m.amount for m in statement.movements] == [Decimal("-50.00"), Decimal("50.00")]
    assert [m.source.line for m in statement.movements] == [4, 5]
    assert statement.opening_balance == Decimal("1000.00")
    assert statement.movements[1].concepts == ("BIZUM", "PACIENTE")


def test_xlsx_float_that_needs_rounding_is_refused():
    with pytest.raises(FormatError) as info:
        BankCsvImporter(PROFILES["caixabank_xlsx"]).read(Path("c.xlsx"), _caixabank(12.345))
    assert (info.value.line, info.value.field) == (4, "Gasto (-)")


def test_account_in_file_must_match_configuration():
    other = "ES7921000813610123456789"
    with pytest.raises(FormatError, match="no de ES79"):
        BankCsvImporter(PROFILES["caixabank_xlsx"], other).read(Path("c.xlsx"), _caixabank(50))


USER = {
    "nombre": "mi_banco",
    "banco": "Mi banco",
    "tipo": "csv",
    "separador": ",",
    "decimal": ".",
    "codificacion": "utf-8",
    "lineas_cabecera": 1,
    "fecha": "Date",
    "formato_fecha": "%Y-%m-%d",
    "concepto": "Text",
    "cargo": 3,
    "abono": 4,
}


def test_user_profile_with_positions_and_no_balance():
    profile = profile_from_table(USER, "perfiles_banco[1]")
    data = b"Exported 2024\nDate,Text,Out,In\n2024-01-02,FEE,1.50,\n2024-01-03,PAYMENT,,1200.00\n"
    result = BankCsvImporter(profile, ACCOUNT).read(Path("u.csv"), data)
    (statement,) = result.statements
    assert [m.amount for m in statement.movements] == [Decimal("-1.50"), Decimal("1200.00")]
    assert [w.code for w in result.warnings] == ["sin_saldos"]


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"tipo": "pdf"}, "perfiles_banco[1].tipo"),
        ({"decimal": ";"}, "perfiles_banco[1].decimal"),
        ({"fecha": 0}, "perfiles_banco[1].fecha"),
        ({"fecha": None}, "perfiles_banco[1].fecha"),
        ({"importe": "Amount"}, "perfiles_banco[1].importe"),
        ({"abono": None}, "perfiles_banco[1].importe"),
        ({"codificacion": "klingon"}, "perfiles_banco[1].codificacion"),
        ({"cuenta": "celda:??"}, "perfiles_banco[1].cuenta"),
        ({"colour": "red"}, "perfiles_banco[1].colour"),
        ({"lineas_cabecera": -1}, "perfiles_banco[1].lineas_cabecera"),
    ],
)
def test_profile_errors_name_the_key(change, key):
    table = {k: v for k, v in {**USER, **change}.items() if v is not None}
    with pytest.raises(ConfigError) as info:
        profile_from_table(table, "perfiles_banco[1]")
    assert info.value.key == key
