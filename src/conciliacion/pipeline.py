"""One month of one practice: read, match, write, in that order, all or nothing.

Each stage is a pure function of the previous stages' values; only the last step writes, and every
file is written atomically, so a failing input stops the run before anything changes on disk. Stages
are added here as the capabilities land (bank import, settlement review, reconciliation, ledger,
reports); until then the run reports what inputs it found.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

import attrs

from conciliacion.config import PracticeConfig
from conciliacion.files import atomic_write_text
from conciliacion.practice import INPUT_KINDS, Practice, parse_month

__all__ = ["MonthSummary", "Progress", "run_month"]

logger = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)`` during long stages; the CLI shows it as a bar."""


def _no_progress(_stage: str, _done: int, _total: int) -> None:
    return None


@attrs.frozen
class MonthSummary:
    """What a month's run did, for the terminal and for ``--json``.

    Attributes:
        practice: the practice's name.
        month: ``AAAA-MM``.
        inputs: number of input files per kind (banco, liquidaciones, ...).
        output_dir: where the month's outputs are, relative to the practice.
        outputs: the files written, relative to the practice.
    """

    practice: str
    month: str
    inputs: dict[str, int]
    output_dir: str
    outputs: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        """The summary as plain JSON-ready values, with Spanish keys for scripts."""
        return {
            "practica": self.practice,
            "mes": self.month,
            "entradas": dict(self.inputs),
            "salida": self.output_dir,
            "ficheros": list(self.outputs),
        }


def run_month(
    practice: Practice,
    month: str,
    *,
    config: PracticeConfig | None = None,
    progress: Progress = _no_progress,
) -> MonthSummary:
    """Run the month ``AAAA-MM`` for ``practice`` and write its outputs."""
    year, number = parse_month(month)
    month = f"{year:04d}-{number:02d}"
    config = config or practice.load_config()
    inputs: dict[str, int] = {}
    for index, kind in enumerate(INPUT_KINDS, start=1):
        inputs[kind] = len(practice.input_files(kind))
        progress("inventario", index, len(INPUT_KINDS))
    out_dir = practice.output_dir(month)
    summary_path = out_dir / "resumen.json"
    summary = MonthSummary(
        practice=config.practice.name,
        month=month,
        inputs=inputs,
        output_dir=practice.relative(out_dir),
        outputs=(practice.relative(summary_path),),
    )
    text = json.dumps(summary.to_json(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    atomic_write_text(summary_path, text)
    logger.info("mes %s escrito en %s", month, summary.output_dir)
    return summary
