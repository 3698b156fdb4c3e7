"""``conciliar mes``: the whole month in one run, idempotent, all or nothing, one run at a time."""

import csv
import datetime as dt
import hashlib
import json
import multiprocessing
import os
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from conciliacion.claims import ClaimItem, claims, create_claim, open_store
from conciliacion.cli import cli
from conciliacion.demo import generate_demo
from conciliacion.errors import ConciliacionError, FormatError
from conciliacion.inputs import read_inputs
from conciliacion.ledger.check import ledger_errors
from conciliacion.locking import practice_lock
from conciliacion.matchers.settlement_review import review_settlements
from conciliacion.model import ReviewStatus
from conciliacion.pipeline import run_month
from conciliacion.practice import Practice

MONTH = "2026-07"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("practica") / "demo"
    generate_demo(folder, seed=11, start="2026-05", months=3, services_per_month=120)
    return folder


@pytest.fixture
def demo(built: Path, tmp_path: Path) -> Path:
    """A fresh copy of the small demo practice, for tests that change it."""
    return Path(shutil.copytree(built, tmp_path / "demo"))


def outputs(folder: Path) -> dict[str, str]:
    """Every output file of a practice (results and ledger) and the hash of its content."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for sub in ("salida", "libro")
        for path in sorted((folder / sub).rglob("*"))
        if path.is_file()
    }


def test_a_month_writes_every_stage(demo: Path):
    summary = run_month(Practice(demo), MONTH)
    out = demo / "salida" / MONTH
    assert summary.inputs["banco"] == 6
    assert summary.missing_statements == 0
    assert sum(summary.review.values()) > 0
    for name in (
        "punteo.csv", "punteo.xlsx", "conciliacion.csv", "conciliacion.xlsx", "incidencias.csv",
        "incidencias.xlsx", "informe.html", "informe.pdf", "informe_anexo.xlsx", "resumen.json",
    ):  # fmt: skip
        assert (out / name).is_file(), name
        assert f"salida/{MONTH}/{name}" in summary.outputs
    # Every movement of the month is in exactly one outcome, and the summary says how many.
    with (out / "conciliacion.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == summary.movements == sum(summary.reconciliation.values()) > 0
    assert len({row["movimiento_id"] for row in rows}) == len(rows)
    pending = [row for row in rows if row["estado"] == "pendiente"]
    assert summary.unexplained == sum(abs(Decimal(row["importe"])) for row in pending)
    # The ledger: the month's file, the earlier months never written, and bean-check is happy.
    assert summary.ledger == f"libro/2026/{MONTH}.beancount"
    for month in ("2026-05", "2026-06", MONTH):
        assert (demo / "libro" / "2026" / f"{month}.beancount").is_file()
    assert ledger_errors(demo / "libro" / "main.beancount") == []
    saved = json.loads((out / "resumen.json").read_text(encoding="utf-8"))
    assert saved == summary.to_json()


def test_a_second_run_changes_nothing(demo: Path):
    run_month(Practice(demo), MONTH)
    before = outputs(demo)
    run_month(Practice(demo), MONTH)
    assert outputs(demo) == before


def test_a_run_after_an_earlier_month_leaves_the_later_ledger_alone(demo: Path):
    run_month(Practice(demo), MONTH, report=False)
    july = (demo / "libro" / "2026" / f"{MONTH}.beancount").read_bytes()
    run_month(Practice(demo), "2026-06", report=False)
    assert (demo / "libro" / "2026" / f"{MONTH}.beancount").read_bytes() == july
    assert ledger_errors(demo / "libro" / "main.beancount") == []


def test_a_malformed_input_stops_the_run_and_leaves_outputs_and_ledger_alone(demo: Path):
    run_month(Practice(demo), MONTH, report=False)
    before = outputs(demo)
    bad = demo / "entrada" / "liquidaciones" / "zz_rota.csv"
    good = min((demo / "entrada" / "liquidaciones").glob("*.csv"))
    lines = good.read_text(encoding="utf-8-sig").splitlines()
    cells = lines[1].split(";")
    cells[8] = "12,3x"  # importe
    bad.write_text("\n".join([lines[0], ";".join(cells)]) + "\n", encoding="utf-8")
    with pytest.raises(FormatError) as caught:
        run_month(Practice(demo), MONTH, report=False)
    assert caught.value.path == "entrada/liquidaciones/zz_rota.csv"
    assert caught.value.line == 2
    assert caught.value.field == "importe"
    assert outputs(demo) == before


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="con un solo núcleo no hay proceso auxiliar")
def test_a_failed_run_ends_the_report_worker_at_once(demo: Path):
    """The worker of a month with no report yet starts loading its libraries with the run; a run
    that fails before printing does not wait for that loading to finish (a second) to end."""
    from conciliacion.reports.printing import month_printer  # noqa: PLC0415

    bad = demo / "entrada" / "banco" / "zz_roto.n43"
    bad.write_text("11" + "0" * 78 + "\n", encoding="latin-1")
    printer = month_printer(Practice(demo), MONTH, report=True, aside=True)

    def failing_run() -> None:
        with printer:
            assert multiprocessing.active_children()  # the worker is loading
            run_month(Practice(demo), MONTH, printer=printer)

    with pytest.raises(ConciliacionError):
        failing_run()
    assert multiprocessing.active_children() == []


def test_a_failure_while_writing_puts_every_file_back(demo: Path, monkeypatch):
    run_month(Practice(demo), MONTH)
    (demo / "libro" / "2026" / "2026-06.beancount").unlink()  # so the run writes it again
    before = outputs(demo)

    def broken(*_args, **_kwargs):
        msg = "disco lleno"
        raise OSError(msg)

    monkeypatch.setattr("conciliacion.reports.files.start_month_reports", broken)
    with pytest.raises(OSError, match="disco lleno"):
        run_month(Practice(demo), MONTH)
    assert outputs(demo) == before


def test_a_second_run_at_the_same_time_is_refused_clearly(demo: Path):
    with (
        practice_lock(demo),
        pytest.raises(ConciliacionError, match="otra ejecución de conciliar"),
    ):
        run_month(Practice(demo), MONTH, report=False)
    run_month(Practice(demo), MONTH, report=False)  # the lock is released with its holder


def test_stale_temporary_files_of_a_killed_run_are_removed(demo: Path):
    run_month(Practice(demo), MONTH, report=False)
    stale = demo / "salida" / MONTH / ".punteo.csv.abc123.tmp"
    stale.write_bytes(b"servicio_id,fich")
    run_month(Practice(demo), MONTH, report=False)
    assert not stale.exists()


def test_later_settlements_pay_registered_claims_once(demo: Path):
    """A claim for a service that a later settlement pays gets its payment, once, and closes."""
    practice = Practice(demo)
    config = practice.load_config()
    inputs = read_inputs(practice, config)
    review = review_settlements(
        inputs.services, inputs.settlements, inputs.fee_schedule, config.insurers,
        dt.date(2026, 7, 31),
    )  # fmt: skip
    settled = {s.number: s.date for s in inputs.settlements}
    services = {s.id: s for s in inputs.services}
    paid = next(
        r
        for r in review.services
        if r.status is ReviewStatus.PAID and r.settlements and settled[r.settlements[0]].month == 7
    )
    service = services[paid.service_id]
    claimed_on = settled[paid.settlements[0]] - dt.timedelta(days=1)
    item = ClaimItem(
        service_id=service.id, insurer=service.insurer, settlement=None, act_date=service.date,
        act_code=service.act_code, authorisation=service.authorisation, expected=paid.expected,
        paid="0.00", claimed=paid.expected, reason="impagado",
    )  # fmt: skip
    with open_store(practice.db_path, chain=config.practice.nif) as store:
        claim = create_claim(store, service.insurer, [item], "prueba", claimed_on)

    first = run_month(practice, MONTH, report=False)
    assert first.payments_recorded == 2  # the payment, and the closing of the fully paid claim
    with open_store(practice.db_path, chain=config.practice.nif) as store:
        (after,) = [c for c in claims(store) if c.id == claim.id]
    assert str(after.state) == "cerrada"
    assert after.paid_total == paid.expected
    assert run_month(practice, MONTH, report=False).payments_recorded == 0


def test_the_mes_command_prints_the_summary_and_json(demo: Path):
    runner = CliRunner()
    result = runner.invoke(cli, ["mes", MONTH, "--practica", str(demo), "--sin-informe"])
    assert result.exit_code == 0, result.output
    assert "conciliados automáticamente" in result.output
    assert "libro/2026/2026-07.beancount" in result.output
    assert not (demo / "salida" / MONTH / "informe.pdf").exists()
    result = runner.invoke(cli, ["-q", "mes", MONTH, "--practica", str(demo), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["mes"] == MONTH
    assert set(data["conciliacion"]) == {"conciliado", "sugerido", "pendiente"}


def test_the_conciliar_command_writes_the_reconciliation_files(demo: Path):
    result = CliRunner().invoke(cli, ["conciliar", "2026-06", "--practica", str(demo)])
    assert result.exit_code == 0, result.output
    assert "salida/2026-06/conciliacion.csv" in result.output
    assert (demo / "salida" / "2026-06" / "conciliacion.xlsx").is_file()


def test_the_puntear_command_writes_the_review_files(demo: Path):
    result = CliRunner().invoke(cli, ["puntear", "2026-06", "--practica", str(demo)])
    assert result.exit_code == 0, result.output
    assert "salida/2026-06/punteo.csv" in result.output
    assert (demo / "salida" / "2026-06" / "punteo.xlsx").is_file()


def test_a_batch_runs_every_practice_and_fails_if_one_fails(demo: Path, tmp_path: Path):
    other = Path(shutil.copytree(demo, tmp_path / "otra"))
    missing = tmp_path / "no_existe"
    result = CliRunner().invoke(
        cli,
        ["lote", MONTH, str(demo), str(missing), str(other), "--sin-informe", "--procesos", "2"],
    )
    assert result.exit_code == 1
    assert "no existe el fichero de configuración" in result.output
    for folder in (demo, other):
        assert (folder / "salida" / MONTH / "resumen.json").is_file()
    assert not missing.exists()
    assert outputs(demo) == outputs(other)  # the same inputs, the same bytes


def test_a_file_dropped_twice_under_another_name_is_read_once(demo: Path):
    first = run_month(Practice(demo), MONTH, report=False)
    activity = min((demo / "entrada" / "actividad").glob("*.csv"))
    copy = demo / "entrada" / "actividad" / "copia" / "otra_vez.csv"
    copy.parent.mkdir()
    copy.write_bytes(activity.read_bytes())
    second = run_month(Practice(demo), MONTH, report=False)
    assert second.repeated == ("entrada/actividad/copia/otra_vez.csv",)
    assert second.review == first.review
    assert second.inputs == first.inputs


def test_claim_lists_are_registered_once_and_the_month_then_has_no_new_claims(demo: Path):
    runner = CliRunner()
    before = run_month(Practice(demo), MONTH, report=False)
    assert before.new_claims > 0
    args = ["reclamaciones", "crear", MONTH, "--practica", str(demo), "--fecha", "2026-08-03"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert result.output.count("rec-") == len(
        {line.split(":")[1].split(",")[0] for line in result.output.splitlines()}
    )
    again = runner.invoke(cli, args)
    assert again.exit_code == 0, again.output
    assert "No hay servicios por reclamar" in again.output
    after = run_month(Practice(demo), MONTH, report=False)
    assert after.new_claims == 0
    assert after.claimed == before.claimed


def test_the_report_printed_by_a_worker_is_the_one_printed_here(built: Path, tmp_path: Path):
    """The command prints the report in a second process; the bytes are the same as here."""
    here = Path(shutil.copytree(built, tmp_path / "aqui"))
    aside = Path(shutil.copytree(built, tmp_path / "aparte"))
    run_month(Practice(here), MONTH)
    run_month(Practice(aside), MONTH, print_aside=True)
    assert outputs(aside) == outputs(here)


def test_a_worker_that_dies_leaves_the_report_to_this_process(demo: Path, monkeypatch):
    from concurrent.futures.process import BrokenProcessPool  # noqa: PLC0415

    from conciliacion.reports import printing  # noqa: PLC0415

    class Dead:
        def result(self):
            raise BrokenProcessPool

        def done(self):
            return True

        def add_done_callback(self, call):
            call(self)

    class Pool:
        def __init__(self, **_options):
            pass

        def submit(self, *_call):
            return Dead()

        def shutdown(self, **_options):
            pass

    monkeypatch.setattr(printing, "ProcessPoolExecutor", Pool)
    run_month(Practice(demo), MONTH, print_aside=True)
    assert (demo / "salida" / MONTH / "informe.pdf").read_bytes().startswith(b"%PDF")
