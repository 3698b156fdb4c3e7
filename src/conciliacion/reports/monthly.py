"""The monthly report (``conciliar informe AAAA-MM``): figures, HTML, PDF and the annex.

The practice is read once; the month, the previous one and the same month a year earlier are
computed from that reading, each with the settlement review as of its own last day. Everything is
computed before anything is written, and each file is written atomically:
``salida/AAAA-MM/informe.html``, ``informe.pdf`` and ``informe_anexo.xlsx``.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

import attrs

from conciliacion import __version__
from conciliacion.config import PracticeConfig
from conciliacion.files import atomic_write_bytes
from conciliacion.model import Match
from conciliacion.practice import Practice
from conciliacion.reports.facts import in_period, month_span, shift_month
from conciliacion.reports.figure_values import MonthFigures
from conciliacion.reports.figures import month_figures
from conciliacion.reports.figures_cache import FiguresCache
from conciliacion.reports.incident_item import WeeklyItem
from conciliacion.reports.incidents import collect_incidents
from conciliacion.reports.monthly_content import MonthlyReport, build_report
from conciliacion.reports.monthly_xlsx import start_annex_xlsx
from conciliacion.reports.printing import ReportPrinter, ready
from conciliacion.reports.report_inputs import ReportInputs
from conciliacion.reports.sources import PracticeState, figures_key, load_state, report_inputs
from conciliacion.signing import user_key

__all__ = [
    "MonthlyOutputs",
    "PendingReport",
    "build_monthly_report",
    "monthly_report",
    "report_contents",
    "start_report",
]


@attrs.frozen
class MonthlyOutputs:
    """A written monthly report.

    Attributes:
        report: what it shows.
        outputs: the files written (HTML, PDF, annex), sorted.
    """

    report: MonthlyReport
    outputs: tuple[Path, ...]


def _covering(matches: Sequence[Match] | None, data: ReportInputs, month: str) -> bool:
    """Whether ``matches`` explain any movement of ``month`` (else that month has no coverage)."""
    if matches is None:
        return False
    _, first, last = month_span(month)
    explained = {subject for match in matches for subject in match.subjects}
    return any(m.id in explained for m in data.movements if in_period(m.booking_date, first, last))


def _party_names(state: PracticeState) -> dict[str, str]:
    names = {insurer.id: insurer.name for insurer in state.config.insurers}
    names["particular"] = "Particular"
    for account in state.config.accounts:
        names[account.iban] = f"{account.name} …{account.iban[-4:]}"
    return names


def build_monthly_report(  # noqa: PLR0913 - the month, what the caller has computed
    state: PracticeState,
    month: str,
    matches: Sequence[Match] | None,
    data: ReportInputs | None = None,
    *,
    kept: FiguresCache | None = None,
    incidents: Sequence[WeeklyItem] | None = None,
) -> tuple[MonthlyReport, ReportInputs]:
    """The report of ``month`` and the inputs it was computed from (for the annex).

    ``data`` are the inputs as of the month's last day with ``matches``, when the caller has them,
    and ``incidents`` the open items as of that day collected from them.
    With ``kept``, the figures of the month and of the two months it is compared with are taken
    from there when computed before from the same records, and kept once computed.
    """
    month, _first, last = month_span(month)
    if data is None:
        data = report_inputs(state, last, matches=matches)
    known = data
    figures = _figures(state, month, matches, kept, lambda: month_figures(month, known))
    others = []
    for other in (shift_month(month, -1), shift_month(month, -12)):
        _, _, other_last = month_span(other)
        mine = matches if _covering(matches, data, other) else None
        compute = functools.partial(_month_figures, state, other, other_last, mine)
        others.append(_figures(state, other, mine, kept, compute))
    report = build_report(
        data.practice_name,
        figures,
        others[0],
        others[1],
        incidents=collect_incidents(data) if incidents is None else tuple(incidents),
        party_names=_party_names(state),
    )
    return report, data


def _month_figures(
    state: PracticeState, month: str, last: dt.date, matches: Sequence[Match] | None
) -> MonthFigures:
    return month_figures(month, report_inputs(state, last, matches=matches))


def _figures(
    state: PracticeState,
    month: str,
    matches: Sequence[Match] | None,
    kept: FiguresCache | None,
    compute: Callable[[], MonthFigures],
) -> MonthFigures:
    """The figures of ``month``: kept from an earlier run with the same key, else computed."""
    if kept is None:
        return compute()
    key = figures_key(state, month, month_span(month)[2], matches)
    if key is None:
        return compute()
    figures = kept.get(month, key)
    if figures is None:
        figures = compute()
        kept.put(month, key, figures)
    return figures


def monthly_report(  # noqa: PLR0913 - the practice, the month and keyword-only options
    practice: Practice,
    month: str,
    *,
    config: PracticeConfig | None = None,
    db: str | Path | None = None,
    matches: Sequence[Match] | None = None,
    reconcile: bool = True,
) -> MonthlyOutputs:
    """Compute and write the report of ``month`` (``AAAA-MM``).

    ``matches`` are the bank reconciliation's results when the caller has them; without them the
    movements up to the month's end are reconciled here, unless ``reconcile`` is false, and then
    the report says that the bank reconciliation is not available.
    """
    month, _first, last = month_span(month)
    state = load_state(practice, config=config, db=db)
    if matches is None and reconcile:
        probe = report_inputs(state, last, reconcile_from=dt.date.min)
        matches = probe.matches
    out_dir = practice.output_dir(month)
    kept = FiguresCache(practice.root, user_key())
    report, contents = report_contents(state, month, matches, out_dir, kept=kept)
    files = {out_dir / name: content for name, content in contents.items()}
    for path, content in files.items():
        atomic_write_bytes(path, content)
    return MonthlyOutputs(report, tuple(sorted(files)))


def _fingerprint(report: MonthlyReport) -> str:
    """What the page and the PDF are made of, and by which version of the program."""
    return hashlib.sha256(f"{__version__}\n{report!r}".encode()).hexdigest()


def _previous(out_dir: Path | None, fingerprint: str) -> tuple[bytes, bytes] | None:
    """The page and PDF already written for the same report, if they are there."""
    if out_dir is None:
        return None
    html, pdf = out_dir / "informe.html", out_dir / "informe.pdf"
    if not (html.is_file() and pdf.is_file()):
        return None
    page = html.read_bytes()
    return (page, pdf.read_bytes()) if _meta(fingerprint).encode() in page else None


def _meta(fingerprint: str) -> str:
    return f'<meta name="conciliacion-huella" content="{fingerprint}">'


@attrs.frozen
class PendingReport:
    """A report computed, its page and PDF perhaps still being drawn by a worker.

    Attributes:
        report: what it shows.
        annex: gives the XLSX annex's bytes (waiting for the worker if need be).
        drawn: gives the page's and the PDF's bytes (waiting for the worker if need be).
    """

    report: MonthlyReport
    annex: Callable[[], bytes]
    drawn: Callable[[], tuple[bytes, bytes]]

    def contents(self) -> dict[str, bytes]:
        """The three files' bytes, by name."""
        annex = self.annex()  # first: built here if the worker has not started it
        page, pdf = self.drawn()
        return {"informe.html": page, "informe.pdf": pdf, "informe_anexo.xlsx": annex}


