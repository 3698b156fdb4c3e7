import datetime as dt
from decimal import Decimal

from beancount.core import data as bc_data

from conciliacion.importers.bank_csv import BankCsvImporter, profile_from_table
from conciliacion.importers.beangulp_adapter import BeangulpImporter
from conciliacion.importers.camt053 import Camt053Importer
from conciliacion.importers.camt053_writer import write_camt053
from conciliacion.model import Counterparty, Movement, Source, Statement

ACCOUNT = "ES9121000418450200051332"
BANK = "Activo:572:Banco"


def _file(tmp_path):
    moves = [
        Movement(
            ACCOUNT,
            dt.date(2024, 1, 2),
            dt.date(2024, 1, 3),
            "850.50",
            Source("x", 0),
            concepts=("LIQUIDACION", "ENERO"),
            counterparty=Counterparty("ADESLAS"),
        ),
        Movement(ACCOUNT, dt.date(2024, 1, 9), dt.date(2024, 1, 9), "-12.10", Source("x", 0)),
    ]
    statement = Statement(
        ACCOUNT, dt.date(2024, 1, 1), dt.date(2024, 1, 31), "100", "938.40", moves, Source("x", 0)
    )
    path = tmp_path / "enero.xml"
    path.write_bytes(write_camt053([statement]))
    return path


def test_extract_transactions_and_closing_balance(tmp_path):
    path = _file(tmp_path)
    importer = BeangulpImporter(Camt053Importer(), BANK)
    assert importer.identify(str(path))
    assert not importer.identify(str(tmp_path / "missing.xml"))
    assert importer.account(str(path)) == BANK
    assert importer.date(str(path)) == dt.date(2024, 1, 31)
    assert importer.filename(str(path)) == "enero.xml"
    assert importer.name == "conciliacion.camt053"
    entries = importer.extract(str(path), [])
    txns = [e for e in entries if isinstance(e, bc_data.Transaction)]
    (balance,) = [e for e in entries if isinstance(e, bc_data.Balance)]
    assert [t.postings[0].units.number for t in txns] == [Decimal("850.50"), Decimal("-12.10")]
    first = txns[0]
    assert first.narration == "LIQUIDACION ENERO"
    assert first.payee == "ADESLAS"
    assert first.meta["filename"] == str(path)
    assert first.meta["lineno"] > 0
    assert first.meta["movimiento"].startswith("mov-")
    assert first.meta["fecha_valor"] == dt.date(2024, 1, 3)
    assert balance.date == dt.date(2024, 2, 1)
    assert balance.amount.number == Decimal("938.40")
    assert balance.account == BANK


def test_no_balance_assertion_without_balances(tmp_path):
    profile = profile_from_table(
        {"nombre": "p", "banco": "B", "tipo": "csv", "fecha": "F", "concepto": "C", "importe": "I"},
        "perfiles_banco[1]",
    )
    path = tmp_path / "m.csv"
    path.write_bytes(b"F;C;I\n02/01/2024;X;1,00\n")
    entries = BeangulpImporter(BankCsvImporter(profile, ACCOUNT), BANK).extract(str(path), [])
    assert [type(e).__name__ for e in entries] == ["Transaction"]


def test_unreadable_file_has_no_date(tmp_path):
    path = tmp_path / "bad.xml"
    path.write_bytes(b"<Document xmlns='urn:iso:std:iso:20022:tech:xsd:camt.053.001.08'><x>")
    assert BeangulpImporter(Camt053Importer(), BANK).date(str(path)) is None
