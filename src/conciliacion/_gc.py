"""Pausing Python's cyclic garbage collector around bulk construction of values.

Reading a large statement or writing a large ledger allocates hundreds of thousands of small
objects without a single reference cycle; the collector's repeated full passes over them cost more
than the work itself (measured: a quarter of the Norma 43 reading time). The values built here hold
no cycles, so nothing is lost by collecting once afterwards. The collector's previous state is
restored even when the work fails.

That one collection afterwards still visits every object built in the pause that is alive: for a
result of millions of values (a million movements reconciled) it costs seconds, and finds
nothing. A block whose values are kept may ask for them to go to the oldest generation at once
(``keep=True``), as if they had survived the young collections: they are looked at again only in
the next full collection, like any long-lived value.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["collector_paused", "set_aside"]


@contextlib.contextmanager
def collector_paused(*, keep: bool = False) -> Iterator[None]:
    """Run the block with the cyclic collector off, then put it back as it was.

    ``keep``: what the block built is kept, so it skips the young generations (see the module's
    text). Done only when nothing is frozen already: unfreezing must not release what the
    application froze on purpose.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if keep and not gc.get_freeze_count():
                # Freezing and unfreezing moves every young object to the oldest generation
                # without visiting it (two list splices).
                gc.freeze()
                gc.unfreeze()
            gc.enable()


@contextlib.contextmanager
def set_aside() -> Iterator[None]:
    """Leave everything alive now out of the collector's passes until the block ends.

    After a month's inputs are read and reviewed, the run writes its files with the collector
    on (they use libraries that may leave cycles), and its first full pass would walk the
    millions of values read (a second and a half for ten years, measured) to find none. Frozen,
    they are skipped; at the end they go back to the oldest generation, and whatever is freed
    meanwhile is freed as usual. Done only when nothing is frozen already (see
    :func:`collector_paused`).
    """
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
