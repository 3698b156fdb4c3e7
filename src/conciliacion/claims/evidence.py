"""Evidence of one claim: its whole history, dated, as JSON and PDF for a lawyer or the insurer.

Both files carry the same facts: the services claimed, every event as stored (with its hash and
the previous one), the SHA-256 of every document sent, and the state of the chain when exported.
Its last hash, kept by whoever receives the export, proves later that no event was removed.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

from conciliacion.claims.chain import canonical, utc_text, verify_chain
from conciliacion.claims.events import EventType
from conciliacion.claims.lifecycle import Claim, get_claim
from conciliacion.claims.store import EventStore, utc_now
from conciliacion.files import atomic_write_bytes, atomic_write_text
from conciliacion.money import format_amount
from conciliacion.pdf import html_to_pdf

__all__ = ["EVENT_LABELS", "claim_evidence", "export_claim", "render_html", "render_pdf"]

EVENT_LABELS: Final = {
    EventType.CLAIM_CREATED: "Reclamación registrada",
    EventType.CLAIM_SENT: "Reclamación enviada",
    EventType.ANSWER_RECEIVED: "Respuesta recibida",
    EventType.PARTIAL_PAYMENT: "Pago parcial",
    EventType.PAYMENT_RECEIVED: "Pago recibido",
    EventType.CLAIM_REJECTED: "Reclamación rechazada",
    EventType.CLAIM_ESCALATED: "Reclamación escalada",
    EventType.CLAIM_CLOSED: "Reclamación cerrada",
    EventType.CORRECTION: "Corrección",
    EventType.MATCH_CONFIRMED: "Coincidencia confirmada",
    EventType.MATCH_REJECTED: "Coincidencia rechazada",
    EventType.DIFFERENCE_ACCEPTED: "Diferencia aceptada",
    EventType.COUNTERPARTY_ASSIGNED: "Contrapartida asignada",
}
"""How each event type is named in the documents a person reads."""


def claim_evidence(store: EventStore, claim_id: str, exported_at: dt.datetime) -> dict[str, Any]:
    """The facts of one claim's history as JSON-ready data with Spanish keys."""
    claim = get_claim(store, claim_id)
    check = verify_chain(store.chain, store.events())
    data = {
        "reclamacion": claim.id,
        "aseguradora": claim.insurer,
        "estado": str(claim.state),
        "fecha_creacion": claim.created_on,
        "importe_reclamado": claim.claimed_total,
        "importe_pagado": claim.paid_total,
        "importe_pendiente": claim.outstanding,
        "servicios": [item.to_payload() for item in claim.items],
        "eventos": [
            {
                "secuencia": event.seq,
                "registrado": event.recorded_at,
                "tipo": event.type,
                "actor": event.actor,
                "contenido": event.payload,
                "hash_anterior": event.prev_hash,
                "hash": event.hash,
            }
            for event in claim.events
        ],
        "documentos": _documents(claim),
        "cadena": {
            "nombre": check.chain,
            "eventos": check.count,
            "ultimo_hash": check.head,
            "integra": check.ok,
            "primer_evento_roto": check.broken_seq,
            "problema": check.problem,
        },
        "exportado": utc_text(exported_at),
    }
    result = canonical(data)
    if not isinstance(result, dict):  # pragma: no cover - a dict stays a dict
        raise TypeError(result)
    return result


def _documents(claim: Claim) -> list[dict[str, object]]:
    return [
        {
            "evento": event.seq,
            "fecha": event.payload["fecha"],
            "documento": event.payload["documento"],
            "sha256": event.payload["sha256"],
            "bytes": event.payload.get("bytes"),
        }
        for event in claim.events
        if event.type == EventType.CLAIM_SENT
    ]


def export_claim(
    store: EventStore, claim_id: str, out_dir: Path, *, now: dt.datetime | None = None
) -> tuple[Path, Path]:
    """Write the claim's evidence as ``<id>-<UTC stamp>.json`` and ``.pdf``; return both paths."""
    exported_at = now or utc_now()
    data = claim_evidence(store, claim_id, exported_at)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = f"{data['reclamacion']}-{exported_at.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}"
    json_path, pdf_path = out_dir / f"{stem}.json", out_dir / f"{stem}.pdf"
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    atomic_write_text(json_path, text)
    atomic_write_bytes(pdf_path, render_pdf(render_html(data)))
    return json_path, pdf_path


def _money(text: object) -> str:
    return format_amount(Decimal(str(text)))


