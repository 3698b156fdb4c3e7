"""The ``conciliar`` command: parses arguments, calls the library, prints.

No logic lives here that the library lacks. Errors the user can cause (:class:`ConciliacionError`)
become one readable line on standard error and exit code 1; ``--debug`` shows the traceback instead.
Click's own words (usage, option headings) are put into Spanish by the formatter below.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from conciliacion import __version__
from conciliacion._cli_base import SpanishGroup, practice_option
from conciliacion.cli_claims import decidir, reclamaciones
from conciliacion.cli_ledger import fava, libro
from conciliacion.money import format_amount
from conciliacion.pipeline import MonthSummary, run_month, run_review
from conciliacion.practice import Practice, init_practice

__all__ = ["cli", "main"]


def _console(ctx: click.Context) -> Console:
    quiet = bool(ctx.obj and ctx.obj.get("quiet"))
    return Console(quiet=quiet)


@click.group(cls=SpanishGroup)
@click.version_option(
    __version__, "--version", message="conciliar %(version)s", help="Muestra la versión y termina."
)
@click.option("--debug", is_flag=True, help="Muestra el detalle técnico de los errores.")
@click.option(
    "--db",
    metavar="URL",
    default=None,
    help="Almacén de reclamaciones y decisiones (por omisión, el de la configuración o "
    "conciliacion.db de la práctica).",
)
@click.option("-q", "--quiet", is_flag=True, help="No escribe nada salvo los errores.")
@click.pass_context
def cli(ctx: click.Context, *, debug: bool, quiet: bool, db: str | None) -> None:
    """Cobros y conciliación bancaria de una consulta médica.

    Lee los extractos, liquidaciones, actividad, baremos y facturas de una práctica, los concilia y
    escribe la contabilidad, las reclamaciones y los informes.
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    ctx.obj["quiet"] = quiet
    ctx.obj["db"] = db
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )


@contextmanager
def _progress_bar(console: Console) -> Iterator[Any]:
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update


_REVIEW_LABELS = {
    "cobrado": "cobrados",
    "diferencia_baremo": "con diferencia de baremo",
    "pendiente": "pendientes (en plazo)",
    "impagado": "impagados",
    "duplicado": "cobrados dos veces",
    "sin_autorizacion": "sin autorización",
    "cobrado_sin_actividad": "líneas cobradas sin actividad",
}


def _print_summary(console: Console, summary: MonthSummary, practice: Practice) -> None:
    table = Table(title=f"{summary.practice} — {summary.month}", show_header=False, box=None)
    table.add_column("Concepto")
    table.add_column("Valor", justify="right")
    files = ", ".join(f"{count} {kind}" for kind, count in summary.inputs.items())
    table.add_row("Ficheros de entrada", files)
    table.add_row("Movimientos bancarios del mes", str(summary.movements))
    if summary.missing_statements:
        table.add_row("[red]Extractos que faltan[/]", str(summary.missing_statements))
    if summary.format_warnings:
        table.add_row("Avisos de formato en extractos", str(summary.format_warnings))
    for status, count in summary.review.items():
        if count:
            table.add_row(f"Servicios {_REVIEW_LABELS.get(status, status)}", str(count))
    table.add_row("Importe a reclamar", f"{format_amount(summary.claimed)} €")
    table.add_row("Incidencias", str(summary.incidents))
    console.print(table)
    console.print(f"Resultados en [bold]{practice.root / summary.output_dir}[/]")


@cli.command("init")
@click.argument("carpeta", type=click.Path(path_type=Path))
@click.pass_context
def init_command(ctx: click.Context, carpeta: Path) -> None:
    """Crea una práctica nueva en CARPETA: carpetas y configuración de ejemplo comentada."""
    practice = init_practice(carpeta)
    console = _console(ctx)
    console.print(f"Práctica creada en [bold]{practice.root}[/].")
    console.print(
        f"Edite {practice.config_path} y deje los ficheros en {practice.root / 'entrada'}."
    )


@cli.command("mes")
@click.argument("mes")
@practice_option()
@click.option("--json", "as_json", is_flag=True, help="Escribe el resumen en JSON.")
@click.pass_context
def month_command(ctx: click.Context, mes: str, carpeta: Path, *, as_json: bool) -> None:
    """Procesa el mes MES (AAAA-MM) de una práctica y escribe sus resultados."""
    practice = Practice(carpeta)
    console = _console(ctx)
    with _progress_bar(console) as progress:
        summary = run_month(practice, mes, progress=progress)
    if as_json:
        click.echo(json.dumps(summary.to_json(), ensure_ascii=False, indent=2, sort_keys=True))
    else:
        _print_summary(console, summary, practice)


@cli.command("puntear")
@click.argument("mes")
@practice_option()
@click.pass_context
def review_command(ctx: click.Context, mes: str, carpeta: Path) -> None:
    """Puntea las liquidaciones contra la actividad hasta el final de MES (AAAA-MM)."""
    practice = Practice(carpeta)
    console = _console(ctx)
    with _progress_bar(console) as progress:
        review, written = run_review(practice, mes, progress=progress)
    table = Table(title=f"Punteo hasta el {review.as_of:%d/%m/%Y}", show_header=False, box=None)
    for status, count in review.counts.items():
        if count:
            table.add_row(_REVIEW_LABELS.get(str(status), str(status)), str(count))
    table.add_row("Importe a reclamar", f"{format_amount(review.total_claimed)} €")
    console.print(table)
    for path in written:
        console.print(f"  {practice.relative(path)}")


@cli.command("demo")
@click.argument("carpeta", type=click.Path(path_type=Path), default=Path("demo"))
@click.option(
    "--semilla", type=int, default=2026, metavar="N", help="Semilla del generador (2026)."
)
@click.option(
    "--meses",
    type=click.IntRange(1, 120),
    default=10,
    metavar="N",
    help="Meses que se generan desde enero de 2026 (10).",
)
@click.option(
    "--servicios",
    type=click.IntRange(10, 100_000),
    default=2000,
    metavar="N",
    help="Servicios por mes, aproximadamente (2000).",
)
@click.option(
    "--forma",
    type=click.Choice(["autonomo", "SL"]),
    default="autonomo",
    help="Forma jurídica de la práctica de ejemplo (autonomo).",
)
@click.pass_context
def demo_command(  # noqa: PLR0913 - one parameter per option
    ctx: click.Context, carpeta: Path, *, semilla: int, meses: int, servicios: int, forma: str
) -> None:
    """Crea la práctica de ejemplo en CARPETA y procesa su último mes."""
    from conciliacion.demo import generate_demo  # noqa: PLC0415 - only this command needs it

    console = _console(ctx)
    started = time.perf_counter()
    generate_demo(
        carpeta,
        seed=semilla,
        months=meses,
        services_per_month=servicios,
        form="SL" if forma == "SL" else "autonomo",
    )
    console.print(
        f"Práctica de ejemplo creada en [bold]{carpeta}[/] ({time.perf_counter() - started:.1f} s)."
    )
    year, month = 2026 + (meses - 1) // 12, (meses - 1) % 12 + 1
    practice = Practice(carpeta)
    with _progress_bar(console) as progress:
        summary = run_month(practice, f"{year:04d}-{month:02d}", progress=progress)
    _print_summary(console, summary, practice)


cli.add_command(reclamaciones)
cli.add_command(decidir)
cli.add_command(libro)
cli.add_command(fava)


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the ``conciliar`` script."""
    cli.main(args=list(argv) if argv is not None else sys.argv[1:], prog_name="conciliar")
