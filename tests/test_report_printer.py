"""The report printer's scheduling: what the worker builds, and what this process builds while it
would otherwise wait for the worker."""

import os
import time

import pytest

from conciliacion.reports.printing import ReportPrinter

two_cores = pytest.mark.skipif(
    (os.cpu_count() or 1) < 2, reason="con un solo núcleo no hay proceso auxiliar"
)


def stamp() -> tuple[int, float]:
    """Who built the piece, and when."""
    return os.getpid(), time.monotonic()


def fail() -> None:
    raise ValueError("pieza rota")  # noqa: TRY003 - the message is what the test checks


@two_cores
def test_waiting_for_the_worker_this_process_builds_what_waits():
    with ReportPrinter(aside=True) as printer:
        busy = printer.build(time.sleep, 1.0)
        queued = printer.build(stamp)  # the worker has a piece: this one waits
        deferred = printer.later(stamp)
        started = time.monotonic()
        busy()
        done = time.monotonic()
        for piece in (queued, deferred):
            pid, when = piece()  # already built, while waiting
            assert pid == os.getpid()
            assert started <= when <= done


def test_a_piece_for_later_waits_until_asked_for_when_nothing_is_waited_for():
    built: list[int] = []
    with ReportPrinter(aside=False) as printer:
        piece = printer.later(built.append, 1)
        assert built == []
        piece()
        assert built == [1]


@two_cores
def test_a_piece_for_later_never_goes_to_the_idle_worker():
    with ReportPrinter(aside=True, warm=True) as printer:
        deferred = printer.later(stamp)
        sent = printer.build(stamp)
        assert sent()[0] != os.getpid()
        assert deferred()[0] == os.getpid()


@two_cores
def test_an_error_in_a_piece_built_while_waiting_comes_when_it_is_asked_for():
    with ReportPrinter(aside=True) as printer:
        busy = printer.build(time.sleep, 0.5)
        broken = printer.later(fail)
        busy()  # built the broken piece meanwhile: no error yet
        with pytest.raises(ValueError, match="pieza rota"):
            broken()
