"""Writing and checking a month of N bank movements: our write time beside bean-check's own.

Usage: .venv/bin/python benchmarks/bench_ledger.py [N ...] [--sin-bean-check] [--sin-carga]
(default N: 1000000; ``--help`` for the options)

Generates a synthetic month (``conciliacion.ledger.sample``) of N movements of every kind, writes
it with ``write_month`` (without the check: that is beancount's time, not ours), then times
``bean-check`` on the result as a separate process, and our in-process check (beancount's loader,
what ``write_month`` runs by default) for comparison. The write is given as wall and CPU time (the
CPU time says less about what else the machine was doing), with the load average beside it, and
the peak memory of the process so far (which includes the generated month). Beancount keeps a
pickle of what it loaded beside ``main.beancount``; it is removed before each check, so that
neither check is timed reading the other's pickle.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from conciliacion.ledger.check import ledger_errors
from conciliacion.ledger.sample import sample_books, source_files
from conciliacion.ledger.writer import MAIN_FILE, write_month


def _peak_mb() -> float:
    """The process's peak resident memory so far (Linux gives it in kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _without_cache(main: Path) -> None:
    for cache in main.parent.glob(f".{main.name}.picklecache"):
        cache.unlink()


def _bean_check(main: Path) -> str:
    _without_cache(main)
    started = time.perf_counter()
    bean = subprocess.run(
        [str(Path(sys.executable).with_name("bean-check")), str(main)],
        capture_output=True,
        check=False,
    )
    return f"bean-check {time.perf_counter() - started:6.1f} s (código {bean.returncode})"


def _in_process(main: Path) -> str:
    _without_cache(main)
    started = time.perf_counter()
    errors = ledger_errors(main)
    return f"carga en proceso {time.perf_counter() - started:6.1f} s, {len(errors)} errores"


def run(count: int, *, bean_check: bool, in_process: bool) -> None:
    """Print the figures for one size."""
    started = time.perf_counter()
    books = sample_books("2026-01", count, seed=1)
    generated = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name in source_files(books):
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text("x", encoding="utf-8")
        load = os.getloadavg()[0]
        started, cpu = time.perf_counter(), time.process_time()
        path = write_month(root / "libro", books, check=False)
        written, cpu = time.perf_counter() - started, time.process_time() - cpu
        parts = [
            f"{count:>9} movimientos",
            f"generar {generated:6.1f} s",
            f"escribir (nuestro) {written:6.1f} s ({cpu:.1f} s de CPU, carga {load:.1f})",
            f"{path.stat().st_size / 1e6:7.1f} MB",
            f"pico {_peak_mb():,.0f} MB",
        ]
        main = root / "libro" / MAIN_FILE
        if bean_check:
            parts.append(_bean_check(main))
        if in_process:
            parts.append(_in_process(main))
    print(" | ".join(parts), flush=True)


def main() -> None:
    """Run every size given on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1_000_000], help="movimientos")
    parser.add_argument(
        "--sin-bean-check", action="store_true", help="no medir bean-check (otro proceso)"
    )
    parser.add_argument(
        "--sin-carga", action="store_true", help="no medir la carga de beancount en proceso"
    )
    args = parser.parse_args()
    for size in args.sizes:
        run(size, bean_check=not args.sin_bean_check, in_process=not args.sin_carga)


if __name__ == "__main__":
    main()
