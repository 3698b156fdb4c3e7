"""Which of some open amounts add up exactly to a payment, decided within a time budget.

One insurer transfer often pays several settlements at once. A greedy pass (take the largest that
fits) finds a wrong combination or none, and an unbounded search is both slow and useless: with
sixty open settlements of a few thousand euros, almost every total in range is reached by many
different subsets, so "some subset adds up" proves nothing. What a transfer really pays is a few
settlements, so the search is exact over cents but bounded in size: every subset of at most
``max_size`` values is considered, by meeting in the middle (the sums of all small combinations are
tabled once, and each subset is found as a pair of table entries). Two different subsets that add
up to the target are a tie, and a tie is not a match.

The values are sorted first, so that a combination stops growing as soon as it passes the target,
and each table is built from the previous one (a combination's prefix is never above the target
either). The clock is checked every few hundred steps of any loop, and the default budget stays
well below the fifty milliseconds promised, so that a search that gives up, and drops what it
built, still answers within them.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Iterator, Sequence
from typing import Final

import attrs

from conciliacion._gc import collector_paused

__all__ = ["DEFAULT_BUDGET", "DEFAULT_MAX_SIZE", "SubsetOutcome", "SubsetResult", "find_subset"]

DEFAULT_BUDGET: Final = 0.03
"""Seconds one search may take, giving up included: thirty milliseconds, so that it answers within
the fifty promised even on a busy machine. A search that gives up overshoots its share by a few
milliseconds (the last steps before a look at the clock, then dropping its tables), and the machine
itself now and then stalls a process for ten or twenty (measured: with forty, searches gave up
after 37 ms in the median and 59 ms at worst). A real payment of up to four settlements among sixty
is found in under three milliseconds, so the lower budget costs no match."""
DEFAULT_MAX_SIZE: Final = 4
"""The most values one payment is taken to cover (four settlements in one transfer)."""
_CHECK_EVERY: Final = 256
"""Steps between two looks at the clock: a step is well under a microsecond."""
_SEARCH_SHARE: Final = 0.8
"""Of the budget, what the search may use: dropping the tables it built when it gives up takes
about a sixth of the time spent building them (measured), and must fit in the budget too."""

Combo = tuple[int, ...]


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


class _Clock:
    """Counts steps and looks at the clock every :data:`_CHECK_EVERY` of them."""

    __slots__ = ("deadline", "steps")

    def __init__(self, budget: float) -> None:
        self.deadline = time.perf_counter() + budget
        self.steps = 0

    def tick(self, steps: int) -> None:
        """Account for ``steps`` steps done; past the deadline, give up."""
        self.steps += steps
        if self.steps >= _CHECK_EVERY:
            self.steps = 0
            if time.perf_counter() > self.deadline:
                raise _GaveUpError


class _Sums:
    """Combinations of one size by their sum.

    Sums rarely repeat, so the first combination of each sum is kept alone and only the others
    go to a list: one object per combination, which halves both building the table and dropping
    it when the search gives up (dropping must fit in the budget too).
    """

    __slots__ = ("first", "more")

    def __init__(self) -> None:
        self.first: dict[int, Combo] = {}
        self.more: dict[int, list[Combo]] = {}

    def get(self, total: int) -> list[Combo]:
        """Every combination that adds up to ``total``."""
        combo = self.first.get(total)
        if combo is None:
            return []
        return [combo, *self.more.get(total, ())]

    def items(self) -> Iterator[tuple[int, Combo]]:
        """Each combination with its sum."""
        yield from self.first.items()
        for total, combos in self.more.items():
            for combo in combos:
                yield total, combo


def _grow(values: Sequence[int], previous: _Sums, target: int, clock: _Clock) -> _Sums:
    """The combinations one position longer than those of ``previous``, up to the target.

    ``values`` ascend, so a combination is only extended by later positions and the extension
    stops at the first that passes the target.
    """
    sums = _Sums()
    first, more = sums.first, sums.more
    # The positions as shared objects: a combination then allocates only its own tuple.
    items = list(enumerate(values))
    for total, combo in previous.items():
        later = items[combo[-1] + 1 :] if combo else items
        for position, value in later:
            grown = total + value
            if grown > target:
                break
            if grown in first:
                more.setdefault(grown, []).append((*combo, position))
            else:
                first[grown] = (*combo, position)
        clock.tick(len(later) + 1)
    return sums


def _meet(lefts: list[Combo], rights: list[Combo], found: list[Combo], clock: _Clock) -> bool:
    """Add the subsets made of a left and a right half to ``found``; true once there are two."""
    for left in lefts:
        for right in rights:
            # The smallest positions on the left: each subset is met exactly once.
            if not left or left[-1] < right[0]:
                found.append(left + right)
                if len(found) > 1:
                    return True
        clock.tick(len(rights))
    return False


def _search(values: Sequence[int], target: int, max_size: int, clock: _Clock) -> SubsetResult:
    """The search over ``values`` in ascending order; positions refer to that order."""
    size = min(max_size, len(values))
    empty = _Sums()
    empty.first[0] = ()
    tables = [empty]
    for _ in range((size + 1) // 2):
        tables.append(_grow(values, tables[-1], target, clock))
    found: list[Combo] = []
    for k in range(1, size + 1):
        small, large = tables[k // 2], tables[k - k // 2]
        for total in small.first:
            clock.tick(1)
            rights = large.get(target - total)
            if rights and _meet(small.get(total), rights, found, clock):
                return SubsetResult(SubsetOutcome.AMBIGUOUS)
    if found:
        return SubsetResult(SubsetOutcome.FOUND, found[0])
    return SubsetResult(SubsetOutcome.NOT_FOUND)


def _decide(values: Sequence[int], target: int, max_size: int, clock: _Clock) -> SubsetResult:
    """The search's answer, or that it gave up; its tables are dropped before this returns."""
    try:
        return _search(values, target, max_size, clock)
    except _GaveUpError:
        return SubsetResult(SubsetOutcome.GAVE_UP)


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
    clock = _Clock(budget * _SEARCH_SHARE)
    positions = sorted(
        (index for index, value in enumerate(values) if 0 < value <= target),
        key=values.__getitem__,
    )
    if target <= 0 or not positions or max_size < 1:
        return SubsetResult(SubsetOutcome.NOT_FOUND)
    usable = [values[index] for index in positions]
    # The tables hold no cycles, and a collection pass set off by their tuples (or run over them
    # once the collector is back) could outlast the budget on its own: they are built and dropped
    # with the collector paused.
    with collector_paused():
        result = _decide(usable, target, max_size, clock)
    return SubsetResult(result.outcome, sorted(positions[i] for i in result.indices))
