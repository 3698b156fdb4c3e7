"""What the monthly report shows, assembled from the figures: one value the renderers read.

The HTML, the PDF and the spreadsheet annex are renderings of a :class:`MonthlyReport`; none of
them computes a figure. The incidents that close the report are the weekly list on the month's
last day, without the internal columns (patients, bank concepts).
"""

from __future__ import annotations

from typing import Final

import attrs

from conciliacion.reports.comparison import compare
from conciliacion.reports.facts import shift_month
from conciliacion.reports.figure_values import ComparisonRow, MonthFigures
from conciliacion.reports.incident_item import WeeklyItem
from conciliacion.reports.incidents import KindSummary, summarise

__all__ = ["REPORT_INCIDENTS", "MonthlyReport", "build_report"]

REPORT_INCIDENTS: Final = 20
"""Incidents listed one by one at the end of the report; the rest are counted by kind."""


@attrs.frozen
class MonthlyReport:
    """The monthly report of one practice.

    Attributes:
        practice: the practice's name.
        figures: the month's figures.
        comparison: headline figures against the previous month and a year earlier.
        previous_month: ``AAAA-MM`` of the previous month.
        last_year_month: ``AAAA-MM`` of the same month a year earlier.
        previous_available: whether the previous month had any activity.
        last_year_available: whether the same month a year earlier had any.
        incidents: the most urgent open incidents on the month's last day.
        incident_count: how many incidents are open in all.
        incident_summary: the open incidents counted by kind.
        party_names: display names of the parties of the incidents (insurers, accounts).
    """

    practice: str
    figures: MonthFigures
    comparison: tuple[ComparisonRow, ...]
    previous_month: str
    last_year_month: str
    previous_available: bool
    last_year_available: bool
    incidents: tuple[WeeklyItem, ...]
    incident_count: int
    incident_summary: tuple[KindSummary, ...]
    party_names: dict[str, str]

    @property
    def month(self) -> str:
        """``AAAA-MM``."""
        return self.figures.month

    def party(self, item: WeeklyItem) -> str:
        """Who an incident is about, as the client reads it."""
        if item.party in self.party_names:
            return self.party_names[item.party]
        if len(item.party) > 20:  # noqa: PLR2004 - an IBAN, shown by its last digits
            return f"cuenta …{item.party[-4:]}"
        return item.party


def build_report(  # noqa: PLR0913 - the month's figures, its comparisons and its incidents
    practice: str,
    figures: MonthFigures,
    previous: MonthFigures | None,
    last_year: MonthFigures | None,
    *,
    incidents: tuple[WeeklyItem, ...],
    party_names: dict[str, str],
) -> MonthlyReport:
    """The report; comparison months without activity are left out of the comparison."""
    before = previous if previous is not None and previous.has_data else None
    year = last_year if last_year is not None and last_year.has_data else None
    return MonthlyReport(
        practice=practice,
        figures=figures,
        comparison=compare(figures, before, year),
        previous_month=shift_month(figures.month, -1),
        last_year_month=shift_month(figures.month, -12),
        previous_available=before is not None,
        last_year_available=year is not None,
        incidents=incidents[:REPORT_INCIDENTS],
        incident_count=len(incidents),
        incident_summary=summarise(incidents),
        party_names=party_names,
    )
