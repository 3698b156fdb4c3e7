"""Strict Norma 43 import of 200,000 movements, beside the PyPI parsers csb43 and norma43.

Usage: .venv/bin/python benchmarks/bench_norma43.py [--sin-csb43] [MOVEMENTS]   (default 200000)

Generates a deterministic file (four accounts of 50,000 movements: the 33 record counts debits
and credits in five digits; two concept records per movement; numeric references 1 with their
check digit, as information mode 3 asks) into a temporary folder, then times in the same run and
each in its own process: our ``read_norma43`` with full validation into model objects, ``csb43``
1.1.0 (``read_batch``) and ``norma43`` 0.1.4 (``Norma43Parser.parse``). The two are installed
into a throwaway virtualenv under /tmp unless the current environment has them. Each time is the
best of ``RUNS`` (csb43, at about a minute a run, is run once); our peak memory is measured with
tracemalloc in a separate run (it slows the reading down). ``--sin-csb43`` leaves csb43 out, for
quick rounds while working on our reader: norma43 is the faster of the two and the one compared.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

MOVEMENTS = 200_000
PER_ACCOUNT = 50_000
RUNS = 3
VENV = Path(tempfile.gettempdir()) / "conciliacion-bench-n43"
PACKAGES = ["csb43==1.1.0", "norma43==0.1.4"]
PAYERS = [
    "SEGURCAIXA ADESLAS SA DE SEGUROS Y REA",
    "SANITAS SA DE SEGUROS",
    "DKV SEGUROS Y REASEGUROS SAE",
    "ASISA ASISTENCIA SANITARIA INTERPROVIN",
    "MAPFRE ESPANA CIA DE SEGUROS",
    "LOPEZ GARCIA MARIA",
    "COMERCIAL MEDICA DEL NORTE SL",
]
WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4)

OURS = """
import sys, time, json, tracemalloc
from pathlib import Path
from conciliacion.importers.norma43 import read_norma43
path = Path(sys.argv[1]); data = path.read_bytes()
best = None
for _ in range(int(sys.argv[2])):
    start = time.perf_counter(); result = read_norma43(path, data)
    elapsed = time.perf_counter() - start; best = elapsed if best is None else min(best, elapsed)
    count = sum(len(s.movements) for s in result.statements); result = None
tracemalloc.start(); result = read_norma43(path, data)
peak = tracemalloc.get_traced_memory()[1]; tracemalloc.stop()
print(json.dumps({"seconds": best, "movements": count, "peak": peak}))
"""

CSB43 = """
import sys, time, json
from csb43.aeb43 import read_batch
from csb43.aeb43.record.context import Aeb43Context
best = None
for _ in range(int(sys.argv[2])):
    start = time.perf_counter()
    with open(sys.argv[1], "rb") as stream:
        batch = read_batch(stream, context=Aeb43Context(silent=True))
    elapsed = time.perf_counter() - start; best = elapsed if best is None else min(best, elapsed)
count = sum(len(a.transactions) for a in batch.accounts)
print(json.dumps({"seconds": best, "movements": count}))
"""

NORMA43 = """
import sys, time, json
from norma43.parser import Norma43Parser
best = None
for _ in range(int(sys.argv[2])):
    start = time.perf_counter(); accounts = Norma43Parser(sys.argv[1]).parse()
    elapsed = time.perf_counter() - start; best = elapsed if best is None else min(best, elapsed)
