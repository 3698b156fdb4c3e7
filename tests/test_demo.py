import csv
import datetime as dt
import hashlib
import io
import tomllib
import unicodedata
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from stdnum import iban as iban_mod
from stdnum.es import nif as nif_mod

from conciliacion.config import load_config
from conciliacion.demo import GroundTruth, ServiceOutcome, generate_demo
from conciliacion.errors import ConciliacionError
from conciliacion.model import MatchKind
from conciliacion.money import parse_amount

SMALL = {"months": 3, "services_per_month": 200}


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[Path, GroundTruth]:
    # May to August: the schedules change on 1 July, and July is settled in August.
    folder = tmp_path_factory.mktemp("demo") / "practica"
    return folder, generate_demo(folder, seed=7, start="2026-05", months=4, services_per_month=200)


@pytest.fixture(scope="module")
def demo_sl(tmp_path_factory) -> tuple[Path, GroundTruth]:
    folder = tmp_path_factory.mktemp("demo_sl") / "practica"
    return folder, generate_demo(folder, seed=11, form="SL", **SMALL)


def _hashes(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _rows(path: Path) -> list[dict[str, str]]:
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def _cents(record: str, sign_at: int, start: int, end: int) -> Decimal:
    amount = Decimal(int(record[start - 1 : end])) / 100
    return -amount if record[sign_at - 1] == "1" else amount


def _parse_n43(data: bytes) -> tuple[Decimal, Decimal, list[tuple[int, Decimal, str, list[str]]]]:
    """Opening, closing and (line, amount, common concept, texts) of a one-account file."""
    opening = closing = None
    movements: list[tuple[int, Decimal, str, list[str]]] = []
    for number, record in enumerate(data.decode("latin-1").split("\r\n"), start=1):
        code = record[:2]
        if code == "11":
            opening = _cents(record, 33, 34, 47)
        elif code == "22":
            movements.append((number, _cents(record, 28, 29, 42), record[22:24], []))
        elif code == "23":
            movements[-1][3].extend(t.strip() for t in (record[4:42], record[42:80]) if t.strip())
        elif code == "33":
            closing = _cents(record, 59, 60, 73)
    assert opening is not None
    assert closing is not None
    return opening, closing, movements


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).upper()


def test_same_arguments_give_byte_identical_files(tmp_path):
    generate_demo(tmp_path / "a", months=2, services_per_month=80)
    generate_demo(tmp_path / "b", months=2, services_per_month=80)
    generate_demo(tmp_path / "c", months=2, services_per_month=80, seed=1)
    first = _hashes(tmp_path / "a")
    assert first == _hashes(tmp_path / "b")
    assert first != _hashes(tmp_path / "c")


def test_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "nota.txt").write_text("x")
    with pytest.raises(ConciliacionError, match="no está vacía"):
        generate_demo(tmp_path, months=1, services_per_month=10)


def test_accepts_an_empty_folder_and_refuses_bad_arguments(tmp_path):
    generate_demo(tmp_path, months=1, services_per_month=10)
    assert (tmp_path / "conciliacion.toml").is_file()
    with pytest.raises(ConciliacionError, match="meses"):
        generate_demo(tmp_path / "x", months=0)
    with pytest.raises(ConciliacionError, match="mes inicial"):
        generate_demo(tmp_path / "y", start="2026-13")


def test_writes_the_folders_a_user_would(demo):
    folder, truth = demo
    assert truth.months == ("2026-05", "2026-06", "2026-07", "2026-08")
    for month in truth.months:
        assert (folder / f"entrada/actividad/actividad_{month}.csv").is_file()
        assert (folder / f"entrada/facturas/facturas_{month}.csv").is_file()
        assert (folder / f"entrada/banco/caixabank_{month}.n43").is_file()
        assert (folder / f"entrada/banco/sabadell_{month}.n43").is_file()
    assert (folder / "entrada/baremos/baremos_2026.csv").is_file()
    assert len(list((folder / "entrada/liquidaciones").glob("*.csv"))) == len(truth.settlements)


def test_csv_headers_are_the_contract(demo):
    folder, _ = demo
    first_lines = {
        "entrada/actividad/actividad_2026-05.csv": (
            "id;fecha;paciente;tarjeta;aseguradora;codigo_acto;acto;autorizacion;importe;forma_pago"
        ),
        "entrada/baremos/baremos_2026.csv": (
            "aseguradora;codigo_acto;acto;importe;desde;hasta;requiere_autorizacion"
        ),
        "entrada/facturas/facturas_2026-05.csv": (
            "proveedor;nif;numero;fecha;vencimiento;base;iva;retencion;total;cuenta"
        ),
    }
    settlement = next((folder / "entrada/liquidaciones").glob("*.csv"))
    first_lines[str(settlement.relative_to(folder))] = (
        "liquidacion;fecha_liquidacion;aseguradora;paciente;tarjeta;fecha_acto;codigo_acto;"
        "autorizacion;importe;retencion;concepto"
    )
    for relative, header in first_lines.items():
        data = (folder / relative).read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")
        assert data.decode("utf-8-sig").split("\r\n", 1)[0] == header


