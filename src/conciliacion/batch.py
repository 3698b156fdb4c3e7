"""Many practices' month at once, for a firm: one process per practice, one summary for all.

Each practice runs in its own process (a practice is independent of the others and the work is
CPU-bound, so threads would wait for each other); a practice that fails is reported with its
error and does not stop the rest. Processes are started fresh (``spawn``): nothing of the parent,
such as a progress bar's thread, is copied into them half-way.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from pathlib import Path

import attrs

from conciliacion.errors import ConciliacionError
from conciliacion.pipeline import MonthSummary, run_month
from conciliacion.practice import Practice

__all__ = ["BatchResult", "run_batch"]


@attrs.frozen
class BatchResult:
    """One practice's outcome: its summary, or the error that stopped it.

    Attributes:
        folder: the practice folder, as given.
        summary: the month's summary when it ran to the end.
        error: the error, one readable line, when it did not.
    """

    folder: Path
    summary: MonthSummary | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the practice's month ran to the end."""
        return self.error is None


def _one(folder: Path, month: str, *, report: bool) -> BatchResult:
    """Run one practice; any error becomes the result's text (a worker must not die)."""
    try:
        return BatchResult(folder, run_month(Practice(folder), month, report=report))
    except ConciliacionError as error:
        return BatchResult(folder, error=str(error))
    except Exception as error:  # noqa: BLE001 - one practice's bug must not stop the others
        return BatchResult(folder, error=f"error interno ({type(error).__name__}): {error}")


def run_batch(
    month: str,
    folders: Sequence[Path],
    *,
    workers: int | None = None,
    report: bool = True,
    done: Callable[[BatchResult], None] | None = None,
) -> list[BatchResult]:
    """Run ``month`` for every practice in ``folders``; results in the order given.

    ``workers`` processes at most (default: one per processor, never more than practices);
    ``done`` is called as each practice finishes, for a progress display.
    """
    folders = list(dict.fromkeys(folders))  # one practice twice would only wait for its lock
    if not folders:
        return []
    workers = max(1, min(workers or os.cpu_count() or 1, len(folders)))
    if workers == 1:
        results = []
        for folder in folders:
            results.append(_one(folder, month, report=report))
            if done:
                done(results[-1])
        return results
    by_folder: dict[Path, BatchResult] = {}
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures: dict[Future[BatchResult], Path] = {
            pool.submit(_one, folder, month, report=report): folder for folder in folders
        }
        for future in as_completed(futures):
            folder = futures[future]
            try:
                result = future.result()
            except Exception as error:  # noqa: BLE001 - a worker killed from outside
                result = BatchResult(folder, error=f"el proceso terminó de forma anómala: {error}")
            by_folder[folder] = result
            if done:
                done(result)
    return [by_folder[folder] for folder in folders]
