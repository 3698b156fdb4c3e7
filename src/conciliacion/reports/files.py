"""The reports of a month as the month pipeline writes them, from what it has already computed.

``conciliar revision`` and ``conciliar informe`` read the practice themselves; the pipeline has
read it, reviewed it and reconciled it already, and passes all of that here so nothing is done
twice and the reports agree with the month's other files to the cent.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from conciliacion._gc import collector_paused
from conciliacion.files import atomic_write_bytes
from conciliacion.model import Match, ReviewResult
from conciliacion.practice import Practice
from conciliacion.reports.facts import month_span
from conciliacion.reports.figures_cache import FiguresCache
from conciliacion.reports.incidents import collect_incidents
from conciliacion.reports.monthly import start_report
from conciliacion.reports.printing import ReportPrinter
from conciliacion.reports.sources import PracticeState, report_inputs
from conciliacion.reports.weekly import week_of
from conciliacion.reports.weekly_files import start_incident_files
from conciliacion.signing import user_key

__all__ = ["start_month_reports"]


def start_month_reports(  # noqa: PLR0913 - what the run has computed, and the printer
    practice: Practice,
    month: str,
    state: PracticeState,
    matches: Sequence[Match] | None,
    *,
    review: ReviewResult | None = None,
    printer: ReportPrinter | None = None,
) -> Callable[[], list[Path]]:
    """Write the incident list as of the month's last day and start the monthly report.

    The returned call writes the report's files once drawn (by ``printer``'s worker while the
    caller writes the rest of the month, or here) and gives every path written, sorted.

    The incident list is the one of the week that holds the month's last day, as the weekly
    review would give it that day, so the month's folder always closes with its open items.
    ``review`` is the settlement review as of that day, when the caller has made it.
    """
    month, _first, last = month_span(month)
    out_dir = practice.output_dir(month)
    # A fact per service of every year, and no cycle among them: see conciliacion._gc.
    with collector_paused(keep=True):
        data = report_inputs(state, last, matches=matches, review=review)
        incidents = collect_incidents(data)
        builder = printer or ReportPrinter(aside=False)
        incident_files = start_incident_files(out_dir, incidents, week_of(last), last, builder)
        kept = FiguresCache(practice.root, user_key())
        pending = start_report(
            state, month, matches, out_dir, data=data, printer=printer, kept=kept,
            incidents=incidents,
        )  # fmt: skip

    def finish() -> list[Path]:
        written = incident_files()
        for name, content in pending.contents().items():
            atomic_write_bytes(out_dir / name, content)
            written.append(out_dir / name)
        return sorted(written)

    return finish
