"""Numbers and dates written as a Spanish reader expects them: ``1.234,56 €``, ``12,5 %``.

Only for text a person reads (the report, the terminal, incident messages); files for scripts
keep dot decimals (:func:`conciliacion.money.format_amount`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

__all__ = [
    "euros",
    "long_date",
    "month_name",
    "number",
    "percent",
    "short_date",
    "signed_percent",
]

_MONTHS = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)


def _spanish(text: str) -> str:
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def number(value: Decimal | int | None, places: int = 0) -> str:
    """A number with thousands separated by dots; ``—`` for ``None``.

    >>> number(Decimal("1234.5"), 1), number(None)
    ('1.234,5', '—')
    """
    if value is None:
        return "—"
    return _spanish(f"{Decimal(value):,.{places}f}")


def euros(value: Decimal | None) -> str:
    """An amount in euros.

    >>> euros(Decimal("-1234.5"))
    '-1.234,50 €'
    """
    return "—" if value is None else f"{number(value, 2)} €"


def percent(value: Decimal | None) -> str:
    """A percentage with one decimal.

    >>> percent(Decimal("12.5"))
    '12,5 %'
    """
    return "—" if value is None else f"{number(value, 1)} %"


def signed_percent(value: Decimal | None) -> str:
    """A change in percent, with its sign.

    >>> signed_percent(Decimal("3.0")), signed_percent(Decimal("-0.5"))
    ('+3,0 %', '-0,5 %')
    """
    if value is None:
        return "—"
    return ("+" if value > 0 else "") + percent(value)


def short_date(value: dt.date | None) -> str:
    """``dd/mm/aaaa``.

    >>> short_date(dt.date(2026, 3, 5))
    '05/03/2026'
    """
    return "—" if value is None else f"{value:%d/%m/%Y}"


def long_date(value: dt.date) -> str:
    """``5 de marzo de 2026``.

    >>> long_date(dt.date(2026, 3, 5))
    '5 de marzo de 2026'
    """
    return f"{value.day} de {_MONTHS[value.month - 1]} de {value.year}"


def month_name(month: str) -> str:
    """``marzo de 2026`` for ``2026-03``.

    >>> month_name("2026-03")
    'marzo de 2026'
    """
    year, number_ = month.split("-")
    return f"{_MONTHS[int(number_) - 1]} de {year}"
