"""``conciliar revision`` and ``conciliar informe``: the weekly list and the monthly report.

Thin: parse the options, call :mod:`conciliacion.reports`, print. The terminal table of the weekly
review shows no patient names (the spreadsheet, internal, names the patients of private debts).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from conciliacion._cli_base import SpanishCommand, practice_option
from conciliacion.practice import Practice
from conciliacion.reports.formatting import euros, month_name, percent
from conciliacion.reports.incidents import summarise
from conciliacion.reports.weekly import week_of, weekly_review

__all__ = ["informe", "revision"]

_NO_BANK = "--sin-conciliacion"


def _root(ctx: click.Context, key: str) -> object:
    root = ctx.find_root().obj
    return root.get(key) if isinstance(root, dict) else None


def _console(ctx: click.Context) -> Console:
    return Console(quiet=bool(_root(ctx, "quiet")))


def _db(ctx: click.Context) -> str | None:
    value = _root(ctx, "db")
    return str(value) if value else None


@click.command("revision", cls=SpanishCommand)
@click.option(
    "--semana",
    metavar="AAAA-Www",
    default=None,
    help="Semana ISO de la revisión, como 2026-W10 (por omisión, la semana en curso).",
)
@click.option(
    "--limite",
    type=click.IntRange(1, 10_000),
    default=40,
    metavar="N",
    help="Incidencias que se muestran en pantalla (40); los ficheros las tienen todas.",
)
@click.option(_NO_BANK, "sin_conciliacion", is_flag=True, help="No concilia el banco.")
@practice_option()
@click.pass_context
def revision(
    ctx: click.Context, *, semana: str | None, limite: int, sin_conciliacion: bool, carpeta: Path
) -> None:
    """Lista de incidencias de la semana, la más urgente primero, con qué hacer en cada una.

    Escribe salida/AAAA-MM/incidencias.csv y .xlsx (el mes del domingo de la semana).
    """
    practice = Practice(carpeta)
    week = semana or week_of(dt.date.today())  # noqa: DTZ011 - the user's own week
    review = weekly_review(practice, week, db=_db(ctx), reconcile=not sin_conciliacion)
    console = _console(ctx)
    table = Table(title=f"Revisión semanal {review.week} (hasta el {review.as_of:%d/%m/%Y})")
    for heading in ("#", "Asunto", "Parte", "Referencia", "Importe", "Días", "Qué hacer"):
        right = heading in {"#", "Importe", "Días"}
        table.add_column(heading, justify="right" if right else "left", overflow="fold")
    for item in review.items[:limite]:
        party = f"…{item.party[-4:]}" if len(item.party) > 20 else item.party  # noqa: PLR2004
        table.add_row(
            str(item.rank), item.label, party, item.reference,
            euros(item.amount), str(item.age_days), item.action,
        )  # fmt: skip
    console.print(table)
    if len(review.items) > limite:
        console.print(f"… y {len(review.items) - limite} incidencias más en los ficheros.")
    summary = Table(title="Resumen por asunto y parte", show_header=True)
    for heading in ("Asunto", "Parte", "Número", "Importe"):
        right = heading in {"Número", "Importe"}
        summary.add_column(heading, justify="right" if right else "left")
    for row in summarise(review.items, by_party=True):
        summary.add_row(row.label, row.party, str(row.count), euros(row.amount))
    console.print(summary)
    if not review.reconciled:
        console.print("[yellow]Sin conciliación bancaria: no hay incidencias del banco.[/]")
    for path in review.outputs:
        console.print(f"  {practice.relative(path)}")


@click.command("informe", cls=SpanishCommand)
@click.argument("mes")
@click.option(_NO_BANK, "sin_conciliacion", is_flag=True, help="No concilia el banco.")
@practice_option()
@click.pass_context
def informe(ctx: click.Context, mes: str, *, sin_conciliacion: bool, carpeta: Path) -> None:
    """Informe mensual para el cliente del mes MES (AAAA-MM): HTML, PDF y anexo XLSX."""
    from conciliacion.reports.monthly import monthly_report  # noqa: PLC0415 - charts load slowly

    practice = Practice(carpeta)
    written = monthly_report(practice, mes, db=_db(ctx), reconcile=not sin_conciliacion)
    figures = written.report.figures
    console = _console(ctx)
    table = Table(title=f"Informe de {month_name(figures.month)}", show_header=False, box=None)
    table.add_column("Cifra")
    table.add_column("Valor", justify="right")
    table.add_row("Facturado", euros(figures.billed_total))
    table.add_row("Cobrado", euros(figures.collected_total))
    table.add_row("Pendiente de cobro de aseguradoras", euros(figures.total.outstanding))
    table.add_row("Tasa de cobro", percent(figures.collection_rate))
    table.add_row("Asuntos abiertos", str(written.report.incident_count))
    console.print(table)
    if figures.coverage is None:
        console.print("[yellow]Conciliación bancaria no disponible en este informe.[/]")
    for path in written.outputs:
        console.print(f"  {practice.relative(path)}")
