"""The «Conciliación» page: its figures from a ledger, and the page itself in a real browser."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conciliacion.ledger.check import load_ledger
from conciliacion.ledger.fava_extension.view import month_view
from conciliacion.ledger.sample import sample_books, source_files
from conciliacion.ledger.writer import MAIN_FILE, write_month

CHROMIUM = Path("/usr/bin/chromium")


def _ledger(root: Path) -> Path:
    books = sample_books("2026-01", 60, seed=12)
    for name in source_files(books):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x", encoding="utf-8")
    write_month(root / "libro", books)
    return root / "libro" / MAIN_FILE


def test_view_counts_what_the_ledger_holds(tmp_path):
    entries, _errors, _options = load_ledger(_ledger(tmp_path))
    view = month_view(entries)
    assert view.movements == 60
    assert view.explained + len(view.suspense) == view.movements
    assert view.suspense
    assert all(row.movement.startswith("mov-") for row in view.suspense)
    assert view.suggested
    assert all(row.reasons for row in view.suggested)
    assert view.claims
    assert all(any(name.startswith("liq-") for name in c.links) for c in view.claims)
    assert view.coverage.endswith(" %")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_up(url: str, server: subprocess.Popen[bytes], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"Fava terminó antes de responder (código {server.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - our own loopback server
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    pytest.fail(f"Fava no respondió en {seconds} s")


@pytest.mark.slow
@pytest.mark.skipif(not CHROMIUM.exists(), reason="falta /usr/bin/chromium (paquete chromium)")
def test_extension_page_in_headless_chromium(tmp_path):
    _ledger(tmp_path)
    port = _free_port()
    command = [
        sys.executable,
        "-c",
        "from conciliacion.cli_ledger import fava; fava()",
        "--practica",
        str(tmp_path),
        "--puerto",
        str(port),
    ]
    env = {k: v for k, v in os.environ.items() if not k.startswith("FAVA_")}
    log = (tmp_path / "fava.log").open("wb")
    server = subprocess.Popen(  # noqa: S603 - our own command
        command, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_until_up(base + "/", server)
        with urllib.request.urlopen(base + "/", timeout=5) as response:  # noqa: S310
            ledger_url = response.geturl().rsplit("/", 2)[0]
        page = f"{ledger_url}/extension/Conciliacion/?time=2026-01"
        profile = tmp_path / "chromium"
        dom = subprocess.run(  # noqa: S603 - fixed arguments
            [
                str(CHROMIUM),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={profile}",
                "--dump-dom",
                page,
            ],
            capture_output=True,
            timeout=120,
            check=True,
        ).stdout.decode("utf-8")
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
        shutil.rmtree(tmp_path / "chromium", ignore_errors=True)
    assert "Conciliación" in dom
    assert 'id="conciliacion-cobertura"' in dom
    assert "Cobertura:" in dom
    assert "Movimientos en la 555" in dom
    assert "Emparejamientos sugeridos" in dom
    assert "Reclamaciones abiertas" in dom
    assert "/journal/?filter=movimiento:" in dom
    assert "importe exacto" in dom or "importe parecido" in dom
