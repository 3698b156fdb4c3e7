"""The monthly report as one self-contained, printable HTML page (Jinja2).

Everything is inline: the CSS in the page, the charts as SVG elements, no script, no font or
image fetched from anywhere, so the page can be mailed, archived and printed as it is. ``@page``
rules give the printed (and WeasyPrint's PDF) pages an A4 size, margins and page numbers. The
template reads figures and formats them; it computes nothing.

WeasyPrint is handed a twin of the page whose charts are images (the same SVG as a ``data:`` URI)
instead of inline elements. Inline, every path and label of a chart goes through the page's CSS
cascade before WeasyPrint draws it as SVG anyway, which is a fifth of the printing time; as an
image it is only drawn. The pages look exactly the same (a test compares them pixel for pixel;
only some empty text objects differ in the PDF's bytes). The page people open keeps its charts
inline, where their text can be selected and searched.
"""

from __future__ import annotations

import base64
from decimal import Decimal
from typing import Final

import jinja2

from conciliacion.reports.charts import (
    ageing_chart,
    coverage_chart,
    history_chart,
    insurer_chart,
    payment_days_chart,
    private_chart,
)
from conciliacion.reports.facts import AGEING_BUCKETS
from conciliacion.reports.formatting import (
    euros,
    long_date,
    month_name,
    number,
    percent,
    signed_percent,
)
from conciliacion.reports.monthly_content import MonthlyReport

__all__ = ["SECTIONS", "render_html", "render_pages"]

SECTIONS: Final = (
    "resumen",
    "facturacion",
    "pendiente",
    "plazos",
    "diferencias",
    "reclamaciones",
    "particulares",
    "conciliacion",
    "comparacion",
    "incidencias",
)
"""The ids of the report's sections, in order."""

_METHODS: Final = {
    "tarjeta": "Tarjeta (TPV)",
    "bizum": "Bizum",
    "efectivo": "Efectivo",
    "transferencia": "Transferencia",
}
_TRENDS: Final = {"sube": "tarda más", "baja": "tarda menos", "estable": "estable"}


def _value(unit: str, value: Decimal | int | None) -> str:
    if unit == "eur":
        return euros(None if value is None else Decimal(value))
    if unit == "pct":
        return percent(None if value is None else Decimal(value))
    if unit == "dias":
        return number(value, 1)
    return number(value)


def _change(unit: str, value: Decimal | None) -> str:
    if value is None:
        return "—"
    sign = "+" if value > 0 else ""
    if unit == "pct":
        return f"{sign}{number(value, 1)} puntos"
    if unit == "dias":
        return f"{sign}{number(value, 1)} días"
    return signed_percent(value)


def _environment() -> jinja2.Environment:
    """A fresh environment per rendering: nothing is shared between calls."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("conciliacion.reports", "templates"),
        autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _charts(report: MonthlyReport) -> dict[str, str | None]:
    figures = report.figures
    return {
        "history": history_chart(figures),
        "insurers": insurer_chart(figures),
        "ageing": ageing_chart(figures),
        "days": payment_days_chart(figures),
        "private": private_chart(figures),
        "coverage": coverage_chart(figures),
    }


def _as_image(svg: str | None) -> str | None:
    """The chart as an ``<img>`` of the same SVG, for WeasyPrint (see the module's text)."""
    if svg is None:
        return None
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return f'<img src="data:image/svg+xml;base64,{data}">'


def _template() -> jinja2.Template:
    return _environment().get_template("informe.html")


def _page(report: MonthlyReport, charts: dict[str, str | None], template: jinja2.Template) -> str:
    figures = report.figures
    return template.render(
        r=report,
        f=figures,
        charts=charts,
        buckets=AGEING_BUCKETS,
        methods=_METHODS,
        trends={p.insurer: _TRENDS.get(p.trend, "") for p in figures.payment_days},
        hundred=Decimal(100),
        euros=euros,
        percent=percent,
        number=number,
        long_date=long_date,
        month_name=month_name,
        value=_value,
        change=_change,
    )


def render_html(report: MonthlyReport) -> str:
    """The report's page."""
    return _page(report, _charts(report), _template())


def render_pages(report: MonthlyReport) -> tuple[str, str]:
    """The report's page, and its twin for WeasyPrint to print (charts as images)."""
    charts, template = _charts(report), _template()  # compiled once for both
    printable = {name: _as_image(svg) for name, svg in charts.items()}
    return _page(report, charts, template), _page(report, printable, template)
