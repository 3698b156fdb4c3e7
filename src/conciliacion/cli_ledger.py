"""The ``conciliar libro`` and ``conciliar fava`` commands: thin, over ``conciliacion.ledger``.

``libro`` checks a practice's ledger as ``bean-check`` does and exports the month's Libro Diario
(and, for a self-employed physician, the income and expense registers). Writing the month's
entries is the month pipeline's job, once the reconciliation produces the bookings.
``fava`` serves the ledger on the loopback interface only: the books hold a practice's figures.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from conciliacion._cli_base import SpanishCommand, practice_option
from conciliacion.config import LegalForm, load_config
from conciliacion.errors import ConciliacionError
from conciliacion.ledger.bookings import month_end
from conciliacion.ledger.check import ledger_errors, load_ledger
from conciliacion.ledger.exports import (
    DIARY_HEADER,
    EXPENSE_HEADER,
    INCOME_HEADER,
    diary_rows,
    register_rows,
    write_table,
)
from conciliacion.ledger.writer import MAIN_FILE
from conciliacion.practice import Practice, parse_month

__all__ = ["fava", "libro"]

_practice = practice_option()


def _main_file(carpeta: Path) -> Path:
    main = Practice(carpeta).ledger_dir / MAIN_FILE
    if not main.exists():
        msg = f"{main}: la práctica aún no tiene libro (se crea al procesar el primer mes)"
        raise ConciliacionError(msg)
    return main


@click.command("libro", cls=SpanishCommand)
@click.argument("mes")
@_practice
@click.option("--json", "as_json", is_flag=True, help="Escribe el resultado en JSON.")
def libro(mes: str, carpeta: Path, *, as_json: bool) -> None:
    """Comprueba el libro (como bean-check) y exporta el Libro Diario del mes MES (AAAA-MM).

    Un autónomo recibe además sus libros registro de ingresos y de gastos. Los ficheros, en CSV y
    XLSX, quedan en salida/AAAA-MM/.
    """
    year, number = parse_month(mes)
    month = f"{year:04d}-{number:02d}"
    practice = Practice(carpeta)
    main = _main_file(carpeta)
    errors = ledger_errors(main)
    if errors:
        shown = "\n".join(errors[:20])
        msg = f"el libro no pasa bean-check ({len(errors)} errores):\n{shown}"
        raise ConciliacionError(msg)
    entries, _errors, _options = load_ledger(main)
    start = month_end(month).replace(day=1)
    end_date = month_end(month) + dt.timedelta(days=1)
    out = practice.output_dir(month)
    written = write_table(
        out / f"libro-diario-{month}", "Libro Diario", DIARY_HEADER,
        diary_rows(entries, start, end_date),
    )  # fmt: skip
    if load_config(practice.config_path).practice.form is LegalForm.AUTONOMO:
        income, expenses = register_rows(entries, start, end_date)
        written += write_table(out / f"ingresos-{month}", "Ingresos", INCOME_HEADER, income)
        written += write_table(out / f"gastos-{month}", "Gastos", EXPENSE_HEADER, expenses)
    names = [str(path.relative_to(practice.root)) for path in written]
    if as_json:
        click.echo(json.dumps({"mes": month, "errores": 0, "ficheros": names}, indent=2))
        return
    click.echo(f"El libro pasa bean-check. Exportado el mes {month}:")
    for name in names:
        click.echo(f"  {name}")


@click.command("fava", cls=SpanishCommand)
@_practice
@click.option(
    "--puerto",
    type=click.IntRange(1, 65535),
    default=5000,
    metavar="N",
    help="Puerto local donde escucha (5000).",
)
def fava(carpeta: Path, puerto: int) -> None:
    """Abre el libro de la práctica en Fava, con la página «Conciliación», en 127.0.0.1.

    Solo escucha en la propia máquina. Termine con Ctrl+C.
    """
    from fava.cli import main as fava_main  # noqa: PLC0415 - Fava loads Flask: only when asked

    main = _main_file(carpeta)
    args = ["--host", "127.0.0.1", "--port", str(puerto), str(main)]
    fava_main.main(args=args, standalone_mode=False)
