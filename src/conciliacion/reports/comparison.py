"""The month against the previous one and the same month a year earlier.

The comparison takes three :class:`~conciliacion.reports.figure_values.MonthFigures` computed by
the same function, so a figure means the same in every column.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Final

from conciliacion.reports.facts import percentage
from conciliacion.reports.figure_values import ComparisonRow, MonthFigures

__all__ = ["HEADLINES", "compare"]

Getter = Callable[[MonthFigures], Decimal | int | None]

HEADLINES: Final[tuple[tuple[str, str, Getter], ...]] = (
    ("Facturado", "eur", lambda f: f.billed_total),
    ("Cobrado", "eur", lambda f: f.collected_total),
    ("Pendiente de cobro de aseguradoras", "eur", lambda f: f.total.outstanding),
    ("Tasa de cobro", "pct", lambda f: f.collection_rate),
    ("Días medios de cobro", "dias", lambda f: f.total.days_to_payment),
    ("Diferencias de baremo sin justificar", "eur", lambda f: f.total.unjustified_amount),
    ("Impagados", "eur", lambda f: f.total.unpaid_amount),
    ("Reclamaciones registradas", "n", lambda f: f.claims.opened),
    ("Cobros de particulares", "eur", lambda f: f.private_amount),
    ("Movimientos justificados automáticamente", "pct", lambda f: f.automatic_share),
)


def _change(unit: str, now: Decimal | int | None, then: Decimal | int | None) -> Decimal | None:
    if now is None or then is None:
        return None
    if unit in {"pct", "dias"}:
        return Decimal(now) - Decimal(then)
    return percentage(Decimal(now) - Decimal(then), abs(Decimal(then)))


def compare(
    current: MonthFigures, previous: MonthFigures | None, last_year: MonthFigures | None
) -> tuple[ComparisonRow, ...]:
    """The headline figures of the month next to the previous month and a year earlier."""
    rows = []
    for label, unit, get in HEADLINES:
        now = get(current)
        before = None if previous is None else get(previous)
        year = None if last_year is None else get(last_year)
        rows.append(
            ComparisonRow(
                label, unit, now, before, year, _change(unit, now, before), _change(unit, now, year)
            )
        )
    return tuple(rows)
