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
from typing import TYPE_CHECKING, Any, Final, NoReturn

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from conciliacion import __version__
from conciliacion._cli_base import SpanishGroup, practice_option
from conciliacion.money import format_amount
from conciliacion.practice import Practice, init_practice
from conciliacion.quick_exit import leave
from conciliacion.reports.printing import month_printer

if TYPE_CHECKING:  # the pipeline loads most of the program: each command loads it when it runs
    from conciliacion.pipeline import MonthSummary

__all__ = ["cli", "main"]


def _console(ctx: click.Context) -> Console:
    quiet = bool(ctx.obj and ctx.obj.get("quiet"))
    return Console(quiet=quiet)


# The commands that live in modules of their own, loaded only when run.
LAZY_COMMANDS: Final = {
    "reclamaciones": "conciliacion.cli_claims:reclamaciones",
    "decidir": "conciliacion.cli_claims:decidir",
    "libro": "conciliacion.cli_ledger:libro",
    "fava": "conciliacion.cli_ledger:fava",
    "revision": "conciliacion.cli_reports:revision",
    "informe": "conciliacion.cli_reports:informe",
}


@click.group(cls=SpanishGroup, lazy_commands=LAZY_COMMANDS)
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
    "cobrado": "servicios cobrados",
    "diferencia_baremo": "servicios con diferencia de baremo",
    "pendiente": "servicios pendientes (en plazo)",
    "impagado": "servicios impagados",
    "duplicado": "servicios cobrados dos veces",
    "sin_autorizacion": "servicios sin autorización",
    "cobrado_sin_actividad": "líneas cobradas sin actividad",
}


def _input_rows(summary: MonthSummary) -> Iterator[tuple[str, str]]:
    yield "Ficheros de entrada", ", ".join(f"{n} {kind}" for kind, n in summary.inputs.items())
    if summary.repeated:
        yield "Ficheros repetidos (no se leen)", str(len(summary.repeated))
    if summary.missing_statements:
        yield "[red]Extractos que faltan[/]", str(summary.missing_statements)
    if summary.format_warnings:
        yield "Avisos de formato en extractos", str(summary.format_warnings)


def _bank_rows(summary: MonthSummary) -> Iterator[tuple[str, str]]:
    yield "Movimientos bancarios del mes", str(summary.movements)
    for status, label in _RECONCILIATION_LABELS.items():
        if count := summary.reconciliation.get(status, 0):
            yield f"  {label}", str(count)
    yield "Importe sin justificar (555)", f"{format_amount(summary.unexplained)} €"


def _review_rows(summary: MonthSummary) -> Iterator[tuple[str, str]]:
    for status, count in summary.review.items():
        if count:
            yield _REVIEW_LABELS.get(status, status).capitalize(), str(count)
    yield "Importe a reclamar", f"{format_amount(summary.claimed)} €"
    if summary.new_claims:
        amount = format_amount(summary.new_claims_amount)
        yield (
            "  de ello, aún sin reclamación registrada",
            f"{summary.new_claims} servicios, {amount} €",
        )
    if summary.payments_recorded:
        yield "Cobros de reclamaciones registrados", str(summary.payments_recorded)
    yield "Incidencias", str(summary.incidents)


def _print_summary(console: Console, summary: MonthSummary, practice: Practice) -> None:
    table = Table(title=f"{summary.practice} — {summary.month}", show_header=False, box=None)
    table.add_column("Concepto")
    table.add_column("Valor", justify="right")
    for row in (*_input_rows(summary), *_bank_rows(summary), *_review_rows(summary)):
        table.add_row(*row)
    if summary.ledger:
        table.add_row("Libro", summary.ledger)
    console.print(table)
    console.print(f"Resultados en [bold]{practice.root / summary.output_dir}[/]")


_RECONCILIATION_LABELS = {
    "conciliado": "conciliados automáticamente",
    "sugerido": "sugeridos (a confirmar)",
    "pendiente": "pendientes",
}

_NO_REPORT = click.option(
    "--sin-informe",
    "sin_informe",
    is_flag=True,
    help="No escribe la lista de incidencias ni el informe mensual (más rápido).",
)


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
@_NO_REPORT
@click.pass_context
def month_command(
    ctx: click.Context, mes: str, carpeta: Path, *, as_json: bool, sin_informe: bool
) -> None:
    """Procesa el mes MES (AAAA-MM) de una práctica y escribe sus resultados.

    Lee todo lo que hay en entrada/, puntea las liquidaciones, concilia el banco, escribe el libro
    del mes, las listas de reclamación, la lista de incidencias y el informe mensual. Si algo falla,
    los resultados anteriores y el libro quedan como estaban.
    """
    practice = Practice(carpeta)
    console = _console(ctx)
    # The report's worker starts loading its libraries now, while the program's modules load.
    printer = month_printer(practice, mes, report=not sin_informe, aside=True)
    with printer, _progress_bar(console) as progress:
        from conciliacion.pipeline import run_month  # noqa: PLC0415 - after the worker starts

        summary = run_month(
            practice,
            mes,
            db=ctx.obj.get("db"),
            progress=progress,
            report=not sin_informe,
            printer=printer,
        )
    if as_json:
        click.echo(json.dumps(summary.to_json(), ensure_ascii=False, indent=2, sort_keys=True))
    else:
        _print_summary(console, summary, practice)


