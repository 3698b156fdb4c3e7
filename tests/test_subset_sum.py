import gc
import random
import time
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from conciliacion.matchers.subset_sum import SubsetOutcome, SubsetResult, find_subset


def test_found_tie_and_not_found():
    assert find_subset([1500, 2000, 700, 1300], 2800).indices == (0, 3)
    assert find_subset([1000, 1000, 500], 1500).outcome is SubsetOutcome.AMBIGUOUS
    assert find_subset([1000, 2000], 2500).outcome is SubsetOutcome.NOT_FOUND
    assert find_subset([], 100).outcome is SubsetOutcome.NOT_FOUND
    assert find_subset([100, -50, 0], 100).indices == (0,)


def test_bounded_in_size():
    assert find_subset([100] * 3 + [1], 301, max_size=3).outcome is SubsetOutcome.NOT_FOUND


def test_sixty_open_settlements_decide_within_the_budget():
    rng = random.Random(3)  # noqa: S311 - test data
    for _ in range(5):
        values = [rng.randint(100_000, 2_000_000) for _ in range(60)]
        chosen = sorted(rng.sample(range(60), rng.randint(1, 4)))
        started = time.perf_counter()
        result = find_subset(values, sum(values[i] for i in chosen))
        assert time.perf_counter() - started < 1
        assert result.outcome in {SubsetOutcome.FOUND, SubsetOutcome.AMBIGUOUS}
        if result.outcome is SubsetOutcome.FOUND:
            assert list(result.indices) == chosen


def test_adversarial_input_gives_up_and_never_hangs():
    rng = random.Random(5)  # noqa: S311 - test data
    values = [rng.randint(1, 10**6) for _ in range(3000)]
    started = time.perf_counter()
    result = find_subset(values, 10**6, max_size=8, budget=0.05)
    assert result.outcome is SubsetOutcome.GAVE_UP
    assert time.perf_counter() - started < 1


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 10**7), min_size=1, max_size=25), st.data())
def test_a_found_subset_adds_up_and_a_planted_one_is_found_or_tied(values, data):
    chosen = data.draw(st.sets(st.integers(0, len(values) - 1), min_size=1, max_size=4))
    target = sum(values[i] for i in chosen)
    result = find_subset(values, target, budget=5)
    assert result.outcome in {SubsetOutcome.FOUND, SubsetOutcome.AMBIGUOUS}
    if result.outcome is SubsetOutcome.FOUND:
        assert sum(values[i] for i in result.indices) == target
        assert len(set(result.indices)) == len(result.indices) <= 4


def _brute_force(values: list[int], target: int, max_size: int) -> list[tuple[int, ...]]:
    positions = [i for i, v in enumerate(values) if v > 0]
    return [
        combo
        for size in range(1, max_size + 1)
        for combo in combinations(positions, size)
        if sum(values[i] for i in combo) == target
    ]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(-5, 60), max_size=12),
    st.integers(-5, 150),
    st.integers(0, 5),
)
def test_the_outcome_is_what_trying_every_subset_says(values, target, max_size):
    result = find_subset(values, target, max_size=max_size, budget=5)
    every = _brute_force(values, target, max_size) if target > 0 else []
    if not every:
        assert result.outcome is SubsetOutcome.NOT_FOUND
    elif len(every) == 1:
        assert result == SubsetResult(SubsetOutcome.FOUND, every[0])
    else:
        assert result.outcome is SubsetOutcome.AMBIGUOUS


def test_giving_up_puts_the_collector_back():
    rng = random.Random(7)  # noqa: S311 - test data
    values = [rng.randint(1, 10**6) for _ in range(2000)]
    assert gc.isenabled()
    assert find_subset(values, 10**6, max_size=8, budget=0.01).outcome is SubsetOutcome.GAVE_UP
    assert gc.isenabled()
