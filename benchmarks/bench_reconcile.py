"""Bank reconciliation: accuracy on the demo's ground truth, and time and memory at scale.

Run: ``.venv/bin/python benchmarks/bench_reconcile.py truth [seed ...]`` scores the demo practice
at its default size (10 months, 2,000 services a month) for each seed: the precision of automatic
matches and the share of movements matched automatically.

``.venv/bin/python benchmarks/bench_reconcile.py scale [n ...]`` reconciles ``n`` synthetic
movements against ``n`` open settlements and invoices (half each; default 10k, 100k and 1M), each
size in its own process, and prints the time of :func:`reconcile` alone and the process's peak
resident memory (inputs included). Payers are named by IBAN, NIF or name, half the concepts carry
the document number, amounts are random cents, so some exact ties arise and stay suggestions.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import resource
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from bank_scoring import demo_inputs, score
from conciliacion.config import parse_config
from conciliacion.demo.ids import company_cif, spanish_iban
from conciliacion.matchers.bank_reconcile import reconcile
from conciliacion.model import Invoice, Movement, Settlement, SettlementLine, Source

_PARTIES = 200
_START = dt.date(2026, 1, 1)


def truth(seeds: list[int]) -> None:
    """Score the demo's ground truth for each seed."""
    for seed in seeds:
        with tempfile.TemporaryDirectory() as folder:
            data, inputs, config = demo_inputs(Path(folder) / "demo", seed=seed)
        started = time.perf_counter()
        result = score(data, inputs, config)
        seconds = time.perf_counter() - started
        print(
            f"semilla {seed}: {result.movements} movimientos, "
            f"automáticos {result.automatic} ({result.automatic_rate:.2%}), "
            f"correctos {result.right} (precisión {result.precision:.3%}), "
            f"sugeridos {result.suggested}, pendientes {result.pending}, {seconds:.2f} s"
        )
        for line in result.wrong:
            print("  incorrecto:", line)


def _synthetic(
    n: int, rng: random.Random
) -> tuple[list[Movement], list[Settlement], list[Invoice], object]:
    insurers = [(company_cif(rng, "A"), spanish_iban(rng, "0049")) for _ in range(_PARTIES)]
    suppliers = [company_cif(rng, "B") for _ in range(_PARTIES)]
    config = parse_config(
        {
            "practica": {"nombre": "Centro", "nif": company_cif(rng, "B"), "forma": "SL"},
            "cuentas": [{"iban": spanish_iban(rng, "2100"), "nombre": "Banco"}],
            "aseguradoras": [
                {
                    "id": f"a{i}",
                    "nombre": f"Aseguradora {i:03d} Seguros",
                    "nif": nif,
                    "iban": [iban],
                }
                for i, (nif, iban) in enumerate(insurers)
            ],
            "proveedores": [
                {"nombre": f"Proveedor {i:03d} SL", "nif": nif, "cuenta": "629"}
                for i, nif in enumerate(suppliers)
            ],
        }
    )
    account = config.accounts[0].iban
    source = Source("liq.csv", 1)
    movements: list[Movement] = []
    settlements: list[Settlement] = []
    invoices: list[Invoice] = []
    for index in range(n):
        party = index % _PARTIES
        day = _START + dt.timedelta(days=index * 365 // n)
        amount = Decimal(rng.randint(10_000, 2_000_000)).scaleb(-2)
        number = f"D{index:09d}"
        if index % 2:
            line = SettlementLine(number, f"a{party}", amount, source, patient="X", act_date=day)
            settlements.append(
                Settlement(
                    number,
                    f"a{party}",
                    day,
                    (line,),
                    amount,
                    Decimal(0),
                    Decimal(0),
                    amount,
                    source,
                )
            )
            nif, iban = insurers[party]
            payer = rng.choice(
                (f"NIF {nif}", f"ORDENANTE {iban}", f"ASEGURADORA {party:03d} SEGUROS")
            )
            texts = ("TRANSFERENCIA RECIBIDA", payer, f"LIQ {number}" if index % 4 == 1 else "")
            signed = amount
        else:
            invoices.append(
                Invoice(f"Proveedor {party:03d} SL", suppliers[party], number, day, amount,
                        Decimal(0), Decimal(0), amount, source, due_date=day)
            )  # fmt: skip
            texts = (
                "ADEUDO DOMICILIADO SEPA",
                f"PROVEEDOR {party:03d} SL",
                f"FRA {number}" if index % 4 == 0 else "",
            )
            signed = -amount
        movements.append(
            Movement(account, day + dt.timedelta(days=3), day + dt.timedelta(days=3), signed,
                     Source("banco.n43", index + 1), common_concept="04", concepts=texts)
        )  # fmt: skip
    return movements, settlements, invoices, config


def scale_one(n: int) -> None:
    """Reconcile ``n`` synthetic movements; print seconds and peak memory."""
    movements, settlements, invoices, config = _synthetic(n, random.Random(n))  # noqa: S311 - synthetic data
    started = time.perf_counter()
    result = reconcile(
        movements, settlements, invoices, [], config,  # type: ignore[arg-type]
        period=(_START, _START + dt.timedelta(days=400)),
    )  # fmt: skip
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    counts = result.counts()
    print(
        f"n={n}: {seconds:.1f} s ({seconds / n * 1e6:.1f} µs/mov, "
        f"{seconds / (n * math.log(n)) * 1e6:.2f} µs/(n·ln n)), pico {peak:.2f} GB, {counts}"
    )


def main(argv: list[str]) -> None:
    """``truth [seed ...]`` or ``scale [n ...]`` (``scale-one n`` runs one size)."""
    mode, args = (argv[0], argv[1:]) if argv else ("truth", [])
    if mode == "truth":
        truth([int(a) for a in args] or [1, 2, 3, 4, 5])
    elif mode == "scale-one":
        scale_one(int(args[0]))
    else:
        for n in [int(a) for a in args] or [10_000, 100_000, 1_000_000]:
            subprocess.run([sys.executable, __file__, "scale-one", str(n)], check=True)


if __name__ == "__main__":
    main(sys.argv[1:])
