import datetime as dt
from pathlib import Path

import pytest

from conciliacion.errors import FormatError
from conciliacion.importers.bank_csv import BankCsvImporter, bundled_profiles
from conciliacion.importers.camt053 import Camt053Importer
from conciliacion.importers.camt053_writer import write_camt053
from conciliacion.importers.detect import (
    default_importers,
    identify_importer,
    read_statement_file,
)
from conciliacion.importers.ofx import OfxImporter
from conciliacion.model import Movement, Source, Statement

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"
ACCOUNT = "ES9121000418450200051332"
IMPORTERS = (
    Camt053Importer(),
    OfxImporter(),
    *(BankCsvImporter(p, ACCOUNT) for p in bundled_profiles()),
)


def _camt() -> bytes:
    move = Movement(ACCOUNT, dt.date(2024, 1, 2), dt.date(2024, 1, 2), "10.00", Source("x", 0))
    statement = Statement(
        ACCOUNT, dt.date(2024, 1, 1), dt.date(2024, 1, 31), "5", "15", [move], Source("x", 0)
    )
    return write_camt053([statement])


def test_detection_by_content_not_by_name(tmp_path):
    camt = tmp_path / "extracto.ofx"
    camt.write_bytes(_camt())
    assert read_statement_file(camt, IMPORTERS).statements[0].closing_balance == 15
    ofx = tmp_path / "extracto.xml"
    ofx.write_bytes((SAMPLES / "ofx" / "ofxparse_bank_medium.ofx").read_bytes())
    assert identify_importer(ofx, ofx.read_bytes(), IMPORTERS).name == "ofx"
    csv_file = tmp_path / "extracto.n43"
    csv_file.write_bytes(b"F. Operativa;Concepto;F. Valor;Importe;Saldo;Referencia 1\n")
    assert (
        identify_importer(csv_file, csv_file.read_bytes(), IMPORTERS).name == "perfil:sabadell_csv"
    )


def test_unknown_format(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b"a;b;c\n1;2;3\n")
    with pytest.raises(FormatError, match="formato de extracto no reconocido"):
        read_statement_file(path, IMPORTERS)


def test_overlapping_profiles_are_an_error(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b"F. Operativa;Concepto;F. Valor;Importe;Saldo;Referencia 1\n")
    sabadell = next(p for p in bundled_profiles() if p.name == "sabadell_csv")
    importers = (BankCsvImporter(sabadell), BankCsvImporter(sabadell))
    with pytest.raises(FormatError, match="varios formatos"):
        read_statement_file(path, importers)


def test_no_importer_identifies_every_ofx_sample_but_ofx():
    for path in sorted((SAMPLES / "ofx").glob("*.ofx")):
        assert identify_importer(path, path.read_bytes(), IMPORTERS).name == "ofx"


def test_default_importers_include_norma43():
    reader = pytest.importorskip("conciliacion.importers.norma43", exc_type=ImportError)
    if not hasattr(reader, "Norma43Importer"):
        pytest.skip("Norma43Importer not there yet")
    importers = default_importers()
    names = [i.name for i in importers]
    assert names[:3] == ["norma43", "camt053", "ofx"]
    for path in sorted((SAMPLES / "n43").glob("*")):
        if path.name != "README.md":
            assert identify_importer(path, path.read_bytes(), importers).name == "norma43"
