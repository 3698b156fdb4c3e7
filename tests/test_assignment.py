import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conciliacion.matchers import assignment
from conciliacion.matchers.assignment import Candidate, assign


def test_no_greedy_theft():
    # s1 prefers a slightly, but s2 can only take a: the best whole gives a to s2.
    chosen = assign([Candidate("s1", "a", 10), Candidate("s1", "b", 9), Candidate("s2", "a", 8)])
    assert {(c.left, c.right) for c in chosen} == {("s1", "b"), ("s2", "a")}


def test_duplicate_offers_keep_the_best_score():
    assert assign([Candidate("x", "y", 1), Candidate("x", "y", 5)]) == [Candidate("x", "y", 5)]


def test_scores_must_be_positive():
    with pytest.raises(ValueError, match="positiva"):
        assign([Candidate("x", "y", 0)])


def test_ties_are_broken_the_same_way_whatever_the_order():
    edges = [Candidate(left, right, 1) for left in "abc" for right in "xyz"]
    first = assign(edges)
    assert len(first) == 3
    assert assign(reversed(edges)) == first


def _best_total(edges):
    """Brute force: the largest total of a one-to-one subset."""
    best = 0
    for size in range(len(edges) + 1):
        for subset in itertools.combinations(edges, size):
            lefts = [e.left for e in subset]
            rights = [e.right for e in subset]
            if len(set(lefts)) == size and len(set(rights)) == size:
                best = max(best, sum(e.score for e in subset))
    return best


edges = st.lists(
    st.builds(
        Candidate,
        st.sampled_from("abcd"),
        st.sampled_from("wxyz"),
        st.integers(1, 20),
    ),
    max_size=7,
    unique_by=lambda e: (e.left, e.right),
)


@settings(max_examples=150, deadline=None)
@given(edges)
def test_one_to_one_and_optimal(candidates):
    chosen = assign(candidates)
    assert len({c.left for c in chosen}) == len(chosen) == len({c.right for c in chosen})
    assert set(chosen) <= set(candidates)
    assert sum(c.score for c in chosen) == _best_total(candidates)


@settings(max_examples=100, deadline=None)
@given(edges)
def test_small_tangles_tried_one_by_one_agree_with_scipy(candidates):
    """The exhaustive path for small tangles and SciPy's solver find the same best total."""
    small = assign(candidates)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(assignment, "SMALL_TANGLE", 0)
        solved = assign(candidates)
    assert sum(c.score for c in small) == sum(c.score for c in solved) == _best_total(candidates)
    assert len({c.left for c in solved}) == len(solved) == len({c.right for c in solved})
