"""One month of one practice: read, match, write, in that order, all or nothing.

Every stage is a pure function of the inputs and of the earlier stages; only the last step writes,
and every file is written atomically, so a malformed input stops the run before anything changes on
disk. The stages that exist today: reading every input (bank statements merged per account,
activity, fee schedules, settlements, invoices) and the settlement review (punteo). Bank
reconciliation, the ledger and the reports join here as they land.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import logging
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import attrs

from conciliacion.config import PracticeConfig
from conciliacion.files import atomic_write_text
from conciliacion.inputs import PracticeInputs, read_inputs
from conciliacion.matchers.settlement_review import review_settlements
from conciliacion.model import ReviewResult, ReviewStatus
from conciliacion.practice import Practice, parse_month
from conciliacion.reports.review_files import write_review_outputs

__all__ = ["MonthSummary", "Progress", "month_bounds", "run_month", "run_review"]

logger = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)`` during long stages; the CLI shows it as a bar."""


def _no_progress(_stage: str, _done: int, _total: int) -> None:
    return None


def month_bounds(month: str) -> tuple[str, dt.date, dt.date]:
    """The canonical ``AAAA-MM``, first and last day of a month.

    >>> month_bounds("2024-02")
    ('2024-02', datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))
    """
    year, number = parse_month(month)
    last = calendar.monthrange(year, number)[1]
    return f"{year:04d}-{number:02d}", dt.date(year, number, 1), dt.date(year, number, last)


@attrs.frozen
class MonthSummary:
    """What a month's run did, for the terminal and for ``--json``.

    Attributes:
        practice: the practice's name.
        month: ``AAAA-MM``.
        inputs: number of input files per kind (banco, liquidaciones, ...).
        movements: bank movements of the month, all accounts, each once.
        format_warnings: format deviations accepted in bank files (all files).
        missing_statements: gaps between one statement's closing and the next one's opening balance.
        review: how many insured services (up to the month's end) ended in each outcome.
        claimed: total of the claim lists.
        incidents: incidents found by the importers and the review.
        output_dir: where the month's outputs are, relative to the practice.
        outputs: the files written, relative to the practice.
    """

    practice: str
    month: str
    inputs: dict[str, int]
    movements: int
    format_warnings: int
    missing_statements: int
    review: dict[str, int]
    claimed: Decimal
    incidents: int
    output_dir: str
    outputs: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        """The summary as plain JSON-ready values, with Spanish keys for scripts."""
        return {
            "practica": self.practice,
            "mes": self.month,
            "entradas": dict(self.inputs),
            "movimientos": self.movements,
            "avisos_formato": self.format_warnings,
            "extractos_ausentes": self.missing_statements,
            "punteo": dict(self.review),
            "reclamado": f"{self.claimed:.2f}",
            "incidencias": self.incidents,
            "salida": self.output_dir,
            "ficheros": list(self.outputs),
        }


def _month_movements(inputs: PracticeInputs, first: dt.date, last: dt.date) -> int:
    return sum(
        1
        for account in inputs.merged.accounts
        for movement in account.movements
        if first <= movement.booking_date <= last
    )


def _review(inputs: PracticeInputs, config: PracticeConfig, as_of: dt.date) -> ReviewResult:
    return review_settlements(
        inputs.services, inputs.settlements, inputs.fee_schedule, config.insurers, as_of
    )


def run_review(
    practice: Practice,
    month: str,
    *,
    config: PracticeConfig | None = None,
    progress: Progress = _no_progress,
) -> tuple[ReviewResult, list[Path]]:
    """The settlement review (punteo) alone: read the inputs, review, write its files."""
    month, _first, last = month_bounds(month)
    config = config or practice.load_config()
    inputs = read_inputs(practice, config, progress)
    review = _review(inputs, config, last)
    services = {service.id: service for service in inputs.services}
    return review, write_review_outputs(practice.output_dir(month), review, services)


def run_month(
    practice: Practice,
    month: str,
    *,
    config: PracticeConfig | None = None,
    progress: Progress = _no_progress,
) -> MonthSummary:
    """Run the month ``AAAA-MM`` for ``practice`` and write its outputs."""
    month, first, last = month_bounds(month)
    config = config or practice.load_config()
    inputs = read_inputs(practice, config, progress)
    review = _review(inputs, config, last)
    out_dir = practice.output_dir(month)

    # Everything is computed; from here on, only writing.
    services = {service.id: service for service in inputs.services}
    written = write_review_outputs(out_dir, review, services)
    summary_path = out_dir / "resumen.json"
    counts = review.counts
    summary = MonthSummary(
        practice=config.practice.name,
        month=month,
        inputs=inputs.files,
        movements=_month_movements(inputs, first, last),
        format_warnings=len(inputs.warnings),
        missing_statements=len(inputs.merged.gaps),
        review={str(status): counts.get(status, 0) for status in ReviewStatus},
        claimed=review.total_claimed,
        incidents=len(inputs.incidents) + len(review.incidents),
        output_dir=practice.relative(out_dir),
        outputs=tuple(sorted(practice.relative(path) for path in [*written, summary_path])),
    )
    text = json.dumps(summary.to_json(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    atomic_write_text(summary_path, text)
    logger.info("mes %s escrito en %s", month, summary.output_dir)
    return summary
