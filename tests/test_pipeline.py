import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conciliacion.cli import cli
from conciliacion.demo import generate_demo
from conciliacion.errors import FormatError
from conciliacion.pipeline import run_month
from conciliacion.practice import Practice


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("practica") / "demo"
    generate_demo(folder, seed=11, start="2026-05", months=3, services_per_month=120)
    return folder


def snapshot(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_a_month_reads_everything_and_writes_the_punteo(demo: Path):
    summary = run_month(Practice(demo), "2026-07")
    assert summary.inputs["banco"] == 6
    assert summary.movements > 0
    assert summary.missing_statements == 0
    assert sum(summary.review.values()) > 0
    out = demo / "salida" / "2026-07"
    assert (out / "punteo.csv").read_text(encoding="utf-8").startswith("servicio_id,fichero,")
    saved = json.loads((out / "resumen.json").read_text(encoding="utf-8"))
    assert saved["mes"] == "2026-07"
    assert saved["punteo"] == summary.review


def test_a_second_run_changes_nothing(demo: Path):
    run_month(Practice(demo), "2026-07")
    before = snapshot(demo / "salida")
    run_month(Practice(demo), "2026-07")
    assert snapshot(demo / "salida") == before


def test_a_malformed_input_stops_the_run_and_leaves_the_outputs_alone(demo: Path):
    run_month(Practice(demo), "2026-07")
    before = snapshot(demo / "salida")
    bad = demo / "entrada" / "liquidaciones" / "zz_rota.csv"
    good = min((demo / "entrada" / "liquidaciones").glob("*.csv"))
    lines = good.read_text(encoding="utf-8-sig").splitlines()
    cells = lines[1].split(";")
    cells[8] = "12,3x"  # importe
    bad.write_text("\n".join([lines[0], ";".join(cells)]) + "\n", encoding="utf-8")
    try:
        with pytest.raises(FormatError) as caught:
            run_month(Practice(demo), "2026-07")
        assert caught.value.path == "entrada/liquidaciones/zz_rota.csv"
        assert caught.value.line == 2
        assert caught.value.field == "importe"
        assert snapshot(demo / "salida") == before
    finally:
        bad.unlink()


def test_the_puntear_command_writes_the_review_files(demo: Path):
    result = CliRunner().invoke(cli, ["puntear", "2026-06", "--practica", str(demo)])
    assert result.exit_code == 0, result.output
    assert "salida/2026-06/punteo.csv" in result.output
    assert (demo / "salida" / "2026-06" / "punteo.xlsx").is_file()
