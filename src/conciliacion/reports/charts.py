"""The report's charts, drawn with pygal as SVG text to embed in the HTML.

pygal writes SVG directly, so a chart takes milliseconds and the library loads in a few tens of
them; matplotlib, used before, took half a second to load and half a second to draw six charts,
and both were on the month's critical path (the report is printed after the charts are drawn).
Each chart is built from a fresh configuration: nothing is shared between calls. The SVG is
deterministic: pygal names each chart with a random id, which is replaced by the chart's own name
(the page also needs them distinct, as its CSS rules are scoped by that id), and no script is
linked, so the page stays self-contained. Text stays text: it is searchable in the browser and in
the PDF. Money becomes ``float`` here and only here, to be drawn; every number a person reads as
text comes from the figures, not from a chart.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, Final

import pygal
from pygal.style import Style

from conciliacion.reports.facts import AGEING_BUCKETS
from conciliacion.reports.figure_values import MonthFigures
from conciliacion.reports.formatting import number

# pygal adds a finder for its map plugins to the import system (none is used here). It lacks
# the modern finder method, so on Python 3.11 every import that fails later in the process (an
# optional module looked for) warns through it; on 3.12 and later it is never consulted.
sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, pygal.PluginImportFixer)]

__all__ = [
    "ageing_chart",
    "coverage_chart",
    "history_chart",
    "insurer_chart",
    "payment_days_chart",
    "private_chart",
]

_BLUE, _GREEN = "#2b6cb0", "#38a169"
_AGEING_COLOURS: Final = ("#9ae6b4", "#f6e05e", "#f6ad55", "#fc8181", "#c53030")
_COVERAGE_COLOURS: Final = ("#38a169", "#3182ce", "#ecc94b", "#e53e3e")
_LINE_COLOURS: Final = (
    "#2b6cb0", "#dd6b20", "#38a169", "#c53030", "#805ad5", "#975a16", "#d53f8c", "#718096",
)  # fmt: skip
_MOST: Final = 8
_WIDTH: Final = 700
"""A chart's width in SVG units: the page's text column, at 100 units an inch (font sizes too)."""


_TEXT, _AXIS, _GUIDE = "#2d3748", "#718096", "#e2e8f0"
_FONT: Final = "DejaVu Sans, Verdana, sans-serif"
_FONT_SIZE: Final = 12
"""9 points at 100 units an inch, as the page's own small text."""
_MARGIN: Final = 8


def _style() -> Style:
    """Only the fonts: pygal writes them into the rules it always adds (its ``base.css``)."""
    sizes = ("label", "major_label", "legend", "title", "value", "value_label", "tooltip")
    return Style(font_family=_FONT, **{f"{name}_font_size": _FONT_SIZE for name in sizes})


def _css(name: str, colours: Sequence[str]) -> str:
    """The chart's own few rules, instead of pygal's stylesheets.

    pygal's stylesheets have some five hundred selectors for hover effects, tooltips and chart
    kinds not drawn here; WeasyPrint matches each of them against every element of every chart
    (a sixth of the printing time, measured). Every rule is scoped by the chart's id: inline in
    the page, an SVG's rules apply to the whole page.
    """
    scope = f"#chart-{name}"
    rules = [
        f"{scope} .background {{ fill: white; }}",
        f"{scope} text {{ fill: {_TEXT}; stroke: none; }}",
        f"{scope} .axis .line {{ stroke: {_AXIS}; fill: none; }}",
        f"{scope} .axis .guide.line {{ stroke: {_GUIDE}; }}",
        # Lines across the plot mark values, not categories.
        f"{scope} .vertical .axis.x .guide.line {{ stroke: none; }}",
        f"{scope} .horizontal .axis.y .guide.line {{ stroke: none; }}",
        f"{scope} .axis.x text {{ text-anchor: middle; }}",
        f"{scope} .axis.y text {{ text-anchor: end; }}",
        f"{scope} .title {{ text-anchor: middle; }}",
        f"{scope} .nofill {{ fill: none; }}",
        f"{scope} .bar rect {{ stroke: none; }}",
        f"{scope} .line {{ stroke-width: 2; }}",
        f"{scope} .dot {{ stroke-width: 1; }}",
    ]
    rules += (
        f"{scope} .color-{index} {{ fill: {colour}; stroke: {colour}; }}"
        for index, colour in enumerate(colours)
    )
    return "inline:" + "\n".join(rules)


