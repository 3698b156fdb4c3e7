"""Time ``conciliar mes`` end to end, start-up included, on a typical and on a large practice.

The issue's goals: a typical practice (3,000 services, 800 movements, 12 insurers) in under 3 s of
wall time; a large one (10 years, 50,000 movements) in under 60 s. Both practices are demo
practices (``generate_demo``); each run is a fresh ``conciliar`` process, as a user starts it.
The typical one has 2,979 services and 660 movements (the demo's bank statements hold fewer
movements per service than the issue's practice; reconciling them is 2% of the run, so 800 would
not change the figure). The large one has 240,000 services but only about 17,600 movements:
services drive the cost (the review, the punteo, the report), and a practice of 50,000
movements has about 190,000 at the issue's typical ratio (3,000 services to 800 movements), so
this one is the heavier.

Four runs per practice: the first on a practice never run (every earlier month's ledger is written
too, the report is printed); the routine one, a month whose files have just arrived on a practice
that has run its months (here: the same month a year before and the month before, the two the
report compares with; its report is new); the same month again (nothing changed: byte-identical
outputs, the report reused); and a first run with ``--sin-informe``.

The program is timed as installed: its modules compiled to bytecode first, as pip does when it
installs a package (and Python at an editable install's first run, unless the environment sets
``PYTHONDONTWRITEBYTECODE``, as some sandboxes do; compiling ours then costs every run about
0.2 s).

Run: ``.venv/bin/python benchmarks/bench_mes.py [--grande]`` (the large one takes minutes).
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from conciliacion.demo import generate_demo

TYPICAL = {"seed": 7, "start": "2025-11", "months": 12, "services_per_month": 250}
LARGE = {"seed": 3, "start": "2016-11", "months": 120, "services_per_month": 2000}
MONTH = "2026-10"
EARLIER = ("2025-10", "2026-09")


def conciliar(folder: Path, *options: str, month: str = MONTH) -> float:
    """Wall time of one ``conciliar mes`` process."""
    command = [sys.executable, "-m", "conciliacion", "-q", "mes", month, "--practica", str(folder)]
    started = time.perf_counter()
    subprocess.run([*command, *options], check=True)
    return time.perf_counter() - started


def routine(pristine: Path, folder: Path) -> float:
    """The month's run on a practice that ran its earlier months, the month's files just arrived."""
    shutil.copytree(pristine, folder)
    held = folder.parent / f"{folder.name}-retenidos"
    arrived = [p for p in (folder / "entrada").rglob(f"*{MONTH}*") if p.is_file()]
    for path in arrived:
        target = held / path.relative_to(folder)
        target.parent.mkdir(parents=True, exist_ok=True)
        path.rename(target)
    for month in EARLIER:
        conciliar(folder, month=month)
    for path in arrived:
        (held / path.relative_to(folder)).rename(path)
    return conciliar(folder)


def measure(name: str, spec: dict[str, object], goal: float, tmp: Path) -> None:
    """Generate the practice, run it three ways, print the times against the goal."""
    pristine = tmp / f"{name}-pristine"
    started = time.perf_counter()
    truth = generate_demo(pristine, **spec)  # type: ignore[arg-type]
    built = time.perf_counter() - started
    insurers = len({service.insurer for service in truth.services.values()} - {"particular"})
    print(
        f"{name}: {len(truth.services)} servicios, {len(truth.movements)} movimientos, "
        f"{insurers} aseguradoras, {spec['months']} meses (generada en {built:.1f} s)"
    )
    first = Path(shutil.copytree(pristine, tmp / f"{name}-1"))
    times = {"primera ejecución": conciliar(first)}
    times["mes nuevo (rutina)"] = routine(pristine, tmp / f"{name}-rutina")
    times["repetición (nada cambia)"] = conciliar(first)
    light = Path(shutil.copytree(pristine, tmp / f"{name}-2"))
    times["primera, --sin-informe"] = conciliar(light, "--sin-informe")
    for label, seconds in times.items():
        verdict = "OK" if seconds < goal else "por encima"
        print(f"  {label:28} {seconds:6.2f} s  (objetivo < {goal:.0f} s: {verdict})")


def main() -> None:
    """Measure the typical practice, and the large one with ``--grande``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grande", action="store_true", help="mide también la práctica grande")
    args = parser.parse_args()
    import conciliacion  # noqa: PLC0415 - where it is installed

    compileall.compile_dir(Path(conciliacion.__file__).parent, quiet=1)
    print(f"carga del sistema: {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        measure("típica", TYPICAL, 3.0, tmp)
        if args.grande:
            measure("grande", LARGE, 60.0, tmp)


if __name__ == "__main__":
    main()
