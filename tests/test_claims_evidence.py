import datetime as dt
import json
import shutil
import subprocess

import pytest

from conciliacion.claims import ServicePayment, apply_payments, create_claim, open_store, send_claim
from conciliacion.claims.evidence import export_claim
from test_claims_support import fixed_clock, item

NOW = dt.datetime(2026, 11, 2, 10, 30, tzinfo=dt.UTC)


@pytest.fixture
def exported(tmp_path):
    with open_store(tmp_path / "conciliacion.db", clock=fixed_clock()) as store:
        claim = create_claim(
            store, "adeslas", [item("srv-1"), item("srv-2")], "ana", dt.date(2026, 10, 5)
        )
        letter = tmp_path / "carta.pdf"
        letter.write_bytes(b"carta")
        send_claim(
            store, claim.id, on=dt.date(2026, 10, 6), channel="portal", document=letter, actor="ana"
        )
        apply_payments(
            store, [ServicePayment("srv-1", "12.30", "L-2026-10", dt.date(2026, 10, 30))]
        )
        paths = export_claim(store, claim.id, tmp_path / "salida", now=NOW)
        return claim, store.events(subject=claim.id), paths


def test_the_json_has_every_event_and_the_document_hash(exported):
    claim, events, (json_path, _) = exported
    assert json_path.name == f"{claim.id}-20261102T103000Z.json"
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert data["reclamacion"] == claim.id
    assert [e["secuencia"] for e in data["eventos"]] == [e.seq for e in events]
    assert [e["hash"] for e in data["eventos"]] == [e.hash for e in events]
    assert data["documentos"][0]["documento"] == "carta.pdf"
    assert len(data["documentos"][0]["sha256"]) == 64
    assert (data["importe_reclamado"], data["importe_pagado"]) == ("24.60", "12.30")
    assert data["cadena"]["integra"] is True
    assert data["exportado"] == "2026-11-02T10:30:00.000000Z"


def test_the_pdf_is_a_pdf_naming_the_claim(exported):
    claim, _, (_, pdf_path) = exported
    assert pdf_path.read_bytes().startswith(b"%PDF")
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("sin pdftotext (poppler-utils) para leer el PDF")
    text = subprocess.run(  # noqa: S603 - a fixed tool on our own file
        [tool, str(pdf_path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert claim.id in text
    assert "Documentos enviados" in text
    assert "carta.pdf" in text
