"""Time reading a generic settlement CSV of growing size, and the model's share of that time.

Usage: ``.venv/bin/python benchmarks/bench_tabular.py [N ...]`` (default 100000). Writing the file
is not timed. The second figure builds the same ``SettlementLine`` values from already parsed
fields: what any reader must spend, whatever its parsing.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
import tomllib
from decimal import Decimal

from conciliacion.config import PracticeConfig, parse_config
from conciliacion.importers.settlements import read_settlements
from conciliacion.model import SettlementLine, Source

HEADER = (
    "liquidacion;fecha_liquidacion;aseguradora;paciente;tarjeta;fecha_acto;codigo_acto;"
    "autorizacion;importe;retencion;concepto"
)
CONFIG = """
[practica]
nombre = "Bench"
nif = "12345678Z"
forma = "autonomo"
retencion = 0.15
[[cuentas]]
iban = "ES9121000418450200051332"
nombre = "Banco"
[[aseguradoras]]
id = "adeslas"
nombre = "Adeslas"
nif = "A28011864"
"""


def _data(n: int, rng: random.Random) -> bytes:
    rows = [HEADER]
    for i in range(n):
        cents = rng.randint(1000, 30000)
        rows.append(
            f"L{i // 1000:04d};31/01/2025;adeslas;PACIENTE {i % 997};{10_000_000 + i};"
            f"{1 + i % 28:02d}/01/2025;C{i % 40:03d};A{i};{cents // 100},{cents % 100:02d};;"
        )
    return ("\n".join(rows) + "\n").encode()


def _model_only(n: int) -> float:
    day = dt.date(2025, 1, 5)
    amount = Decimal("12.34")
    start = time.perf_counter()
    for i in range(n):
        SettlementLine(
            settlement="L1",
            insurer="adeslas",
            amount=amount,
            source=Source("x.csv", i + 2),
            patient="PACIENTE",
            card="123",
            act_date=day,
            act_code="C1",
            authorisation="A1",
        )
    return time.perf_counter() - start


def main(sizes: list[int]) -> None:
    """Print the figures of each size."""
    config: PracticeConfig = parse_config(tomllib.loads(CONFIG, parse_float=Decimal))
    for n in sizes:
        data = _data(n, random.Random(n))  # noqa: S311 - synthetic data
        start = time.perf_counter()
        result = read_settlements("bench.csv", data, config)
        elapsed = time.perf_counter() - start
        lines = sum(len(s.lines) for s in result.settlements)
        print(
            f"{n} filas: {elapsed:.2f} s leyendo ({lines} líneas, {len(result.settlements)} "
            f"liquidaciones); construir solo las líneas del modelo: {_model_only(n):.2f} s"
        )


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [100_000])
