"""Which of some open amounts add up exactly to a payment, decided within a time budget.

One insurer transfer often pays several settlements at once. A greedy pass (take the largest that
fits) finds a wrong combination or none, and an unbounded search is both slow and useless: with
sixty open settlements of a few thousand euros, almost every total in range is reached by many
different subsets, so "some subset adds up" proves nothing. What a transfer really pays is a few
settlements, so the search is exact over cents but bounded in size: every subset of at most
``max_size`` values is considered, by meeting in the middle (the sums of all small combinations are
tabled once, and each subset is found as a pair of table entries). Two different subsets that add
up to the target are a tie, and a tie is not a match.

The clock is checked every thousand steps; past the budget the search says it gave up rather
than hang.
"""

from __future__ import annotations

import enum
import time
from collections import defaultdict
from collections.abc import Sequence
from itertools import combinations
from typing import Final

import attrs

__all__ = ["DEFAULT_BUDGET", "DEFAULT_MAX_SIZE", "SubsetOutcome", "SubsetResult", "find_subset"]

DEFAULT_BUDGET: Final = 0.05
"""Seconds one search may take: fifty milliseconds."""
DEFAULT_MAX_SIZE: Final = 4
"""The most values one payment is taken to cover (four settlements in one transfer)."""
_CHECK_EVERY: Final = 1024

Table = dict[int, list[tuple[int, ...]]]


class SubsetOutcome(enum.StrEnum):
    """What the search concluded."""

    FOUND = "encontrado"
    """Exactly one subset (of at most ``max_size`` values) adds up to the target."""
    AMBIGUOUS = "empate"
    """Two or more different subsets add up to the target: not a match."""
    NOT_FOUND = "no_encontrado"
    """No subset of at most ``max_size`` values adds up to the target."""
    GAVE_UP = "abandonado"
    """The budget ran out before an answer."""


def _indices(values: Sequence[int]) -> tuple[int, ...]:
    return tuple(values)


@attrs.frozen
class SubsetResult:
    """The outcome and, when found, the positions of the chosen values (ascending)."""

    outcome: SubsetOutcome
    indices: tuple[int, ...] = attrs.field(default=(), converter=_indices)


class _GaveUpError(Exception):
    """Raised inside the search when the deadline passes; never leaves this module."""


def _table(values: Sequence[int], size: int, target: int, deadline: float) -> Table:
    """Every combination of ``size`` positions by its sum, sums above the target left out."""
    table: Table = defaultdict(list)
    for count, combo in enumerate(combinations(range(len(values)), size)):
        if not count % _CHECK_EVERY and time.perf_counter() > deadline:
            raise _GaveUpError
        total = sum(values[i] for i in combo)
        if total <= target:
            table[total].append(combo)
    return table


def _meet(
    lefts: list[tuple[int, ...]], rights: list[tuple[int, ...]], found: list[tuple[int, ...]]
) -> bool:
    """Add the subsets made of a left and a right half to ``found``; true once there are two."""
    for left in lefts:
        for right in rights:
            # The smallest positions on the left: each subset is met exactly once.
            if not left or left[-1] < right[0]:
                found.append(left + right)
                if len(found) > 1:
                    return True
    return False


def _search(values: Sequence[int], target: int, max_size: int, deadline: float) -> SubsetResult:
    size = min(max_size, len(values))
    tables: dict[int, Table] = {0: {0: [()]}}
    for k in range(1, (size + 1) // 2 + 1):
        tables[k] = _table(values, k, target, deadline)
    found: list[tuple[int, ...]] = []
    steps = 0
    for k in range(1, size + 1):
        small, large = k // 2, k - k // 2
        for total, lefts in tables[small].items():
            rights = tables[large].get(target - total)
            steps += 1
            if not steps % _CHECK_EVERY and time.perf_counter() > deadline:
                raise _GaveUpError
            if rights and _meet(lefts, rights, found):
                return SubsetResult(SubsetOutcome.AMBIGUOUS)
    if found:
        return SubsetResult(SubsetOutcome.FOUND, found[0])
    return SubsetResult(SubsetOutcome.NOT_FOUND)


def find_subset(
    values: Sequence[int],
    target: int,
    *,
    max_size: int = DEFAULT_MAX_SIZE,
    budget: float = DEFAULT_BUDGET,
) -> SubsetResult:
    """The unique subset of ``values`` (cents) of at most ``max_size`` that adds up to ``target``.

    Non-positive values never take part (a payment does not cover a settlement worth nothing).

    >>> find_subset([1500, 2000, 700, 1300], 2800)
    SubsetResult(outcome=<SubsetOutcome.FOUND: 'encontrado'>, indices=(0, 3))
    >>> find_subset([1000, 1000, 500], 1500).outcome
    <SubsetOutcome.AMBIGUOUS: 'empate'>
    >>> find_subset([1000, 2000], 2500).outcome
    <SubsetOutcome.NOT_FOUND: 'no_encontrado'>
    """
    deadline = time.perf_counter() + budget
    positions = [index for index, value in enumerate(values) if 0 < value <= target]
    if target <= 0 or not positions or max_size < 1:
        return SubsetResult(SubsetOutcome.NOT_FOUND)
    usable = [values[index] for index in positions]
    try:
        result = _search(usable, target, max_size, deadline)
    except _GaveUpError:
        return SubsetResult(SubsetOutcome.GAVE_UP)
    return SubsetResult(result.outcome, [positions[i] for i in result.indices])