def start_report(  # noqa: PLR0913 - what report_contents takes, and the printer
    state: PracticeState,
    month: str,
    matches: Sequence[Match] | None,
    out_dir: Path | None = None,
    *,
    data: ReportInputs | None = None,
    printer: ReportPrinter | None = None,
    kept: FiguresCache | None = None,
    incidents: Sequence[WeeklyItem] | None = None,
) -> PendingReport:
    """Compute the report of ``month`` and start drawing it (with ``printer``, maybe aside).

    Drawing the charts and printing the PDF take seconds, most of a month's run; the page carries
    a fingerprint of its content, so when ``out_dir`` already holds the page and PDF of the same
    report they are reused as they are, byte for byte (and the charting and PDF libraries, a
    second to load, are not even loaded). ``data``, ``kept`` and ``incidents`` as for
    :func:`build_monthly_report`.
    """
    report, data = build_monthly_report(state, month, matches, data, kept=kept, incidents=incidents)
    fingerprint = _fingerprint(report)
    previous = _previous(out_dir, fingerprint)
    printer = printer or ReportPrinter(aside=False)
    drawn = ready(previous) if previous is not None else printer.draw(report, _meta(fingerprint))
    annex = out_dir / "informe_anexo.xlsx" if out_dir is not None else None
    return PendingReport(report, start_annex_xlsx(month, data, annex, printer), drawn)


def report_contents(  # noqa: PLR0913 - as start_report, without the printer
    state: PracticeState,
    month: str,
    matches: Sequence[Match] | None,
    out_dir: Path | None = None,
    *,
    data: ReportInputs | None = None,
    kept: FiguresCache | None = None,
) -> tuple[MonthlyReport, dict[str, bytes]]:
    """The report of ``month`` and its three files' bytes, by name, nothing written yet.

    As :func:`start_report`, drawn in this process.
    """
    pending = start_report(state, month, matches, out_dir, data=data, kept=kept)
    return pending.report, pending.contents()
