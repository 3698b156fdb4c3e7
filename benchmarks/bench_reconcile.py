"""Bank reconciliation: accuracy on the demo's ground truth, and time and memory at scale.

Run: ``.venv/bin/python benchmarks/bench_reconcile.py truth [seed ...]`` scores the demo practice
at its default size (10 months, 2,000 services a month) for each seed: the precision of automatic
matches and the share of movements matched automatically.

``.venv/bin/python benchmarks/bench_reconcile.py scale [n ...]`` reconciles ``n`` synthetic
movements against ``n`` open settlements and invoices (half each; default 10k, 100k and 1M), each
size in its own process, and prints the time of :func:`reconcile` alone and the process's peak
resident memory (inputs included), with the CPU seconds and the system's load before and after:
the machine is shared, so compare CPU seconds of quiet runs. Payers are named by IBAN, NIF or
name, half the concepts carry the document number, amounts are random cents, so some exact ties
arise and stay suggestions.

``.venv/bin/python benchmarks/bench_reconcile.py subset [rounds]`` times the subset search as the
engine runs it (one transfer, sixty open settlements): it must decide or give up within 50 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from bank_scoring import demo_inputs, score
from conciliacion.config import parse_config
from conciliacion.demo.ids import company_cif, spanish_iban
from conciliacion.matchers.bank_documents import DocumentOptions
from conciliacion.matchers.bank_reconcile import reconcile
from conciliacion.matchers.subset_sum import SubsetOutcome, find_subset
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
    """Reconcile ``n`` synthetic movements; print wall and CPU seconds, load and peak memory."""
    movements, settlements, invoices, config = _synthetic(n, random.Random(n))  # noqa: S311 - synthetic data
    load = os.getloadavg()[0]
    started, cpu = time.perf_counter(), time.process_time()
    result = reconcile(
        movements, settlements, invoices, [], config,  # type: ignore[arg-type]
        period=(_START, _START + dt.timedelta(days=400)),
    )  # fmt: skip
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    print(
        f"n={n}: {seconds:.1f} s, CPU {cpu:.1f} s ({cpu / n * 1e6:.1f} µs/mov, "
        f"{cpu / (n * math.log(n)) * 1e6:.2f} µs/(n·ln n)), pico {peak:.2f} GB, "
        f"carga {load:.2f} → {os.getloadavg()[0]:.2f}, {result.counts()}"
    )


def subset(rounds: int) -> None:
    """Time the subset search as the engine runs it: one transfer against 60 open settlements.

    Planted payments of one to four settlements (the engine's bound) must be decided; searches
    of up to eight settlements among the same sixty mostly run out of budget and must say so
    within it too. Prints the worst and median milliseconds of each outcome.
    """
    options = DocumentOptions()
    rng = random.Random(3)  # noqa: S311 - synthetic data
    times: dict[tuple[int, SubsetOutcome], list[float]] = defaultdict(list)
    for _ in range(rounds):
        values = [rng.randint(10_000, 2_000_000) for _ in range(options.subset_items)]
        chosen = rng.sample(range(len(values)), rng.randint(1, options.subset_size))
        target = sum(values[i] for i in chosen)
        for size in (options.subset_size, 2 * options.subset_size):
            started = time.perf_counter()
            found = find_subset(values, target, max_size=size, budget=options.subset_budget)
            times[size, found.outcome].append((time.perf_counter() - started) * 1000)
    print(f"presupuesto {options.subset_budget * 1000:.0f} ms, carga {os.getloadavg()[0]:.2f}")
    for (size, outcome), spent in sorted(times.items()):
        print(
            f"hasta {size} liquidaciones de 60, {outcome}: {len(spent)} búsquedas, "
            f"mediana {statistics.median(spent):.1f} ms, peor {max(spent):.1f} ms"
        )


def main() -> None:
    """The command line: a mode and its numbers."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "mode",
        nargs="?",
        default="truth",
        choices=["truth", "scale", "scale-one", "subset"],
        help="truth: demo ground truth per seed (default); scale: time and memory at each size, "
        "one process each; scale-one: one size in this process; subset: subset-search times",
    )
    parser.add_argument(
        "numbers",
        nargs="*",
        type=int,
        help="truth: seeds (1 2 3 4 5); scale: sizes (10000 100000 1000000); scale-one: the size; "
        "subset: rounds (200)",
    )
    args = parser.parse_args()
    if args.mode == "truth":
        truth(args.numbers or [1, 2, 3, 4, 5])
    elif args.mode == "scale-one":
        scale_one(args.numbers[0] if args.numbers else 100_000)
    elif args.mode == "subset":
        subset(args.numbers[0] if args.numbers else 200)
    else:
        for n in args.numbers or [10_000, 100_000, 1_000_000]:
            subprocess.run([sys.executable, __file__, "scale-one", str(n)], check=True)


if __name__ == "__main__":
    main()
