"""One-to-one assignment that is best for the whole, not for whoever comes first.

A greedy matcher lets the first record take a candidate that a later record needed more (a line
that fits two services well goes to the first, and the second, whose only fit it was, is left
unpaid). Here the candidate pairs form a graph; each connected component is solved for the largest
total score, exactly. Components are small in practice (a key shared by a handful of records), so
the whole stays close to linear. The settlement review uses it, and bank reconciliation can.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Final, NamedTuple

__all__ = ["Candidate", "assign"]

# The most one-to-one arrangements a tangle may have to be tried one by one (7!): the usual tangle
# is two services and two lines, and SciPy takes most of a second to load for it.
SMALL_TANGLE: Final = 5040


class Candidate(NamedTuple):
    """A possible pair and how good it is (higher is better, must be positive).

    A named tuple rather than an attrs class: the matchers build one per candidate pair, hundreds of
    thousands per run, and only read them back.
    """

    left: str
    right: str
    score: float


def _find(parent: dict[str, str], node: str) -> str:
    root = node
    while parent[root] != root:
        root = parent[root]
    while parent[node] != root:  # path compression keeps later finds short
        parent[node], node = root, parent[node]
    return root


def _components(best: dict[tuple[str, str], float]) -> list[list[tuple[str, str]]]:
    """Group the pairs by connected component; left and right ids live in separate namespaces."""
    parent: dict[str, str] = {}
    for left, right in best:
        for node in (f"l{left}", f"r{right}"):
            parent.setdefault(node, node)
        a, b = _find(parent, f"l{left}"), _find(parent, f"r{right}")
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for pair in best:
        groups[_find(parent, f"l{pair[0]}")].append(pair)
    return [sorted(pairs) for _, pairs in sorted(groups.items())]


def _solve(pairs: list[tuple[str, str]], best: dict[tuple[str, str], float]) -> list[Candidate]:
    if len(pairs) == 1:
        ((left, right),) = pairs
        return [Candidate(left, right, best[left, right])]
    lefts = sorted({left for left, _ in pairs})
    rights = sorted({right for _, right in pairs})
    if len(lefts) == 1 or len(rights) == 1:
        # A star: the best edge wins; ``pairs`` is sorted and max keeps the first of equals.
        left, right = max(pairs, key=best.__getitem__)
        return [Candidate(left, right, best[left, right])]
    if math.perm(max(len(lefts), len(rights)), min(len(lefts), len(rights))) <= SMALL_TANGLE:
        return _solve_small(lefts, rights, best)
    row = {left: index for index, left in enumerate(lefts)}
    col = {right: index for index, right in enumerate(rights)}
    # NumPy and SciPy take most of a second to load: only a large tangle of candidates needs them.
    import numpy as np  # noqa: PLC0415
    from scipy.optimize import linear_sum_assignment  # type: ignore[import-untyped]  # noqa: PLC0415

    weights = np.zeros((len(lefts), len(rights)))
    for left, right in pairs:
        weights[row[left], col[right]] = best[left, right]
    rows, cols = linear_sum_assignment(weights, maximize=True)
    chosen = []
    for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
        pair = (lefts[r], rights[c])
        if pair in best:  # a zero cell is "no edge": dropping it keeps the best total
            chosen.append(Candidate(*pair, best[pair]))
    return chosen


def _solve_small(
    lefts: list[str], rights: list[str], best: dict[tuple[str, str], float]
) -> list[Candidate]:
    """Every one-to-one arrangement of a small tangle tried in order; the first best one wins.

    The arrangements place the smaller side on the larger one; a place with no edge adds nothing
    and is left out of the answer, as with SciPy's zero cells.
    """
    flipped = len(lefts) > len(rights)
    few, many = (rights, lefts) if flipped else (lefts, rights)
    edges = [[best.get((m, f) if flipped else (f, m), 0.0) for m in many] for f in few]
    chosen: tuple[int, ...] = ()
    top = -1.0
    for places in itertools.permutations(range(len(many)), len(few)):
        total = sum(row[place] for row, place in zip(edges, places, strict=True))
        if total > top:
            top, chosen = total, places
    pairs = [
        (many[place], few[index]) if flipped else (few[index], many[place])
        for index, place in enumerate(chosen)
    ]
    return sorted(Candidate(*pair, best[pair]) for pair in pairs if pair in best)


def assign(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Choose pairs so that each left and each right is used once and the total score is largest.

    Where the same pair is offered twice (two keys agree), its best score counts. The result is
    sorted by left id; the same candidates give the same result whatever their order.

    >>> assign([Candidate("s1", "a", 9), Candidate("s1", "b", 8), Candidate("s2", "a", 7)])
    [Candidate(left='s1', right='b', score=8), Candidate(left='s2', right='a', score=7)]
    """
    best: dict[tuple[str, str], float] = {}
    for left, right, score in candidates:
        if not score > 0:
            msg = f"la puntuación de un candidato debe ser positiva, no {score!r}"
            raise ValueError(msg)
        key = (left, right)
        if score > best.get(key, 0):
            best[key] = score
    left_degree = Counter(left for left, _ in best)
    right_degree = Counter(right for _, right in best)
    chosen: list[Candidate] = []
    shared: dict[tuple[str, str], float] = {}
    for (left, right), score in best.items():
        if left_degree[left] == 1 and right_degree[right] == 1:
            chosen.append(Candidate(left, right, score))  # a pair nobody else wants
        else:
            shared[left, right] = score
    for pairs in _components(shared):
        chosen.extend(_solve(pairs, shared))
    chosen.sort()
    return chosen
