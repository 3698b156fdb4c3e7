"""Time ``generate_demo`` with the defaults of ``conciliar demo``; the goal is under 10 s.

Run: ``.venv/bin/python benchmarks/bench_demo.py`` (median of 3 runs, each into a new folder,
writing included).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from conciliacion.demo import generate_demo

GOAL_SECONDS = 10.0
RUNS = 3


def main() -> None:
    """Generate the default demo three times and print the median and the counts."""
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(RUNS):
            started = time.perf_counter()
            truth = generate_demo(Path(tmp) / f"demo{run}")
            times.append(time.perf_counter() - started)
    median = statistics.median(times)
    print(
        f"generate_demo (10 meses, 2000 servicios/mes): mediana {median:.2f} s "
        f"(ejecuciones: {', '.join(f'{t:.2f}' for t in times)}); objetivo < {GOAL_SECONDS:.0f} s"
    )
    print(
        f"  {len(truth.services)} servicios, {len(truth.settlements)} liquidaciones, "
        f"{len(truth.movements)} movimientos, {len(truth.invoices)} facturas"
    )
    print("  OK" if median < GOAL_SECONDS else "  POR ENCIMA DEL OBJETIVO")


if __name__ == "__main__":
    main()