@cli.command("conciliar")
@click.argument("mes")
@practice_option()
@click.pass_context
def reconcile_command(ctx: click.Context, mes: str, carpeta: Path) -> None:
    """Concilia los movimientos bancarios de MES (AAAA-MM) y escribe conciliacion.csv y .xlsx."""
    from conciliacion.pipeline import run_reconciliation  # noqa: PLC0415 - see month_command

    practice = Practice(carpeta)
    console = _console(ctx)
    with _progress_bar(console) as progress:
        result, written = run_reconciliation(practice, mes, db=ctx.obj.get("db"), progress=progress)
    table = Table(title=f"Conciliación de {mes}", show_header=False, box=None)
    for status, count in result.counts().items():
        table.add_row(_RECONCILIATION_LABELS.get(status, status).capitalize(), str(count))
    console.print(table)
    for path in written:
        console.print(f"  {practice.relative(path)}")


@cli.command("lote")
@click.argument("mes")
@click.argument(
    "carpetas", nargs=-1, required=True, type=click.Path(file_okay=False, path_type=Path)
)
@click.option(
    "--procesos",
    type=click.IntRange(1, 64),
    default=None,
    metavar="N",
    help="Prácticas a la vez (por omisión, una por procesador).",
)
@_NO_REPORT
@click.pass_context
def batch_command(
    ctx: click.Context, mes: str, carpetas: tuple[Path, ...], *, procesos: int | None,
    sin_informe: bool,
) -> None:  # fmt: skip
    """Procesa el mes MES (AAAA-MM) de varias prácticas (CARPETAS) en paralelo.

    Una práctica que falla no detiene a las demás; al final, una tabla resume todas y el código de
    salida es distinto de cero si alguna falló.
    """
    from conciliacion.batch import run_batch  # noqa: PLC0415 - only this command needs it

    console = _console(ctx)
    with _progress_bar(console) as progress:
        finished = 0

        def done(_result: object) -> None:
            nonlocal finished
            finished += 1
            progress("prácticas", finished, len(carpetas))

        results = run_batch(
            mes, list(carpetas), workers=procesos, report=not sin_informe, done=done
        )
    table = Table(title=f"Lote {mes}")
    for heading in (
        "Práctica",
        "Resultado",
        "Movimientos",
        "Pendientes",
        "Sin justificar",
        "A reclamar",
    ):
        table.add_column(
            heading, justify="left" if heading in {"Práctica", "Resultado"} else "right"
        )
    for result in results:
        if result.summary is None:
            table.add_row(str(result.folder), "[red]error[/]", "", "", "", "")
            continue
        summary = result.summary
        table.add_row(
            str(result.folder),
            "[green]bien[/]",
            str(summary.movements),
            str(summary.reconciliation.get("pendiente", 0)),
            f"{format_amount(summary.unexplained)} €",
            f"{format_amount(summary.claimed)} €",
        )
    Console(stderr=False, quiet=bool(ctx.obj.get("quiet"))).print(table)
    failed = [r for r in results if not r.ok]
    if failed:
        for result in failed:
            click.echo(f"error: {result.folder}: {result.error}", err=True)
        ctx.exit(1)


@cli.command("puntear")
@click.argument("mes")
@practice_option()
@click.pass_context
def review_command(ctx: click.Context, mes: str, carpeta: Path) -> None:
    """Puntea las liquidaciones contra la actividad hasta el final de MES (AAAA-MM)."""
    from conciliacion.pipeline import run_review  # noqa: PLC0415 - see month_command

    practice = Practice(carpeta)
    console = _console(ctx)
    with _progress_bar(console) as progress:
        review, written = run_review(practice, mes, progress=progress)
    table = Table(title=f"Punteo hasta el {review.as_of:%d/%m/%Y}", show_header=False, box=None)
    for status, count in review.counts.items():
        if count:
            table.add_row(_REVIEW_LABELS.get(str(status), str(status)).capitalize(), str(count))
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
    from conciliacion.pipeline import run_month  # noqa: PLC0415 - see month_command

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
        summary = run_month(
            practice,
            f"{year:04d}-{month:02d}",
            db=ctx.obj.get("db"),
            progress=progress,
            print_aside=True,
        )
    _print_summary(console, summary, practice)


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """Entry point of the ``conciliar`` script: the process ends without Python's teardown.

    See :mod:`conciliacion.quick_exit`; a command run in-process (tests, a library) calls ``cli``.
    """
    try:
        cli.main(args=list(argv) if argv is not None else sys.argv[1:], prog_name="conciliar")
    except SystemExit as stop:
        leave(stop.code)
    leave(0)