def _legend_below(entries: int, columns: int) -> dict[str, Any]:
    """Options for a legend under the plot, in ``columns`` columns.

    pygal leaves room for ``entries // columns`` rows of legend, one short when the last row is
    not full (3.1): the missing row's room is added to the bottom margin.
    """
    columns = max(1, min(columns, entries))
    missing = -(-entries // columns) - max(1, entries // columns)
    return {
        "legend_at_bottom": True,
        "legend_at_bottom_columns": columns,
        "margin_bottom": _MARGIN + round(missing * 1.5 * _FONT_SIZE),
    }


def _money(value: float) -> str:
    return number(round(value))


def _chart(
    kind: type[Any], name: str, height: float, colours: Sequence[str], **options: object
) -> Any:  # noqa: ANN401 - pygal is untyped
    """A pygal chart named ``name`` in the page, ``height`` inches tall, without script."""
    chart = kind(
        style=_style(),
        css=[_css(name, colours)],
        width=_WIDTH,
        height=round(height * 100),
        explicit_size=True,
        js=[],
        disable_xml_declaration=True,
        margin=_MARGIN,
        margin_right=36,  # room for the last value's label, centred on the plot's edge
        max_scale=7,
        spacing=8,
        legend_box_size=10,
        truncate_legend=-1,
        truncate_label=-1,
        show_x_guides=False,
        no_data_text="Sin datos",
        **options,
    )
    chart.uuid = name  # pygal's id is random: the same figures give the same page
    chart.add_xml_filter(_static)
    return chart


_INTERACTIVE: Final = frozenset({"script", "desc", "title"})


def _static(root: Any) -> Any:  # noqa: ANN401 - an lxml or ElementTree element
    """The chart without what only pygal's script would use.

    That is the script itself (the chart's configuration), each value's notes for its tooltips,
    and the ids of the legend's entries, which are the same in every chart and would repeat in
    the page. The chart's own id stays: its rules are scoped by it. pygal's comments go too: they
    carry the day the chart was drawn, and the same figures must give the same page.
    """
    for parent in list(root.iter()):
        for child in list(parent):
            if not isinstance(child.tag, str) or child.tag in _INTERACTIVE:
                parent.remove(child)
            else:
                child.attrib.pop("id", None)
    return root


def _svg(chart: Any) -> str:  # noqa: ANN401 - pygal is untyped
    svg: str = chart.render(is_unicode=True)
    return svg


def _floats(values: Sequence[Decimal]) -> list[float]:
    return [float(value) for value in values]


def history_chart(figures: MonthFigures) -> str:
    """Billed and collected in each of the last months."""
    chart = _chart(
        pygal.Bar, "historia", 2.6, (_BLUE, _GREEN),
        value_formatter=_money, y_title="euros", **_legend_below(2, 2),
    )  # fmt: skip
    chart.x_labels = [point.month for point in figures.history]
    chart.add("Facturado", _floats([p.billed for p in figures.history]))
    chart.add("Cobrado", _floats([p.collected for p in figures.history]))
    return _svg(chart)


def insurer_chart(figures: MonthFigures) -> str | None:
    """Billed and settled this month, per insurer (the largest ones, the largest on top)."""
    rows = [row for row in figures.insurers if row.billed or row.settled_gross][:_MOST]
    if not rows:
        return None
    rows.reverse()
    chart = _chart(
        pygal.HorizontalBar, "aseguradoras", 0.32 * len(rows) + 1.0, (_BLUE, _GREEN),
        value_formatter=_money, **_legend_below(2, 2),
    )  # fmt: skip
    chart.x_labels = [row.name for row in rows]
    chart.add("Facturado", _floats([r.billed for r in rows]))
    chart.add("Liquidado", _floats([r.settled_gross for r in rows]))
    return _svg(chart)


def ageing_chart(figures: MonthFigures) -> str | None:
    """What each insurer owes, by age of the debt."""
    rows = [row for row in figures.insurers if row.outstanding][:_MOST]
    if not rows:
        return None
    rows.reverse()
    chart = _chart(
        pygal.HorizontalStackedBar, "antiguedad", 0.3 * len(rows) + 1.2, _AGEING_COLOURS,
        value_formatter=_money, **_legend_below(len(AGEING_BUCKETS), 3),
    )  # fmt: skip
    chart.x_labels = [row.name for row in rows]
    for index, label in enumerate(AGEING_BUCKETS):
        chart.add(f"{label} días", [float(row.ageing[index]) for row in rows])
    return _svg(chart)


def payment_days_chart(figures: MonthFigures) -> str | None:
    """Average days to payment over the last months, for the insurers that paid most."""
    series = [p for p in figures.payment_days if any(d is not None for d in p.days)][:_MOST]
    if not series:
        return None
    chart = _chart(
        pygal.Line, "dias", 2.8, _LINE_COLOURS,
        y_title="días", dots_size=3, **_legend_below(len(series), 4),
        allow_interruptions=True, value_formatter=lambda days: number(round(days)),
    )  # fmt: skip
    chart.x_labels = [point.month for point in figures.history]
    for line in series:
        chart.add(line.name, [None if d is None else float(d) for d in line.days])
    return _svg(chart)


def private_chart(figures: MonthFigures) -> str | None:
    """Private patients' takings by payment method."""
    if not figures.private:
        return None
    rows = list(reversed(figures.private))
    chart = _chart(
        pygal.HorizontalBar, "particulares", 0.4 * len(rows) + 0.6, (_BLUE,),
        value_formatter=_money, show_legend=False,
    )  # fmt: skip
    chart.x_labels = [row.method for row in rows]
    chart.add("Importe", _floats([row.amount for row in rows]))
    return _svg(chart)


def coverage_chart(figures: MonthFigures) -> str | None:
    """The month's bank movements by how they were justified, in count and in euros."""
    if figures.coverage is None:
        return None
    chart = _chart(
        pygal.HorizontalStackedBar, "conciliacion", 2.0, _COVERAGE_COLOURS,
        range=(0, 100), **_legend_below(len(figures.coverage), 1),
        value_formatter=lambda share: f"{number(round(share))} %",
    )  # fmt: skip
    chart.x_labels = ["euros", "movimientos"]
    for row in figures.coverage:
        chart.add(row.label, [float(row.euros_share or 0), float(row.movements_share or 0)])
    return _svg(chart)