def test_fee_schedules_change_on_1_july(demo):
    folder, _ = demo
    rows = _rows(folder / "entrada/baremos/baremos_2026.csv")
    closed = [r for r in rows if r["hasta"]]
    assert closed
    assert {r["hasta"] for r in closed} == {"30/06/2026"}
    assert {r["desde"] for r in rows} == {"01/05/2026", "01/07/2026"}
    assert {r["requiere_autorizacion"] for r in rows} == {"si", "no"}


def test_settlement_totals_equal_their_lines(demo):
    folder, truth = demo
    for settlement in truth.settlements:
        rows = _rows(folder / settlement.source.file)
        assert {r["liquidacion"] for r in rows} == {settlement.number}
        service_rows = [r for r in rows if r["fecha_acto"]]
        deduction_rows = [r for r in rows if not r["fecha_acto"]]
        gross = sum((parse_amount(r["importe"]) for r in service_rows), start=Decimal(0))
        withholding = sum((parse_amount(r["retencion"]) for r in service_rows), start=Decimal(0))
        deductions = -sum((parse_amount(r["importe"]) for r in deduction_rows), start=Decimal(0))
        assert gross == settlement.gross
        assert withholding == settlement.withholding
        assert deductions == settlement.deductions
        assert gross - withholding - deductions == settlement.net
        assert all(not r["paciente"] and r["concepto"] for r in deduction_rows)


def test_withholding_only_for_the_self_employed(demo, demo_sl):
    _, truth = demo
    for settlement in truth.settlements:
        rounding = Decimal("0.005") * len(settlement.lines)
        assert abs(settlement.withholding - settlement.gross * Decimal("0.15")) <= rounding
    _, truth_sl = demo_sl
    assert all(s.withholding == 0 for s in truth_sl.settlements)


def test_statement_balances_add_up(demo):
    folder, truth = demo
    for bank in ("caixabank", "sabadell"):
        previous_closing = None
        for month in truth.months:
            opening, closing, movements = _parse_n43(
                (folder / f"entrada/banco/{bank}_{month}.n43").read_bytes()
            )
            if previous_closing is not None:
                assert opening == previous_closing
            assert opening + sum(m[1] for m in movements) == closing
            previous_closing = closing
    by_file = {s.source.file: s for s in truth.statements}
    assert len(by_file) == 2 * len(truth.months)


def test_every_bank_movement_has_its_truth(demo):
    folder, truth = demo
    keys = set()
    for path in sorted((folder / "entrada/banco").glob("*.n43")):
        relative = str(path.relative_to(folder))
        for line, amount, common, texts in _parse_n43(path.read_bytes())[2]:
            keys.add((relative, line))
            movement = truth.movements[relative, line].movement
            assert movement.amount == amount
            assert movement.common_concept == common
            assert list(movement.concepts) == texts
            assert movement.source.file == relative
            assert movement.source.line == line
    assert keys == set(truth.movements)


def test_insurer_transfers_carry_the_net_of_what_they_pay(demo):
    _, truth = demo
    nets = {(s.insurer, s.number): s.net for s in truth.settlements}
    paid: dict[tuple[tuple[str, str], ...], Decimal] = defaultdict(Decimal)
    for movement in truth.movements.values():
        if movement.kind is MatchKind.SETTLEMENT_PAYMENT:
            assert movement.settlements
            paid[movement.settlements] += movement.movement.amount
    assert paid
    for pairs, amount in paid.items():
        assert amount == sum(nets[pair] for pair in pairs)
    assert any(len(pairs) > 1 for pairs in paid)
    assert any(m.partial for m in truth.movements.values())


def test_movements_that_undo_others_point_at_them(demo):
    _, truth = demo
    kinds = {m.kind for m in truth.movements.values()}
    assert {MatchKind.RETURN, MatchKind.INTERNAL_TRANSFER, MatchKind.CARD_BATCH} <= kinds
    assert {MatchKind.TAX, MatchKind.SOCIAL_SECURITY, MatchKind.PAYROLL} <= kinds
    commons = set()
    for movement in truth.movements.values():
        commons.add(movement.movement.common_concept)
        if movement.kind in {MatchKind.RETURN, MatchKind.INTERNAL_TRANSFER}:
            assert len(movement.related) == 1
            other = truth.movements[movement.related[0]].movement
            assert other.amount == -movement.movement.amount
    assert {"02", "03", "04", "12", "14", "15", "17", "98", "99"} <= commons


def test_invoice_payments_pay_known_invoices(demo):
    _, truth = demo
    invoices = {(i.nif, i.number): i for i in truth.invoices}
    for movement in truth.movements.values():
        if movement.kind is MatchKind.INVOICE_PAYMENT:
            (pair,) = movement.invoices
            assert movement.movement.amount == -invoices[pair].total


