"""Calendar arithmetic of the demo: months, working days, and the days payments fall on.

The demo only needs weekends, not bank holidays: a movement on a national holiday would be as
realistic as one on the day after it, and a fixed calendar keeps the generator free of tables.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from conciliacion.errors import ConciliacionError

__all__ = [
    "add_working_days",
    "month_days",
    "month_end",
    "month_start",
    "next_working_day",
    "parse_start",
    "shift_month",
    "working_days",
]

_MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")
_SATURDAY = 5


def parse_start(text: str) -> dt.date:
    """The first day of the month ``AAAA-MM``.

    >>> parse_start("2026-01")
    datetime.date(2026, 1, 1)
    """
    match = _MONTH.fullmatch(text.strip())
    if match is None:
        msg = f"mes inicial no válido: {text!r} (se esperaba AAAA-MM, como 2026-01)"
        raise ConciliacionError(msg)
    return dt.date(int(match[1]), int(match[2]), 1)


def month_start(day: dt.date) -> dt.date:
    """The first day of ``day``'s month."""
    return day.replace(day=1)


def month_end(day: dt.date) -> dt.date:
    """The last day of ``day``'s month.

    >>> month_end(dt.date(2028, 2, 10))
    datetime.date(2028, 2, 29)
    """
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def shift_month(day: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` after ``day``'s (before it when negative).

    >>> shift_month(dt.date(2026, 11, 30), 3)
    datetime.date(2027, 2, 1)
    """
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def month_days(first: dt.date) -> list[dt.date]:
    """Every day of the month that starts on ``first``."""
    return [first + dt.timedelta(days=offset) for offset in range(month_end(first).day)]


def working_days(first: dt.date) -> list[dt.date]:
    """Monday to Friday of the month that starts on ``first``."""
    return [day for day in month_days(first) if day.weekday() < _SATURDAY]


def next_working_day(day: dt.date) -> dt.date:
    """``day`` itself on a weekday, else the Monday after.

    >>> next_working_day(dt.date(2026, 1, 3))
    datetime.date(2026, 1, 5)
    """
    while day.weekday() >= _SATURDAY:
        day += dt.timedelta(days=1)
    return day


def add_working_days(day: dt.date, count: int) -> dt.date:
    """The working day ``count`` working days after ``day``.

    >>> add_working_days(dt.date(2026, 1, 9), 1)
    datetime.date(2026, 1, 12)
    """
    day = next_working_day(day)
    for _ in range(count):
        day = next_working_day(day + dt.timedelta(days=1))
    return day
