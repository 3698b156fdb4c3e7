"""The report's charts, drawn with matplotlib as SVG text to embed in the HTML.

Figures are built with :class:`matplotlib.figure.Figure`, never pyplot: no global figure state, no
interactive backend, safe to call from any thread. The SVG is deterministic (a fixed hash salt for
its ids, no date in its metadata), so the same figures give byte-identical reports. Text stays
text (``svg.fonttype = none``): it is searchable in the browser and in the PDF. Money becomes
``float`` here and only here, to be drawn; every number a person reads as text comes from the
figures, not from a chart.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from decimal import Decimal
from typing import Final

import matplotlib as mpl
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from conciliacion.reports.facts import AGEING_BUCKETS
from conciliacion.reports.figure_values import MonthFigures
from conciliacion.reports.formatting import number

__all__ = [
    "ageing_chart",
    "coverage_chart",
    "history_chart",
    "insurer_chart",
    "payment_days_chart",
    "private_chart",
]

_BLUE, _GREEN, _GREY = "#2b6cb0", "#38a169", "#a0aec0"
_AGEING_COLOURS: Final = ("#9ae6b4", "#f6e05e", "#f6ad55", "#fc8181", "#c53030")
_COVERAGE_COLOURS: Final = ("#38a169", "#3182ce", "#ecc94b", "#e53e3e")
_MOST: Final = 8


def _money_axis(value: float, _position: object) -> str:
    return number(round(value))


def _settings() -> AbstractContextManager[None]:
    """The drawing settings, for one chart only: no global state is changed."""
    return mpl.rc_context(
        {
            "svg.hashsalt": "conciliacion",
            "svg.fonttype": "none",
            "font.family": "sans-serif",
            "font.size": 9,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )


@contextmanager
def _figure(width: float, height: float) -> Iterator[Figure]:
    with _settings():
        yield Figure(figsize=(width, height), layout="constrained")


_ID: Final = re.compile(r'\bid="([^"]+)"')


def _svg(figure: Figure, name: str) -> str:
    """The chart's ``<svg>`` element, its ids prefixed with ``name``.

    Several charts share one page, and matplotlib numbers the ids of each chart from one
    (``patch_1``); prefixed, they stay unique in the page and its links still resolve.
    """
    with _settings():
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    for old in sorted(set(_ID.findall(text)), key=len, reverse=True):
        new = f"{name}-{old}"
        text = text.replace(f'id="{old}"', f'id="{new}"').replace(f'#{old}"', f'#{new}"')
        text = text.replace(f"#{old})", f"#{new})")
    return text


def _floats(values: Sequence[Decimal]) -> list[float]:
    return [float(value) for value in values]


def history_chart(figures: MonthFigures) -> str:
    """Billed and collected in each of the last months."""
    months = [point.month for point in figures.history]
    with _figure(7, 2.6) as figure:
        axes = figure.add_subplot()
        positions = range(len(months))
        axes.bar([p - 0.2 for p in positions], _floats([p.billed for p in figures.history]),
                 width=0.4, label="Facturado", color=_BLUE)  # fmt: skip
        axes.bar([p + 0.2 for p in positions], _floats([p.collected for p in figures.history]),
                 width=0.4, label="Cobrado", color=_GREEN)  # fmt: skip
        axes.set_xticks(list(positions), months)
        axes.yaxis.set_major_formatter(FuncFormatter(_money_axis))
        axes.set_ylabel("euros")
        axes.legend(frameon=False)
        return _svg(figure, "historia")


def insurer_chart(figures: MonthFigures) -> str | None:
    """Billed and settled this month, per insurer (the largest ones)."""
    rows = [row for row in figures.insurers if row.billed or row.settled_gross][:_MOST]
    if not rows:
        return None
    names = [row.name for row in reversed(rows)]
    with _figure(7, 0.32 * len(rows) + 0.9) as figure:
        axes = figure.add_subplot()
        positions = range(len(rows))
        axes.barh([p + 0.2 for p in positions], _floats([r.billed for r in reversed(rows)]),
                  height=0.4, label="Facturado", color=_BLUE)  # fmt: skip
        axes.barh([p - 0.2 for p in positions],
                  _floats([r.settled_gross for r in reversed(rows)]),
                  height=0.4, label="Liquidado", color=_GREEN)  # fmt: skip
        axes.set_yticks(list(positions), names)
        axes.xaxis.set_major_formatter(FuncFormatter(_money_axis))
        axes.legend(frameon=False, loc="lower right")
        return _svg(figure, "aseguradoras")


def ageing_chart(figures: MonthFigures) -> str | None:
    """What each insurer owes, by age of the debt."""
    rows = [row for row in figures.insurers if row.outstanding][:_MOST]
    if not rows:
        return None
    names = [row.name for row in reversed(rows)]
    with _figure(7, 0.3 * len(rows) + 1.1) as figure:
        axes = figure.add_subplot()
        left = [0.0] * len(rows)
        for index, label in enumerate(AGEING_BUCKETS):
            values = [float(row.ageing[index]) for row in reversed(rows)]
            axes.barh(names, values, left=left, label=f"{label} días",
                      color=_AGEING_COLOURS[index])  # fmt: skip
            left = [a + b for a, b in zip(left, values, strict=True)]
        axes.xaxis.set_major_formatter(FuncFormatter(_money_axis))
        axes.legend(frameon=False, ncols=5, loc="upper center", bbox_to_anchor=(0.5, -0.12))
        return _svg(figure, "antiguedad")


def payment_days_chart(figures: MonthFigures) -> str | None:
    """Average days to payment over the last months, for the insurers that paid most."""
    series = [p for p in figures.payment_days if any(d is not None for d in p.days)][:_MOST]
    if not series:
        return None
    months = [point.month for point in figures.history]
    with _figure(7, 2.8) as figure:
        axes = figure.add_subplot()
        for line in series:
            points = [(i, float(d)) for i, d in enumerate(line.days) if d is not None]
            axes.plot([i for i, _ in points], [d for _, d in points], marker="o", label=line.name)
        axes.set_xticks(range(len(months)), months)
        axes.set_ylabel("días")
        axes.legend(frameon=False, fontsize=7, loc="upper left", bbox_to_anchor=(1, 1))
        return _svg(figure, "dias")


def private_chart(figures: MonthFigures) -> str | None:
    """Private patients' takings by payment method."""
    if not figures.private:
        return None
    with _figure(5, 0.4 * len(figures.private) + 0.8) as figure:
        axes = figure.add_subplot()
        rows = list(reversed(figures.private))
        axes.barh([row.method for row in rows], _floats([row.amount for row in rows]),
                  color=_BLUE)  # fmt: skip
        axes.xaxis.set_major_formatter(FuncFormatter(_money_axis))
        return _svg(figure, "particulares")


def coverage_chart(figures: MonthFigures) -> str | None:
    """The month's bank movements by how they were justified, in count and in euros."""
    if figures.coverage is None:
        return None
    with _figure(7, 1.6) as figure:
        axes = figure.add_subplot()
        left = [0.0, 0.0]
        for colour, row in zip(_COVERAGE_COLOURS, figures.coverage, strict=True):
            values = [float(row.movements_share or 0), float(row.euros_share or 0)]
            axes.barh(["movimientos", "euros"], values, left=left, color=colour, label=row.label)
            left = [a + b for a, b in zip(left, values, strict=True)]
        axes.set_xlim(0, 100)
        axes.set_xlabel("%")
        axes.legend(frameon=False, fontsize=7, ncols=2, loc="upper center",
                    bbox_to_anchor=(0.5, -0.35))  # fmt: skip
        return _svg(figure, "conciliacion")