def test_private_takings_add_up_to_the_services_they_collect(demo):
    folder, truth = demo
    amounts = {}
    for month in truth.months:
        for row in _rows(folder / f"entrada/actividad/actividad_{month}.csv"):
            if row["aseguradora"] == "particular":
                amounts[row["id"]] = parse_amount(row["importe"])
    collected = set()
    for movement in truth.movements.values():
        if movement.kind in {MatchKind.BIZUM, MatchKind.CASH_DEPOSIT, MatchKind.PRIVATE_TRANSFER}:
            total = sum(amounts[s] for s in movement.services)
            assert movement.movement.amount == total
        if movement.kind is MatchKind.CARD_BATCH:
            total = sum(amounts[s] for s in movement.services)
            assert total * Decimal("0.99") < movement.movement.amount <= total
        assert not collected & set(movement.services)
        collected |= set(movement.services)


def test_service_truth_covers_every_service_consistently(demo):
    folder, truth = demo
    ids = []
    for month in truth.months:
        ids += [row["id"] for row in _rows(folder / f"entrada/actividad/actividad_{month}.csv")]
    assert list(truth.services) == ids
    outcomes = {t.outcome for t in truth.services.values()}
    assert {ServiceOutcome.PAID, ServiceOutcome.PENDING, ServiceOutcome.FEE_DIFFERENCE} <= outcomes
    for service in truth.services.values():
        if service.outcome is ServiceOutcome.PAID:
            assert service.paid == service.expected
        elif service.outcome is ServiceOutcome.FEE_DIFFERENCE:
            assert service.paid != service.expected
        elif service.outcome is ServiceOutcome.PENDING:
            assert service.paid == 0
            assert not service.settlements
    old_price = [t for t in truth.services.values() if t.reason == "baremo_antiguo"]
    assert old_price
    assert all(t.paid < t.expected for t in old_price)
    numbers = {s.number for s in truth.settlements}
    assert all(set(t.settlements) <= numbers for t in truth.services.values())


def test_lines_without_service_name_nobody_in_the_activity(demo):
    folder, truth = demo
    patients = set()
    for month in truth.months:
        patients |= {
            _plain(r["paciente"])
            for r in _rows(folder / f"entrada/actividad/actividad_{month}.csv")
        }
    for line in truth.lines_without_service:
        assert line.act_date is not None
        assert _plain(line.patient) not in patients


def test_configuration_parses_and_its_identifiers_are_valid(demo, demo_sl):
    for folder, truth in (demo, demo_sl):
        path = folder / "conciliacion.toml"
        assert path.read_text(encoding="utf-8").startswith("#")
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        assert data["practica"]["forma"] == truth.form
        assert ("retencion" in data["practica"]) is (truth.form == "autonomo")
        nifs = [data["practica"]["nif"]]
        nifs += [t["nif"] for t in data["aseguradoras"] + data["proveedores"]]
        assert all(nif_mod.is_valid(n) for n in nifs)
        ibans = [c["iban"] for c in data["cuentas"]]
        ibans += [i for t in data["aseguradoras"] + data["proveedores"] for i in t.get("iban", [])]
        assert all(iban_mod.is_valid(i) for i in ibans)
        assert [c["nombre"] for c in data["cuentas"]] == ["CaixaBank", "Sabadell"]
        assert len(data["aseguradoras"]) == 12
        assert any(t["iban"] == [] for t in data["aseguradoras"])
        assert {t["plazo_pago"] for t in data["aseguradoras"]} <= set(range(30, 91))
        config = load_config(path)
        assert {s.insurer for s in truth.settlements} <= {i.id for i in config.insurers}
        assert len(config.suppliers) == 8


def test_patient_names_stay_out_of_bank_files_except_bizum(demo):
    folder, truth = demo
    names = set()
    for month in truth.months:
        names |= {
            _plain(r["paciente"])
            for r in _rows(folder / f"entrada/actividad/actividad_{month}.csv")
        }
    bizum_with_name = 0
    for path in (folder / "entrada/banco").glob("*.n43"):
        for _, _, common, texts in _parse_n43(path.read_bytes())[2]:
            text = " ".join(texts)
            found = [name for name in names if name in text]
            if common == "99" and text.startswith("BIZUM DE "):
                bizum_with_name += bool(found)
            else:
                assert not found, text
    assert bizum_with_name


def test_truth_serialises_to_json(demo, tmp_path):
    _, truth = demo
    path = tmp_path / "verdad.json"
    truth.save_json(path)
    text = path.read_text(encoding="utf-8")
    assert '"movimientos"' in text
    data = truth.to_json()
    assert len(data["movimientos"]) == len(truth.movements)
    assert data["fecha_corte"] == dt.date(2026, 8, 31).isoformat()
