"""A month's run killed at random points never leaves a half-written file, and the next run heals.

The run is killed with SIGKILL (no handler runs, nothing is put back). Every output file must
then hold either what it held before the run or what a complete run writes: runs are
deterministic, so both are known byte for byte. Temporary files may remain; the next run removes
them and ends exactly like a run that was never interrupted.
"""

import hashlib
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conciliacion.demo import generate_demo
from conciliacion.ledger.check import ledger_errors

BEFORE_MONTH = "2026-06"
MONTH = "2026-07"
KILLS = 3


def run(folder: Path, month: str) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "conciliacion", "-q", "mes", month, "--practica", str(folder)]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # noqa: S603


def finish(folder: Path, month: str) -> float:
    started = time.perf_counter()
    process = run(folder, month)
    _out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err.decode()
    return time.perf_counter() - started


def files(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for sub in ("salida", "libro")
        for path in sorted((folder / sub).rglob("*"))
        if path.is_file() and not path.name.endswith(".tmp")
    }


def temporaries(folder: Path) -> list[Path]:
    return [p for sub in ("salida", "libro") for p in (folder / sub).rglob(".*.tmp")]


@pytest.fixture(scope="module")
def practice(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("kill") / "demo"
    generate_demo(folder, seed=5, start="2026-05", months=3, services_per_month=120)
    finish(folder, BEFORE_MONTH)
    return folder


def test_killing_a_run_leaves_each_file_old_or_new_and_the_next_run_heals(
    practice: Path, tmp_path: Path
):
    complete = Path(shutil.copytree(practice, tmp_path / "complete"))
    duration = finish(complete, MONTH)
    before, after = files(practice), files(complete)
    victim = Path(shutil.copytree(practice, tmp_path / "victim"))
    rng = random.Random(20261128)  # noqa: S311 - kill points, not secrets
    for _ in range(KILLS):
        process = run(victim, MONTH)
        time.sleep(rng.uniform(0.2, duration))
        process.kill()
        process.communicate()
        for name, digest in files(victim).items():
            assert digest in {before.get(name), after.get(name)}, name
    finish(victim, MONTH)
    assert files(victim) == after
    assert temporaries(victim) == []
    assert ledger_errors(victim / "libro" / "main.beancount") == []
