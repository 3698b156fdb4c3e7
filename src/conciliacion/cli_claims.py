"""``conciliar reclamaciones`` and ``conciliar decidir``: claims and decisions from the CLI.

Thin like the rest of the CLI: each command opens the practice's store, calls one library function
and prints. The lead registers both groups in ``cli.py`` with ``cli.add_command``.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.table import Table

from conciliacion import claims as lib
from conciliacion._cli_base import SpanishGroup, practice_option
from conciliacion.claims.evidence import EVENT_LABELS, claim_evidence, export_claim
from conciliacion.claims.lifecycle import Claim
from conciliacion.claims.store import EventStore
from conciliacion.errors import ConciliacionError
from conciliacion.money import format_amount, parse_amount
from conciliacion.practice import Practice

__all__ = ["decidir", "reclamaciones"]

F = TypeVar("F", bound=Callable[..., Any])


def _store_options(func: F) -> F:
    func = click.option(
        "--db",
        metavar="URL",
        default=None,
        help="Almacén de eventos: URL de PostgreSQL o fichero SQLite "
        "(por omisión, conciliacion.db de la práctica).",
    )(func)
    return practice_option()(func)


def _user_option(func: F) -> F:
    return click.option(
        "--usuario",
        envvar="CONCILIACION_USUARIO",
        default=None,
        metavar="NOMBRE",
        help="Quién registra la acción (por omisión, $CONCILIACION_USUARIO o el usuario del "
        "sistema).",
    )(func)


def _date_option(help_text: str) -> Callable[[F], F]:
    return click.option(
        "--fecha",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        default=None,
        metavar="AAAA-MM-DD",
        help=f"{help_text} (por omisión, hoy).",
    )


def _day(value: dt.datetime | None) -> dt.date:
    return value.date() if value is not None else dt.date.today()  # noqa: DTZ011 - the user's day


def _actor(usuario: str | None) -> str:
    if usuario and usuario.strip():
        return usuario.strip()
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return os.environ.get("USER", "desconocido")


@contextmanager
def _store(carpeta: Path, db: str | None) -> Iterator[tuple[EventStore, Practice]]:
    practice = Practice(carpeta)
    config = practice.load_config()
    root = click.get_current_context(silent=True)
    root_db = (
        root.find_root().obj.get("db") if root and isinstance(root.find_root().obj, dict) else None
    )
    store = lib.open_store(
        db or root_db or config.store_url or practice.db_path, chain=config.practice.nif
    )
    try:
        yield store, practice
    finally:
        store.close()


def _amount(text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        return parse_amount(text, ",")
    except ValueError as error:
        raise ConciliacionError(str(error)) from None


@click.group("reclamaciones", cls=SpanishGroup)
def reclamaciones() -> None:
    """Registro y seguimiento de las reclamaciones a las aseguradoras.

    Cada acción queda como un evento encadenado que no se modifica ni se borra.
    """


@reclamaciones.command("listar")
@click.option(
    "--estado", type=click.Choice([s.value for s in lib.ClaimState]), help="Solo en este estado."
)
@click.option(
    "--sin-respuesta",
    is_flag=True,
    help="Solo las que llevan más días sin respuesta que el seguimiento de su aseguradora.",
)
@click.option("--json", "as_json", is_flag=True, help="Escribe la lista en JSON.")
@_store_options
def list_command(
    *, carpeta: Path, db: str | None, estado: str | None, sin_respuesta: bool, as_json: bool
) -> None:
    """Lista las reclamaciones y su estado."""
    with _store(carpeta, db) as (store, practice):
        if sin_respuesta:
            days = {i.id: i.follow_up_days for i in practice.load_config().insurers}
            found = lib.overdue_claims(store, days, dt.date.today())  # noqa: DTZ011 - user's day
        else:
            found = lib.claims(store)
    shown = [c for c in found if estado is None or c.state == estado]
    if as_json:
        rows = [_summary(claim) for claim in shown]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table(title="Reclamaciones")
    for name in ("Id", "Aseguradora", "Estado", "Creada", "Enviada", "Reclamado", "Pagado"):
        table.add_column(name, justify="right" if name in {"Reclamado", "Pagado"} else "left")
    for claim in shown:
        table.add_row(
            claim.id,
            claim.insurer,
            str(claim.state),
            f"{claim.created_on:%d/%m/%Y}",
            f"{claim.sent_on:%d/%m/%Y}" if claim.sent_on else "",
            format_amount(claim.claimed_total),
            format_amount(claim.paid_total),
        )
    Console().print(table)


def _summary(claim: Claim) -> dict[str, object]:
    return {
        "id": claim.id,
        "aseguradora": claim.insurer,
        "estado": str(claim.state),
        "creada": claim.created_on.isoformat(),
        "enviada": claim.sent_on.isoformat() if claim.sent_on else None,
        "reclamado": str(claim.claimed_total),
        "pagado": str(claim.paid_total),
    }


@reclamaciones.command("ver")
@click.argument("reclamacion", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Escribe el historial en JSON.")
@_store_options
def show_command(*, reclamacion: str, carpeta: Path, db: str | None, as_json: bool) -> None:
    """Muestra una reclamación: servicios, importes y todas sus acciones."""
    with _store(carpeta, db) as (store, _):
        data = claim_evidence(store, reclamacion, lib.store.utc_now())
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True))
        return
    console = Console()
    console.print(
        f"[bold]{data['reclamacion']}[/] — {data['aseguradora']} — {data['estado']}\n"
        f"Reclamado {format_amount(Decimal(data['importe_reclamado']))} EUR, pagado "
        f"{format_amount(Decimal(data['importe_pagado']))} EUR",
        highlight=False,
    )
    services = Table(title="Servicios")
    for name in ("Servicio", "Fecha", "Acto", "Reclamado", "Motivo"):
        services.add_column(name)
    for item in data["servicios"]:
        services.add_row(
            item["servicio"],
            item["fecha_acto"],
            item["codigo_acto"],
            format_amount(Decimal(item["reclamado"])),
            item["motivo"],
        )
    console.print(services)
    events = Table(title="Acciones")
    for name in ("Nº", "Registrado", "Acción", "Usuario", "Contenido"):
        events.add_column(name)
    for event in data["eventos"]:
        content = {k: v for k, v in event["contenido"].items() if k != "elementos"}
        events.add_row(
            str(event["secuencia"]),
            event["registrado"],
            EVENT_LABELS.get(event["tipo"], event["tipo"]),
            event["actor"],
            json.dumps(content, ensure_ascii=False),
        )
    console.print(events)


@reclamaciones.command("crear")
@click.argument("mes")
@click.option("--aseguradora", metavar="ID", default=None, help="Solo la de esta aseguradora.")
@_date_option("Fecha de la reclamación")
@_user_option
@_store_options
def create_command(  # noqa: PLR0913 - one parameter per option
    *,
    mes: str,
    aseguradora: str | None,
    fecha: dt.datetime | None,
    usuario: str | None,
    carpeta: Path,
    db: str | None,
) -> None:
    """Registra como reclamaciones las listas de reclamación de MES (AAAA-MM).

    Una reclamación por aseguradora con los servicios de su lista que ninguna reclamación
    anterior incluye; registrar dos veces no duplica nada.
    """
    from conciliacion.pipeline import register_claims  # noqa: PLC0415 - reads the whole practice

    with _store(carpeta, db) as (store, practice):
        created = register_claims(
            practice, mes, store, on=_day(fecha), actor=_actor(usuario), insurer=aseguradora
        )
    if not created:
        click.echo("No hay servicios por reclamar que no estén ya en una reclamación.")
    for claim in created:
        amount = format_amount(claim.claimed_total)
        click.echo(f"{claim.id}: {claim.insurer}, {len(claim.items)} servicios, {amount} €")


@reclamaciones.command("enviar")
@click.argument("reclamacion", metavar="ID")
@_date_option("Fecha del envío")
@click.option("--canal", required=True, help="Por dónde se envió: portal, correo, burofax...")
@click.option(
    "--documento",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    metavar="FICHERO",
    help="El documento enviado; se guarda su SHA-256.",
)
@_user_option
@_store_options
def send_command(  # noqa: PLR0913 - one parameter per option
    *,
    reclamacion: str,
    fecha: dt.datetime | None,
    canal: str,
    documento: Path,
    usuario: str | None,
    carpeta: Path,
    db: str | None,
) -> None:
    """Registra el envío de la reclamación ID a la aseguradora."""
    with _store(carpeta, db) as (store, _):
        event = lib.send_claim(
            store, reclamacion, on=_day(fecha), channel=canal, document=documento,
            actor=_actor(usuario),
        )  # fmt: skip
    sha = event.payload["sha256"]
    click.echo(f"Envío registrado (evento nº {event.seq}); SHA-256 del documento: {sha}")


@reclamaciones.command("respuesta")
@click.argument("reclamacion", metavar="ID")
@_date_option("Fecha de la respuesta")
@click.option("--texto", required=True, help="Lo que responde la aseguradora.")
@click.option("--importe", metavar="IMPORTE", help="Importe que acepta pagar (12,30).")
@click.option("--rechazo", is_flag=True, help="La aseguradora rechaza la reclamación.")
@_user_option
@_store_options
def answer_command(  # noqa: PLR0913 - one parameter per option
    *,
    reclamacion: str,
    fecha: dt.datetime | None,
    texto: str,
    importe: str | None,
    usuario: str | None,
    carpeta: Path,
    db: str | None,
    rechazo: bool,
) -> None:
    """Registra la respuesta de la aseguradora a la reclamación ID."""
    if rechazo and importe is not None:
        msg = "un rechazo no lleva importe aceptado"
        raise ConciliacionError(msg)
    with _store(carpeta, db) as (store, _):
        if rechazo:
            event = lib.reject_claim(
                store, reclamacion, on=_day(fecha), reason=texto, actor=_actor(usuario)
            )
        else:
            event = lib.record_answer(
                store, reclamacion, on=_day(fecha), text=texto, accepted=_amount(importe),
                actor=_actor(usuario),
            )  # fmt: skip
    click.echo(f"{EVENT_LABELS[lib.EventType(event.type)]} (evento nº {event.seq}).")


@reclamaciones.command("escalar")
@click.argument("reclamacion", metavar="ID")
@_date_option("Fecha")
@click.option(
    "--destino", required=True, help="A quién se eleva: defensor del asegurado, abogado..."
)
@_user_option
@_store_options
def escalate_command(  # noqa: PLR0913 - one parameter per option
    *,
    reclamacion: str,
    fecha: dt.datetime | None,
    destino: str,
    usuario: str | None,
    carpeta: Path,
    db: str | None,
) -> None:
    """Registra que la reclamación ID se eleva a otra instancia."""
    with _store(carpeta, db) as (store, _):
        event = lib.escalate_claim(
            store, reclamacion, on=_day(fecha), to=destino, actor=_actor(usuario)
        )
    click.echo(f"Reclamación escalada (evento nº {event.seq}).")


@reclamaciones.command("cerrar")
@click.argument("reclamacion", metavar="ID")
@_date_option("Fecha del cierre")
@click.option("--motivo", required=True, help="Por qué se cierra.")
@_user_option
@_store_options
def close_command(  # noqa: PLR0913 - one parameter per option
    *,
    reclamacion: str,
    fecha: dt.datetime | None,
    motivo: str,
    usuario: str | None,
    carpeta: Path,
    db: str | None,
) -> None:
    """Cierra la reclamación ID; después solo admite correcciones."""
    with _store(carpeta, db) as (store, _):
        event = lib.close_claim(
            store, reclamacion, on=_day(fecha), reason=motivo, actor=_actor(usuario)
        )
    click.echo(f"Reclamación cerrada (evento nº {event.seq}).")


@reclamaciones.command("corregir")
@click.argument("evento", type=int, metavar="N")
@click.option("--motivo", required=True, help="Por qué se corrige.")
@click.option(
    "--cambio", "cambios", multiple=True, metavar="CLAVE=VALOR", help="Nuevo valor de un dato."
)
@click.option("--anular", is_flag=True, help="El evento N queda sin efecto.")
@_user_option
@_store_options
def correct_command(  # noqa: PLR0913 - one parameter per option
    *,
    evento: int,
    motivo: str,
    cambios: tuple[str, ...],
    usuario: str | None,
    carpeta: Path,
    db: str | None,
    anular: bool,
) -> None:
    """Corrige el evento N con un evento nuevo; el original se conserva tal cual."""
    changes: dict[str, object] = {}
    for change in cambios:
        key, sep, value = change.partition("=")
        if not sep or not key.strip():
            msg = f"cambio no válido: {change!r} (se esperaba CLAVE=VALOR)"
            raise ConciliacionError(msg)
        changes[key.strip()] = value.strip()
    with _store(carpeta, db) as (store, _):
        event = lib.correct_event(
            store, evento, reason=motivo, actor=_actor(usuario), changes=changes, void=anular
        )
    click.echo(f"Corrección registrada (evento nº {event.seq}).")


@reclamaciones.command("exportar")
@click.argument("reclamacion", metavar="ID")
@click.option(
    "--salida",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    metavar="CARPETA",
    help="Dónde escribir el JSON y el PDF (por omisión, salida/reclamaciones de la práctica).",
)
@_store_options
def export_command(*, reclamacion: str, salida: Path | None, carpeta: Path, db: str | None) -> None:
    """Exporta el historial de la reclamación ID en JSON y PDF, fechado, como prueba."""
    with _store(carpeta, db) as (store, practice):
        folder = salida or practice.root / "salida" / "reclamaciones"
        json_path, pdf_path = export_claim(store, reclamacion, folder)
    click.echo(f"Escritos {json_path} y {pdf_path}")


@reclamaciones.command("verificar")
@_store_options
def verify_command(*, carpeta: Path, db: str | None) -> None:
    """Comprueba la cadena de eventos y nombra el primero que no encaja."""
    with _store(carpeta, db) as (store, _):
        result = lib.verify_chain(store.chain, store.events())
    if not result.ok:
        msg = f"cadena rota en el evento nº {result.broken_seq}: {result.problem}"
        raise ConciliacionError(msg)
    click.echo(f"Cadena íntegra: {result.count} eventos; último hash {result.head}")


@click.group("decidir", cls=SpanishGroup)
def decidir() -> None:
    """Decisiones que la conciliación recuerda: sugerencias, diferencias y contrapartidas."""


@decidir.command("confirmar")
@click.argument("coincidencia", metavar="ID")
@click.option("--nota", default="", help="Por qué.")
@_user_option
@_store_options
def confirm_command(
    *, coincidencia: str, nota: str, usuario: str | None, carpeta: Path, db: str | None
) -> None:
    """Confirma la coincidencia sugerida ID."""
    with _store(carpeta, db) as (store, _):
        event = lib.confirm_match(store, coincidencia, _actor(usuario), nota)
    click.echo(f"Coincidencia confirmada (evento nº {event.seq}).")


@decidir.command("rechazar")
@click.argument("coincidencia", metavar="ID")
@click.option("--nota", default="", help="Por qué.")
@_user_option
@_store_options
def reject_command(
    *, coincidencia: str, nota: str, usuario: str | None, carpeta: Path, db: str | None
) -> None:
    """Rechaza la coincidencia sugerida ID: no se volverá a proponer."""
    with _store(carpeta, db) as (store, _):
        event = lib.reject_match(store, coincidencia, _actor(usuario), nota)
    click.echo(f"Coincidencia rechazada (evento nº {event.seq}).")


@decidir.command("aceptar-diferencia")
@click.argument("resultado", metavar="ID")
@click.option("--cuenta", required=True, help="Cuenta del PGC a la que va (708, 650...).")
@click.option("--importe", metavar="IMPORTE", help="Importe aceptado (12,30).")
@click.option("--nota", default="", help="Por qué.")
@_user_option
@_store_options
def accept_command(  # noqa: PLR0913 - one parameter per option
    *,
    resultado: str,
    cuenta: str,
    importe: str | None,
    nota: str,
    usuario: str | None,
    carpeta: Path,
    db: str | None,
) -> None:
    """Acepta la diferencia del resultado ID en lugar de reclamarla."""
    with _store(carpeta, db) as (store, _):
        event = lib.accept_difference(
            store, resultado, cuenta, _actor(usuario), amount=_amount(importe), note=nota
        )
    click.echo(f"Diferencia aceptada a la cuenta {cuenta} (evento nº {event.seq}).")


@decidir.command("asignar")
@click.argument("contrapartida", metavar="CONTRAPARTIDA")
@click.option("--cuenta", required=True, help="Cuenta del PGC de sus movimientos (628...).")
@click.option("--nota", default="", help="Por qué.")
@_user_option
@_store_options
def assign_command(  # noqa: PLR0913 - one parameter per option
    *,
    contrapartida: str,
    cuenta: str,
    nota: str,
    usuario: str | None,
    carpeta: Path,
    db: str | None,
) -> None:
    """Asigna una cuenta a una contrapartida (nombre, NIF o IBAN) para los próximos meses."""
    with _store(carpeta, db) as (store, _):
        event = lib.assign_counterparty(store, contrapartida, cuenta, _actor(usuario), nota)
    click.echo(f"{event.subject} irá a la cuenta {cuenta} (evento nº {event.seq}).")


@decidir.command("anular")
@click.argument("evento", type=int, metavar="N")
@click.option("--motivo", required=True, help="Por qué se anula.")
@_user_option
@_store_options
def void_command(
    *, evento: int, motivo: str, usuario: str | None, carpeta: Path, db: str | None
) -> None:
    """Deja sin efecto la decisión registrada en el evento N."""
    with _store(carpeta, db) as (store, _):
        target = store.event(evento)
        if target is None or lib.EventType(target.type) not in lib.events.DECISION_EVENTS:
            msg = f"el evento nº {evento} no es una decisión"
            raise ConciliacionError(msg)
        event = lib.correct_event(store, evento, reason=motivo, actor=_actor(usuario), void=True)
    click.echo(f"Decisión anulada (evento nº {event.seq}).")