def _date(text: object) -> str:
    return dt.date.fromisoformat(str(text)).strftime("%d/%m/%Y")


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value))


def _content(payload: dict[str, Any]) -> str:
    parts = []
    for key, value in sorted(payload.items()):
        shown = json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else value
        parts.append(f"<b>{_e(key)}</b>: {_e(shown)}")
    return "<br>".join(parts)


_STYLE: Final = """
@page { size: A4; margin: 18mm 15mm; @bottom-right { content: counter(page) " / " counter(pages);
  font-size: 8pt; } }
body { font-family: sans-serif; font-size: 9pt; }
h1 { font-size: 15pt; } h2 { font-size: 11pt; margin-top: 14pt; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 0.5pt solid #999; padding: 2pt 3pt; vertical-align: top; text-align: left; }
td.n { text-align: right; }
.hash { font-family: monospace; font-size: 6.5pt; word-break: break-all; }
"""


def render_html(data: dict[str, Any]) -> str:
    """The evidence as a Spanish HTML page, the source of the PDF."""
    chain = data["cadena"]
    services = "".join(
        f"<tr><td>{_e(s['servicio'])}</td><td>{_date(s['fecha_acto'])}</td>"
        f"<td>{_e(s['codigo_acto'])}</td><td>{_e(s['autorizacion'] or '')}</td>"
        f"<td>{_e(s['liquidacion'] or '')}</td><td class=n>{_money(s['esperado'])}</td>"
        f"<td class=n>{_money(s['pagado'])}</td><td class=n>{_money(s['reclamado'])}</td>"
        f"<td>{_e(s['motivo'])}</td></tr>"
        for s in data["servicios"]
    )
    events = "".join(
        f"<tr><td>{event['secuencia']}</td><td>{_e(event['registrado'])}</td>"
        f"<td>{_e(EVENT_LABELS.get(event['tipo'], event['tipo']))}</td>"
        f"<td>{_e(event['actor'])}</td>"
        f"<td>{_content(event['contenido'])}</td>"
        f"<td class=hash>{_e(event['hash_anterior'])}<br>→ {_e(event['hash'])}</td></tr>"
        for event in data["eventos"]
    )
    documents = (
        "".join(
            f"<tr><td>{d['evento']}</td><td>{_date(d['fecha'])}</td><td>{_e(d['documento'])}</td>"
            f"<td class=hash>{_e(d['sha256'])}</td></tr>"
            for d in data["documentos"]
        )
        or "<tr><td colspan=4>Ningún documento enviado registrado.</td></tr>"
    )
    integrity = (
        "íntegra"
        if chain["integra"]
        else f"ROTA en el evento nº {chain['primer_evento_roto']}: {_e(chain['problema'])}"
    )
    return f"""<!DOCTYPE html>
<html lang="es"><head><meta charset="utf-8"><title>Reclamación {_e(data["reclamacion"])}</title>
<style>{_STYLE}</style></head><body>
<h1>Historial de la reclamación {_e(data["reclamacion"])}</h1>
<p>Aseguradora: <b>{_e(data["aseguradora"])}</b> · Registrada el {_date(data["fecha_creacion"])}
 · Estado: <b>{_e(data["estado"])}</b><br>
Importe reclamado: {_money(data["importe_reclamado"])} EUR
 · Pagado: {_money(data["importe_pagado"])} EUR
 · Pendiente: {_money(data["importe_pendiente"])} EUR</p>
<h2>Servicios reclamados</h2>
<table><tr><th>Servicio</th><th>Fecha</th><th>Acto</th><th>Autorización</th><th>Liquidación</th>
<th>Esperado</th><th>Pagado</th><th>Reclamado</th><th>Motivo</th></tr>{services}</table>
<h2>Acciones registradas</h2>
<table><tr><th>Nº</th><th>Registrado (UTC)</th><th>Acción</th><th>Usuario</th><th>Contenido</th>
<th>Hash anterior → hash</th></tr>{events}</table>
<h2>Documentos enviados</h2>
<table><tr><th>Evento</th><th>Fecha</th><th>Documento</th><th>SHA-256</th></tr>{documents}</table>
<h2>Integridad</h2>
<p>Cadena «{_e(chain["nombre"])}»: {chain["eventos"]} eventos, {integrity}.<br>
Último hash de la cadena: <span class=hash>{_e(chain["ultimo_hash"])}</span></p>
<p>Exportado el {_e(data["exportado"])} (UTC).</p>
</body></html>
"""


def render_pdf(page: str) -> bytes:
    """The HTML page as PDF."""
    return html_to_pdf(page)
