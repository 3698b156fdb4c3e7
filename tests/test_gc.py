"""Pausing the collector: its state comes back, and values kept skip the young generations."""

import gc

from conciliacion._gc import collector_paused


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
