"""Time the settlement review on synthetic practices of growing size.

Usage: ``.venv/bin/python benchmarks/bench_punteo.py [N ...]`` (default 10000 100000). Each size
has N services and about N settlement lines: most match by authorisation, some by card + date +
code, some only by the patient's name written the insurer's way, a few are unpaid or pay nothing
known. Building the inputs is not timed; the review is, on one core.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import sys
import time
from decimal import Decimal

from conciliacion.config import InsurerConfig
from conciliacion.matchers.settlement_review import review_settlements
from conciliacion.model import FeeScheduleEntry, Service, Settlement, SettlementLine, Source

INSURERS = ["adeslas", "sanitas", "dkv", "asisa", "mapfre"]
CODES = [f"C{n:03d}" for n in range(40)]
GIVEN = ["María", "José", "Ana", "Luis", "Carmen", "Javier", "Lucía", "Pedro", "Elena", "Pablo"]
SURNAMES = ["García", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Ruiz", "Díaz", "Moreno"]
START = dt.date(2025, 1, 1)
LINES_PER_SETTLEMENT = 1000


def _inputs(n: int, rng: random.Random) -> tuple[list[Service], list[Settlement]]:
    services, lines_by_insurer = [], {insurer: [] for insurer in INSURERS}
    for i in range(n):
        insurer, code = rng.choice(INSURERS), rng.choice(CODES)
        date = START + dt.timedelta(days=rng.randrange(365))
        given, first, second = rng.choice(GIVEN), rng.choice(SURNAMES), rng.choice(SURNAMES)
        card = f"{rng.randrange(10**9):09d}"
        kind = rng.random()
        auth = f"A{i:08d}" if kind < 0.8 else None  # noqa: PLR2004 - the mix of keys
        services.append(
            Service(
                date=date,
                patient=f"{given} {first} {second}",
                card=card if kind < 0.95 else "",  # noqa: PLR2004
                insurer=insurer,
                act_code=code,
                act="acto",
                source=Source("actividad.csv", i + 2),
                authorisation=auth,
            )
        )
        if kind > 0.99:  # noqa: PLR2004 - unpaid
            continue
        lines_by_insurer[insurer].append(
            {
                "amount": "40.00",
                "patient": f"{first.upper()} {second.upper()}, {given.upper()}",
                "card": card if kind < 0.95 else "",  # noqa: PLR2004
                "act_date": date + dt.timedelta(days=rng.choice([0, 0, 0, 1]) * (kind > 0.95)),  # noqa: PLR2004
                "act_code": code,
                "authorisation": auth,
            }
        )
    settlements = []
    for insurer, rows in lines_by_insurer.items():
        for start in range(0, len(rows), LINES_PER_SETTLEMENT):
            number = f"{insurer}-{start // LINES_PER_SETTLEMENT}"
            lines = [
                SettlementLine(
                    settlement=number,
                    insurer=insurer,
                    source=Source(f"{number}.csv", index + 2),
                    **row,
                )
                for index, row in enumerate(rows[start : start + LINES_PER_SETTLEMENT])
            ]
            settlements.append(
                Settlement.from_lines(
                    number=number,
                    insurer=insurer,
                    date=dt.date(2026, 1, 31),
                    lines=lines,
                    withholding=Decimal(0),
                    source=Source(f"{number}.csv", 1),
                )
            )
    return services, settlements


def main(sizes: list[int]) -> None:
    """Print one line per size: services, lines, seconds, and seconds per n log n."""
    schedule = [
        FeeScheduleEntry(insurer, code, "acto", "40.00", START, Source("baremo.csv", 2))
        for insurer in INSURERS
        for code in CODES
    ]
    insurers = [InsurerConfig(id=i, name=i, nif="A58172930") for i in INSURERS]
    print("servicios  líneas  segundos  µs/(n·log2 n)  estados")
    for n in sizes:
        services, settlements = _inputs(n, random.Random(n))  # noqa: S311 - synthetic data
        lines = sum(len(s.lines) for s in settlements)
        began = time.process_time()
        result = review_settlements(services, settlements, schedule, insurers, dt.date(2026, 1, 31))
        seconds = time.process_time() - began
        counts = {str(k): v for k, v in result.counts.items() if v}
        per = seconds / (n * math.log2(n)) * 1e6
        print(f"{n:>9}  {lines:>6}  {seconds:8.2f}  {per:13.3f}  {counts}", flush=True)


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [10_000, 100_000])
