"""The figures of each month reported, kept so that later reports compare without recomputing.

The monthly report sets the month beside the month before and the same month a year earlier, and
the figures of a month need the settlement review as of its last day: on ten years of activity,
each review is as long as the rest of the run. Those two months were reported before, from the
same records, so their figures are kept in ``.conciliacion/cifras/AAAA-MM`` of the practice with
the key they were computed from (:func:`~conciliacion.reports.sources.figures_key`), and used only
when the key is the same today. One entry per month, replaced when the month is computed again.

Entries are pickles signed with the user's key (:mod:`conciliacion.signing`); one that does not
verify, or that does not load, is computed again. Keeping only ever saves time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from conciliacion.reports.figure_values import MonthFigures
from conciliacion.signing import keep, kept

__all__ = ["FIGURES_FOLDER", "FiguresCache"]

FIGURES_FOLDER: Final = ".conciliacion/cifras"


class FiguresCache:
    """The kept figures of one practice, by month.

    Args:
        root: the practice folder.
        key: the user's signing key; ``None`` keeps nothing.
    """

    def __init__(self, root: Path, key: bytes | None) -> None:
        self._folder = Path(root) / FIGURES_FOLDER
        self._key = key

    def get(self, month: str, fingerprint: str) -> MonthFigures | None:
        """The figures kept for ``month`` when computed from ``fingerprint``, else ``None``."""
        if self._key is None:
            return None
        found = kept(self._key, self._folder / month)
        if not isinstance(found, tuple) or len(found) != 2:  # noqa: PLR2004 - (key, figures)
            return None
        key, figures = found
        if key != fingerprint or not isinstance(figures, MonthFigures):
            return None
        return figures

    def put(self, month: str, fingerprint: str, figures: MonthFigures) -> None:
        """Keep ``figures`` of ``month``; a failure to keep them is not an error."""
        if self._key is None:
            return
        keep(self._key, self._folder / month, (fingerprint, figures))
