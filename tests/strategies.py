"""Hypothesis strategies for the model's values, shared by the tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import strategies as st

MAX_CENTS = 10**12 - 1
"""Amounts up to 9,999,999,999.99: what a Norma 43 field of 14 digits holds."""


def amounts(
    max_cents: int = MAX_CENTS, *, allow_negative: bool = True
) -> st.SearchStrategy[Decimal]:
    """Money with exactly two places, built from whole cents so no float is ever involved."""
    low = -max_cents if allow_negative else 0
    return st.integers(low, max_cents).map(lambda cents: Decimal(cents).scaleb(-2))


def dates(
    start: dt.date = dt.date(2000, 1, 1), end: dt.date = dt.date(2069, 12, 31)
) -> st.SearchStrategy[dt.date]:
    """Dates a two-digit Norma 43 year can represent without ambiguity."""
    return st.dates(min_value=start, max_value=end)
