"""Accuracy of the punteo on the demo practice's ground truth, several seeds, default size.

Run: ``.venv/bin/python benchmarks/bench_punteo_truth.py [seed ...]``.

A service's outcome counts as right when it equals the truth's (``sin_autorizacion`` is right for a
service the truth calls pendiente or impagado for want of its authorisation). Two services with the
same insurer, card, date, act code and authorisation cannot be told apart by any input; for those
the multiset of outcomes of the group is compared, and the score says how many were right each way.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from conciliacion.demo import generate_demo
from conciliacion.inputs import read_inputs
from conciliacion.matchers.settlement_review import review_settlements
from conciliacion.model import ReviewStatus
from conciliacion.practice import Practice


def _expected(truth_outcome: str, reason: str, got: ReviewStatus) -> str:
    if got is ReviewStatus.NO_AUTHORISATION and reason == "sin_autorizacion":
        return str(got) if truth_outcome in {"pendiente", "impagado"} else truth_outcome
    return truth_outcome


def score(seed: int) -> dict[str, float]:
    """Generate the demo with ``seed``, review it, and compare with the truth."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "demo"
        truth = generate_demo(root, seed=seed)
        practice = Practice(root)
        config = practice.load_config()
        inputs = read_inputs(practice, config)
        started = time.perf_counter()
        result = review_settlements(
            inputs.services, inputs.settlements, inputs.fee_schedule, config.insurers, truth.as_of
        )
        seconds = time.perf_counter() - started
    by_id = {service.id: service for service in inputs.services}
    exact = 0
    groups: dict[tuple[object, ...], list[tuple[str, str]]] = defaultdict(list)
    for review in result.services:
        service = by_id[review.service_id]
        expected = truth.services[service.reference or ""]
        wanted = _expected(str(expected.outcome), expected.reason, review.status)
        exact += wanted == str(review.status)
        key = (service.insurer, service.card, service.date, service.act_code, service.authorisation)
        groups[key].append((wanted, str(review.status)))
    by_class = 0
    for members in groups.values():
        wanted = Counter(w for w, _ in members)
        got = Counter(g for _, g in members)
        by_class += sum((wanted & got).values())
    total = len(result.services)
    lines_right = {r.line_id for r in result.lines} == {
        line.id for line in truth.lines_without_service
    }
    return {
        "servicios": total,
        "exactos": exact,
        "por_clase": by_class,
        "segundos_punteo": seconds,
        "lineas_sin_actividad_ok": float(lines_right),
    }


def main() -> None:
    """Score the seeds given on the command line, or three default ones."""
    seeds = [int(arg) for arg in sys.argv[1:]] or [2026, 7, 11]
    print("semilla  servicios  exactos  %exactos  por_clase  %por_clase  punteo_s  sin_actividad")
    for seed in seeds:
        s = score(seed)
        total = s["servicios"]
        print(
            f"{seed:7d}  {total:9.0f}  {s['exactos']:7.0f}  {100 * s['exactos'] / total:8.3f}"
            f"  {s['por_clase']:9.0f}  {100 * s['por_clase'] / total:10.3f}"
            f"  {s['segundos_punteo']:8.2f}  {'sí' if s['lineas_sin_actividad_ok'] else 'NO'}"
        )


if __name__ == "__main__":
    main()
