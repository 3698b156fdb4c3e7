import csv
import io

from bank_fixtures import PERIOD, SECOND, config, movement, settlement
from conciliacion.matchers.bank_reconcile import reconcile
from conciliacion.reports.reconciliation_files import (
    RECONCILIATION_COLUMNS,
    write_reconciliation_outputs,
)


def _result():
    movements = [
        movement(12, "1500.00", "TRANSFERENCIA SANITAS", "LIQ SAN-2026-00011", line=3),
        movement(2, "-15.00", "COMISION MANTENIMIENTO", line=2, common_concept="17"),
        movement(2, "-9.00", 'COMISION, CON "COMILLAS"', line=1, account=SECOND),
        movement(4, "77.70", "INGRESO RARO", line=4),
    ]
    result = reconcile(
        movements, [settlement("SAN-2026-00011", "1500.00")], [], [], config(), period=PERIOD
    )
    return result, {m.id: m for m in movements}


def test_csv_contract(tmp_path):
    result, by_id = _result()
    paths = write_reconciliation_outputs(tmp_path, result, by_id)
    assert [p.name for p in paths] == ["conciliacion.csv", "conciliacion.xlsx"]
    data = (tmp_path / "conciliacion.csv").read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    assert data.split(b"\r\n")[0].decode() == ",".join(RECONCILIATION_COLUMNS)
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    assert len(rows) == 4
    order = [(r["cuenta_bancaria"], r["fecha_operacion"], r["linea"]) for r in rows]
    assert order == sorted(order)
    liq = next(r for r in rows if r["tipo"] == "liquidacion")
    assert (liq["importe"], liq["estado"], liq["referencias"]) == (
        "1500.00",
        "conciliado",
        "SAN-2026-00011",
    )
    assert liq["contrapartida"].startswith("430 ")
    assert liq["confianza"] == "0.99"
    unknown = next(r for r in rows if r["importe"] == "77.70")
    assert (unknown["estado"], unknown["tipo"]) == ("pendiente", "desconocido")
    assert unknown["contrapartida"].startswith("555 ")
    assert (
        next(r for r in rows if r["importe"] == "-9.00")["concepto"] == 'COMISION, CON "COMILLAS"'
    )


def test_byte_identical(tmp_path):
    result, by_id = _result()
    write_reconciliation_outputs(tmp_path / "a", result, by_id)
    again, by_id = _result()
    write_reconciliation_outputs(tmp_path / "b", again, by_id)
    for name in ("conciliacion.csv", "conciliacion.xlsx"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
