import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from conciliacion.cli import cli

DOCS = Path(__file__).resolve().parents[1] / "docs"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), prog_name="conciliar")


def test_help_is_in_spanish():
    result = run("--help")
    assert result.exit_code == 0
    assert "Uso: conciliar" in result.output
    assert "Opciones:" in result.output
    assert "Órdenes:" in result.output
    assert "Show this message" not in result.output


ALL_COMMANDS = cli.list_commands(click.Context(cli))


def test_commands_loaded_when_run_are_listed():
    assert {"reclamaciones", "decidir", "libro", "fava", "revision", "informe"} <= set(ALL_COMMANDS)
    assert {"mes", "lote", "demo"} <= set(ALL_COMMANDS)


@pytest.mark.parametrize("command", ALL_COMMANDS)
def test_every_command_has_help_and_is_documented(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Uso:" in result.output
    found = cli.get_command(click.Context(cli), command)
    assert found is not None
    assert found.help
    assert f"conciliar {command}" in (DOCS / "cli.md").read_text(encoding="utf-8")


def test_init_then_month_writes_the_summary(tmp_path: Path):
    folder = tmp_path / "consulta"
    assert run("init", str(folder)).exit_code == 0
    assert (folder / "conciliacion.toml").is_file()
    assert (folder / "entrada" / "banco").is_dir()
    result = run("-q", "mes", "2026-10", "--practica", str(folder), "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["mes"] == "2026-10"
    assert summary["practica"] == "Clínica Ejemplo SL"
    assert (folder / "salida" / "2026-10" / "resumen.json").is_file()


def test_init_never_overwrites_a_configuration(tmp_path: Path):
    run("init", str(tmp_path))
    (tmp_path / "conciliacion.toml").write_text("# mío\n", encoding="utf-8")
    result = run("init", str(tmp_path))
    assert result.exit_code == 1
    assert "ya existe" in result.output
    assert (tmp_path / "conciliacion.toml").read_text(encoding="utf-8") == "# mío\n"


def test_a_user_error_is_one_line_and_a_non_zero_exit(tmp_path: Path):
    run("init", str(tmp_path))
    config = tmp_path / "conciliacion.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("B12345674", "B12345675"), encoding="utf-8"
    )
    result = run("mes", "2026-10", "--practica", str(tmp_path))
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert "practica.nif" in lines[0]
    assert "B12345675" in lines[0]
    assert "Traceback" not in result.output
    assert not (tmp_path / "salida" / "2026-10").exists()


def test_debug_shows_the_technical_detail(tmp_path: Path):
    result = run("--debug", "mes", "2026-10", "--practica", str(tmp_path))
    assert result.exit_code == 1
    assert result.exception is not None


def test_a_bad_month_is_refused():
    result = run("mes", "2026-13")
    assert result.exit_code == 1
    assert "AAAA-MM" in result.output


def test_outputs_are_readable_by_the_rest_of_the_firm(tmp_path: Path):
    run("init", str(tmp_path))
    assert run("-q", "mes", "2026-10", "--practica", str(tmp_path)).exit_code == 0
    mode = (tmp_path / "salida" / "2026-10" / "resumen.json").stat().st_mode & 0o777
    assert mode & 0o044 == 0o044


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["mes"], "error: falta el argumento MES"),
        (["nada"], "error: no existe la orden «nada»"),
        (["mes", "2026-07", "--fo"], "error: no existe la opción --fo"),
        (["revision", "--limite", "x"], "error: valor no válido para --limite: «x» no es un"),
        (["mes", "2026-07", "sobra"], "error: sobra: sobra"),
    ],
)
def test_usage_errors_are_in_spanish_with_the_usage_and_exit_code_2(args, expected):
    result = run(*args)
    assert result.exit_code == 2
    assert expected in result.output
    assert "Uso: conciliar" in result.output
    assert "--help» para ver la ayuda" in result.output
    assert "Error:" not in result.output


def test_the_month_command_starts_without_the_heavy_libraries():
    """``conciliar mes`` loads no library that only another command or a rare input needs.

    Each of these takes a tenth of a second to most of a second to import; a typical month's
    run takes a few seconds, so a stray import at the top of a module is a regression.
    """
    heavy = ["numpy", "ofxparse", "openpyxl", "pygal", "scipy", "sqlalchemy", "weasyprint"]
    code = (
        "import sys\n"
        "from conciliacion.cli import cli\n"
        "import conciliacion.pipeline\n"
        "cli.get_command(None, 'mes')\n"
        f"print(','.join(m for m in {heavy!r} if m in sys.modules))\n"
    )
    command = [sys.executable, "-c", code]
    found = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
    assert found.stdout.strip() == ""