count = sum(len(a.transactions) for a in accounts)
print(json.dumps({"seconds": best, "movements": count}))
"""


def _reference1(rng: random.Random) -> str:
    body = f"{rng.randrange(10**11):011d}"
    total = sum(int(digit) * weight for digit, weight in zip(reversed(body), WEIGHTS, strict=True))
    return body + str(total % 11 % 10)


def generate(path: Path, movements: int, seed: int = 43) -> None:
    """Write the benchmark file: the same bytes for the same arguments."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    lines: list[str] = []
    first = dt.date(2024, 1, 1)
    done = 0
    while done < movements:
        count = min(PER_ACCOUNT, movements - done)
        number = f"{done // PER_ACCOUNT + 1:010d}"
        balance = opening = 250_000_00
        lines.append(
            f"112100{'0418'}{number}240101241231{'2'}{opening:014d}9783{'CLINICA DEMO SL':<26}   "
        )
        debit = credit = debits = n_credits = 0
        for index in range(count):
            day = (first + dt.timedelta(days=index * 365 // count)).strftime("%y%m%d")
            cents = rng.randint(1, 900_000)
            if rng.random() < 0.5:  # noqa: PLR2004 - half debits
                sign, debit, debits, balance = "1", debit + cents, debits + 1, balance - cents
            else:
                sign, credit, n_credits, balance = (
                    "2",
                    credit + cents,
                    n_credits + 1,
                    balance + cents,
                )
            payer = rng.choice(PAYERS)
            lines.append(
                f"22    0418{day}{day}04{rng.randint(1, 999):03d}{sign}{cents:014d}"
                f"{rng.randrange(10**10):010d}{_reference1(rng)}{f'LIQ{index:08d}':<16}"
            )
            lines.append(f"2301{'TRANSFERENCIA':<38}{payer:<38}")
            lines.append(f"2302{f'FACTURA {rng.randrange(10**6):06d}':<38}{f'REF {index}':<38}")
        lines.append(
            f"3321000418{number}{debits:05d}{debit:014d}{n_credits:05d}{credit:014d}"
            f"{'1' if balance < 0 else '2'}{abs(balance):014d}978    "
        )
        done += count
    lines.append(f"88{'9' * 18}{len(lines):06d}{'':54}")
    path.write_bytes("".join(f"{line}\r\n" for line in lines).encode("latin-1"))


def _python_with_packages() -> str:
    try:
        import csb43  # noqa: F401, PLC0415 - only to learn whether it is installed
        import norma43  # noqa: F401, PLC0415
    except ImportError:
        python = VENV / "bin" / "python"
        if not python.exists():
            venv.create(VENV, with_pip=True)
            subprocess.run([str(python), "-m", "pip", "install", "-q", *PACKAGES], check=True)
        return str(python)
    return sys.executable


def _run(python: str, code: str, path: Path, runs: int = RUNS) -> dict[str, float]:
    out = subprocess.run(
        [python, "-c", code, str(path), str(runs)], check=True, capture_output=True, text=True
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    """Generate, time the three readers, print a table."""
    args = sys.argv[1:]
    with_csb43 = "--sin-csb43" not in args
    numbers = [arg for arg in args if arg != "--sin-csb43"]
    movements = int(numbers[0]) if numbers else MOVEMENTS
    other = _python_with_packages()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "extracto.n43"
        generate(path, movements)
        size = path.stat().st_size
        rows = [("conciliacion (estricto, a objetos del modelo)", _run(sys.executable, OURS, path))]
        if with_csb43:
            rows.append(("csb43 1.1.0", _run(other, CSB43, path, runs=1)))
        rows.append(("norma43 0.1.4", _run(other, NORMA43, path)))
    print(f"fichero: {movements} movimientos, 2 registros 23 cada uno, {size / 1e6:.1f} MB")
    print(f"{'lector':<48}{'segundos':>10}{'movimientos/s':>16}")
    for name, row in rows:
        rate = row["movements"] / row["seconds"]
        print(f"{name:<48}{row['seconds']:>10.2f}{rate:>16,.0f}")
    ours = rows[0][1]
    fastest = min(row["seconds"] for _, row in rows[1:])
    print(f"velocidad frente al más rápido de los otros: {fastest / ours['seconds']:.2f}x")
    print(
        f"memoria máxima (tracemalloc): {ours['peak'] / 1e6:.0f} MB = "
        f"{ours['peak'] / size:.2f} veces el fichero"
    )


if __name__ == "__main__":
    main()
