"""Writing and checking a month of N bank movements: our write time beside bean-check's own.

Usage: .venv/bin/python benchmarks/bench_ledger.py [N ...]   (default 1000000)

Generates a synthetic month (``conciliacion.ledger.sample``) of N movements of every kind, writes
it with ``write_month`` (without the check), then times ``bean-check`` on the result as a separate
process, and our in-process check (beancount's loader) for comparison.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from conciliacion.ledger.check import ledger_errors
from conciliacion.ledger.sample import sample_books, source_files
from conciliacion.ledger.writer import MAIN_FILE, write_month


def run(count: int) -> None:
    """Print the figures for one size."""
    started = time.perf_counter()
    books = sample_books("2026-01", count, seed=1)
    generated = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name in source_files(books):
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text("x", encoding="utf-8")
        started = time.perf_counter()
        path = write_month(root / "libro", books, check=False)
        written = time.perf_counter() - started
        size = path.stat().st_size / 1e6
        main = root / "libro" / MAIN_FILE
        started = time.perf_counter()
        bean = subprocess.run(
            [str(Path(sys.executable).with_name("bean-check")), str(main)],
            capture_output=True,
            check=False,
        )
        checked = time.perf_counter() - started
        started = time.perf_counter()
        errors = ledger_errors(main)
        loaded = time.perf_counter() - started
    print(
        f"{count:>9} movimientos | generar {generated:6.1f} s | escribir (nuestro) {written:6.1f} s"
        f" | {size:7.1f} MB | bean-check {checked:6.1f} s (código {bean.returncode})"
        f" | carga en proceso {loaded:6.1f} s, {len(errors)} errores"
    )


def main() -> None:
    """Run every size given on the command line."""
    sizes = [int(arg) for arg in sys.argv[1:]] or [1_000_000]
    for size in sizes:
        run(size)


if __name__ == "__main__":
    main()
