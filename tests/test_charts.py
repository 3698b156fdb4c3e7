"""The report's charts: well-formed, static SVG that says what the figures say, for any figures.

The figures come from the hand-computed practice of report_fixtures; hypothesis then changes its
amounts (zero, negative, millions, missing days) and the number of insurers.
"""

import xml.etree.ElementTree as ET
from decimal import Decimal

import attrs
import pytest
from defusedxml.ElementTree import fromstring
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conciliacion.reports import charts
from conciliacion.reports.figure_values import InsurerRow, MonthFigures, MonthPoint, PaymentDays
from conciliacion.reports.figures import month_figures
from report_fixtures import small_practice

SVG = "{http://www.w3.org/2000/svg}"
CHARTS = {
    "historia": charts.history_chart,
    "aseguradoras": charts.insurer_chart,
    "antiguedad": charts.ageing_chart,
    "dias": charts.payment_days_chart,
    "particulares": charts.private_chart,
    "conciliacion": charts.coverage_chart,
}


@pytest.fixture(scope="module")
def figures(tmp_path_factory) -> MonthFigures:
    return month_figures("2026-03", small_practice(tmp_path_factory.mktemp("practica")))


def _drawn(figures: MonthFigures) -> dict[str, ET.Element]:
    found = {name: draw(figures) for name, draw in CHARTS.items()}
    return {name: fromstring(svg) for name, svg in found.items() if svg is not None}


def _texts(root: ET.Element) -> list[str]:
    return [text.text or "" for text in root.iter(f"{SVG}text")]


def _bars(root: ET.Element) -> int:
    return sum(1 for g in root.iter(f"{SVG}g") if g.get("class") == "bar")


def test_each_chart_is_static_and_named_for_the_page(figures):
    drawn = _drawn(figures)
    assert set(drawn) == set(CHARTS)
    for name, root in drawn.items():
        assert root.get("id") == f"chart-{name}"
        # Nothing for a script, no repeated ids, no comment with the day it was drawn.
        tags = {element.tag.removeprefix(SVG) for element in root.iter()}
        assert not tags & {"script", "desc", "title"}
        assert [e for e in root.iter() if e.get("id")] == [root]
        style = "".join(s.text or "" for s in root.iter(f"{SVG}style"))
        rules = [rule for rule in style.split("}") if rule.strip()]
        assert all(rule.lstrip().startswith(f"#chart-{name}") for rule in rules)
    assert "<!--" not in charts.history_chart(figures)


def test_the_same_figures_draw_the_same_bytes(figures):
    assert [draw(figures) for draw in CHARTS.values()] == [
        draw(figures) for draw in CHARTS.values()
    ]


def test_the_charts_show_the_insurers_and_months(figures):
    drawn = _drawn(figures)
    names = [row.name for row in figures.insurers if row.billed or row.settled_gross]
    assert set(names) <= set(_texts(drawn["aseguradoras"]))
    assert _bars(drawn["aseguradoras"]) == 2 * len(names)
    months = [point.month for point in figures.history]
    assert set(months) <= set(_texts(drawn["historia"]))
    assert "Facturado" in _texts(drawn["historia"])
    assert {"euros", "movimientos"} <= set(_texts(drawn["conciliacion"]))


def test_money_axes_read_as_spanish_numbers(figures):
    big = tuple(attrs.evolve(p, billed=Decimal("1234567.89")) for p in figures.history)
    texts = _texts(fromstring(charts.history_chart(attrs.evolve(figures, history=big))))
    assert "1.000.000" in texts
    assert not [text for text in texts if "," in text or "e+" in text]


def test_a_chart_with_nothing_to_draw_is_left_out(figures):
    empty = attrs.evolve(figures, insurers=(), private=(), coverage=None, payment_days=())
    assert [draw(empty) for name, draw in CHARTS.items() if name != "historia"] == [None] * 5


amounts = st.decimals(min_value=-(10**7), max_value=10**7, places=2, allow_nan=False)
shares = st.decimals(min_value=0, max_value=100, places=1, allow_nan=False)
days = st.one_of(st.none(), st.decimals(min_value=0, max_value=400, places=1, allow_nan=False))


@st.composite
def varied(draw, figures: MonthFigures) -> MonthFigures:
    count = draw(st.integers(min_value=1, max_value=12))
    insurers = tuple(
        InsurerRow(
            insurer=f"a{index}",
            name=draw(st.text("abcñáé ÁB-.", min_size=1, max_size=30)).strip() or "x",
            billed=draw(amounts),
            settled_gross=draw(amounts),
            ageing=tuple(draw(amounts) for _ in range(5)),
            outstanding=draw(amounts),
        )
        for index in range(count)
    )
    history = tuple(
        MonthPoint(point.month, draw(amounts), draw(amounts), None) for point in figures.history
    )
    lines = tuple(
        PaymentDays(row.insurer, row.name, tuple(draw(days) for _ in history), "estable")
        for row in insurers
    )
    coverage = tuple(
        attrs.evolve(row, movements_share=draw(shares), euros_share=draw(shares))
        for row in figures.coverage or ()
    )
    return attrs.evolve(
        figures, insurers=insurers, history=history, payment_days=lines, coverage=coverage
    )


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_figures_draw_well_formed_charts(figures, data):
    changed = data.draw(varied(figures))
    drawn = _drawn(changed)
    assert "historia" in drawn
    shown = [r for r in changed.insurers if r.billed or r.settled_gross][:8]
    if shown:
        assert _bars(drawn["aseguradoras"]) == 2 * len(shown)
        assert {r.name for r in shown} <= set(_texts(drawn["aseguradoras"]))
    for root in drawn.values():
        assert float(root.get("width") or 0) == 700
        assert float(root.get("height") or 0) > 0
