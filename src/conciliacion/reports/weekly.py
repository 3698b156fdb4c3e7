"""The weekly review (``conciliar revision``): the incident list of one ISO week, and its files.

A week is named ``AAAA-Www`` (ISO 8601: weeks start on Monday, week 1 holds the year's first
Thursday). The review looks at everything known at the end of the week's Sunday, and its files go
to the month of that Sunday (``salida/AAAA-MM/``): the list a firm reviews on a Monday is about
the week just ended, and the month's folder then holds the latest list of the month.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path

import attrs

from conciliacion.config import PracticeConfig
from conciliacion.errors import ConciliacionError
from conciliacion.model import Match
from conciliacion.practice import Practice
from conciliacion.reports.incident_item import WeeklyItem
from conciliacion.reports.incidents import collect_incidents
from conciliacion.reports.sources import load_state, report_inputs
from conciliacion.reports.weekly_files import write_incident_files

__all__ = ["WeeklyReview", "parse_week", "week_of", "weekly_review"]

_WEEK = re.compile(r"(\d{4})-W(\d{2})")


def parse_week(text: str) -> tuple[str, dt.date, dt.date]:
    """The canonical ``AAAA-Www``, its Monday and its Sunday.

    >>> parse_week("2026-W10")
    ('2026-W10', datetime.date(2026, 3, 2), datetime.date(2026, 3, 8))
    """
    match = _WEEK.fullmatch(text.strip().upper())
    if match is None:
        msg = f"semana no válida: {text!r} (se esperaba AAAA-Www, como 2026-W10)"
        raise ConciliacionError(msg)
    year, number = int(match[1]), int(match[2])
    try:
        monday = dt.date.fromisocalendar(year, number, 1)
    except ValueError as error:
        msg = f"semana no válida: {text!r} (el año {year} no tiene la semana {number})"
        raise ConciliacionError(msg) from error
    return f"{year:04d}-W{number:02d}", monday, monday + dt.timedelta(days=6)


def week_of(day: dt.date) -> str:
    """The ISO week ``day`` falls in.

    >>> week_of(dt.date(2026, 1, 1))
    '2026-W01'
    """
    year, number, _ = day.isocalendar()
    return f"{year:04d}-W{number:02d}"


@attrs.frozen
class WeeklyReview:
    """One week's review.

    Attributes:
        week: ``AAAA-Www``.
        as_of: the week's Sunday: what was known at its end.
        month: ``AAAA-MM`` of that Sunday, the folder of the files.
        items: the incidents, most urgent first.
        reconciled: whether the bank reconciliation took part (else no bank items).
        outputs: the files written.
    """

    week: str
    as_of: dt.date
    month: str
    items: tuple[WeeklyItem, ...]
    reconciled: bool
    outputs: tuple[Path, ...] = ()


def weekly_review(  # noqa: PLR0913 - the practice, the week and keyword-only options
    practice: Practice,
    week: str,
    *,
    config: PracticeConfig | None = None,
    db: str | Path | None = None,
    matches: Sequence[Match] | None = None,
    reconcile: bool = True,
) -> WeeklyReview:
    """Build the week's incident list and write ``incidencias.csv``/``.xlsx``.

    Without ``matches``, the bank movements up to the Sunday are reconciled here (unless
    ``reconcile`` is false: the list then has no bank items).
    """
    week, _monday, sunday = parse_week(week)
    state = load_state(practice, config=config, db=db)
    data = report_inputs(
        state, sunday, matches=matches, reconcile_from=dt.date.min if reconcile else None
    )
    items = collect_incidents(data)
    month = f"{sunday:%Y-%m}"
    written = write_incident_files(practice.output_dir(month), items, week, sunday)
    return WeeklyReview(week, sunday, month, items, data.matches is not None, tuple(written))
