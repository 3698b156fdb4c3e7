"""Pausing the collector: its state comes back, and values kept skip the young generations."""

import gc
import weakref

from conciliacion._gc import collector_paused, set_aside


def test_the_collector_comes_back_and_kept_values_are_not_young():
    enabled = gc.isenabled()
    gc.enable()
    try:
        with collector_paused(keep=True):
            assert not gc.isenabled()
            built = [[number] for number in range(10_000)]
        assert gc.isenabled()
        # Nothing left for a young collection to visit; nothing left frozen either.
        assert gc.get_count()[0] < len(built)
        assert gc.get_freeze_count() == 0
    finally:
        if not enabled:
            gc.disable()


def test_a_paused_collector_stays_paused():
    enabled = gc.isenabled()
    gc.disable()
    try:
        with collector_paused(keep=True):
            pass
        assert not gc.isenabled()
    finally:
        if enabled:
            gc.enable()


def test_what_the_application_froze_stays_frozen():
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with collector_paused(keep=True):
            pass
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


def test_values_set_aside_are_left_out_and_come_back():
    class Node:
        pass

    assert gc.get_freeze_count() == 0
    node = Node()
    node.itself = node  # a cycle: only the collector frees it
    alive = weakref.ref(node)
    with set_aside():
        assert gc.get_freeze_count() > 0
        del node
        gc.collect()
        assert alive() is not None  # set aside: left out of the pass
    assert gc.get_freeze_count() == 0
    gc.collect()
    assert alive() is None


def test_what_the_application_froze_is_not_set_aside_again():
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with set_aside():
            assert gc.get_freeze_count() == frozen
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
