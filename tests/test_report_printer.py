"""The report printer's scheduling: what the worker builds, and what this process builds while it
would otherwise wait for the worker."""

import os
import time

import pytest

from conciliacion.reports.printing import ReportPrinter

two_cores = pytest.mark.skipif(
    (os.cpu_count() or 1) < 2, reason="con un solo núcleo no hay proceso auxiliar"
)


def fail() -> None:
    """Built here only (a piece for later): it need not be importable by the worker."""
    raise ValueError("pieza rota")  # noqa: TRY003 - the message is what the test checks


@two_cores
def test_waiting_for_the_worker_this_process_builds_what_waits():
    # What goes to the worker is pickled by name: stdlib functions, which it can always import.
    with ReportPrinter(aside=True) as printer:
        busy = printer.build(time.sleep, 1.0)
        queued = printer.build(time.monotonic)  # the worker has a piece: this one waits
        deferred = printer.later(time.monotonic)
        started = time.monotonic()
        busy()
        # Both built at once, not a second later when the worker would have been free.
        assert queued() - started < 0.5
        assert deferred() - started < 0.5


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
        deferred = printer.later(os.getpid)
        sent = printer.build(os.getpid)
        assert sent() != os.getpid()
        assert deferred() == os.getpid()


@two_cores
def test_an_error_in_a_piece_built_while_waiting_comes_when_it_is_asked_for():
    with ReportPrinter(aside=True) as printer:
        busy = printer.build(time.sleep, 0.5)
        broken = printer.later(fail)
        busy()  # built the broken piece meanwhile: no error yet
        with pytest.raises(ValueError, match="pieza rota"):
            broken()


def test_a_piece_asked_for_after_the_printer_was_left_is_built_then():
    with ReportPrinter(aside=False) as printer:
        deferred = printer.later(os.getpid)
    assert deferred() == os.getpid()
