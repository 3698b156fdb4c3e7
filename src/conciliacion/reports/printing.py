"""Drawing the monthly report's page and printing its PDF, here or in a second process.

Printing the PDF is most of a month's run on a typical practice: loading WeasyPrint and the
charting library takes half a second, drawing the charts a tenth, and WeasyPrint about one for
eight pages. None of it depends on the ledger or the other files of the month, so the month's run
hands the report (a small value) to a worker process and writes everything else while the worker
draws and prints. When the month has no report yet (so one will surely be printed) the command
starts the worker before it loads the rest of the program, and the worker loads its libraries
while the run reads the inputs, so on a machine with two cores that time is hardly waited for;
otherwise it starts only when a changed report is to be drawn.

Without a worker (a library call, a batch that already keeps every core busy, a machine with one
core, a system that cannot start processes) the same functions run in the calling process: the
bytes are identical.
"""

from __future__ import annotations

import atexit
import collections
import functools
import logging
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from types import TracebackType
from typing import TYPE_CHECKING, Generic, ParamSpec, Self, TypeVar

if TYPE_CHECKING:
    from conciliacion.practice import Practice
    from conciliacion.reports.monthly_content import MonthlyReport

__all__ = ["ReportPrinter", "draw_report", "month_printer", "ready"]

logger = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")


def draw_report(report: MonthlyReport, head: str) -> tuple[bytes, bytes]:
    """The report's page, with ``head`` added to its ``<head>``, and the page printed to PDF."""
    from conciliacion.reports.monthly_html import render_pages  # noqa: PLC0415 - slow imports
    from conciliacion.reports.monthly_pdf import render_pdf  # noqa: PLC0415

    page, printable = (p.replace("</head>", f"{head}\n</head>", 1) for p in render_pages(report))
    return page.encode("utf-8"), render_pdf(printable)


def _start_worker(parent: int) -> None:
    """Set up the worker: it follows the run that started it, and leaves without tidying up.

    A run killed outright (``kill -9``, the machine's OOM killer) cannot stop its worker, which
    would otherwise wait for work forever, holding the run's terminal or pipe open: a thread
    ends the worker as soon as its parent is gone.

    A worker that has given every result back holds nothing worth tidying, yet Python's own exit
    (unloading WeasyPrint, collecting its objects) takes a fifth of a second,
    which the run waits for before it can end. The worker's exit handler ends it at once instead.
    """

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(1)

    def leave() -> None:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)

    threading.Thread(target=watch, name="vigila-proceso-principal", daemon=True).start()
    atexit.register(leave)


def _load_libraries() -> None:
    """Import what drawing and printing need, so the worker is ready when the report is."""
    from conciliacion.pdf import load_weasyprint  # noqa: PLC0415

    load_weasyprint()

    import conciliacion.reports.monthly_html  # noqa: F401, PLC0415


def _stop_now(pool: ProcessPoolExecutor) -> None:
    """End the worker at once, whatever it is doing: the run failed and wants none of it.

    Shutting the pool down cancels the work not started, but waits for the work under way, such
    as loading the libraries (a second) for a run that failed at once. Python 3.14 has a method
    for this; before it, the pool's processes are ended one by one (the pool then finds them
    gone and reaps them).
    """
    terminate = getattr(pool, "terminate_workers", None)
    if terminate is not None:
        terminate()
        return
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()


class _Piece(Generic[T]):
    """A piece of output given to :meth:`ReportPrinter.build` or :meth:`ReportPrinter.later`.

    Waiting (no future yet), or taken: sent to the worker, or built here (a future this process
    fulfils). Only a piece given to ``build`` may go to the worker.
    """

    __slots__ = ("aside", "call", "future")

    def __init__(self, call: Callable[[], T], *, aside: bool) -> None:
        self.call = call
        self.aside = aside
        self.future: Future[T] | None = None

    def build_here(self) -> None:
        """Build the piece, once taken; an error waits in its future for who asks for it."""
        if self.future is None:  # pragma: no cover - taken pieces have their future
            raise RuntimeError(self)
        try:
            self.future.set_result(self.call())
        except Exception as error:  # noqa: BLE001 - given back by the future, as the worker's
            self.future.set_exception(error)


class ReportPrinter:
    """Draws and prints reports (and builds other long outputs) in one worker process, or here.

    Use as a context manager: with ``warm``, entering starts the worker and its libraries'
    loading (for a run that will surely print: its month has no report yet); otherwise the worker
    starts with the first report to draw, and a run whose report has not changed starts none.
    Leaving stops it, without waiting for work nobody asked the result of.
    """

    def __init__(self, *, aside: bool = True, warm: bool = False) -> None:
        # One core would only share itself between the two processes.
        self._aside = aside and (os.cpu_count() or 1) > 1
        self._warm = warm
        self._pool: ProcessPoolExecutor | None = None
        # Pieces not sent yet, and the worker's answer to the one it has: see build().
        self._waiting: collections.deque[_Piece[object]] = collections.deque()
        self._busy: Future[object] | None = None
        self._lock = threading.Lock()

    def __enter__(self) -> Self:
        if self._aside and self._warm:
            self._start()
        return self

    def _start(self) -> None:
        try:
            self._pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(os.getpid(),),
            )
            if self._warm:
                self._pool.submit(_load_libraries)
        except (OSError, RuntimeError, AssertionError) as error:  # no process: print here
            logger.debug("sin proceso auxiliar para el informe: %s", error)
            self._aside, self._pool = False, None

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
            self._waiting.clear()
        if pool is None:
            return
        if error is not None:
            _stop_now(pool)
        # After a failure the worker is gone already; waiting lets the pool reap it.
        pool.shutdown(wait=True, cancel_futures=True)

    def _worker(self) -> ProcessPoolExecutor | None:
        """The worker, started if need be; ``None`` when the work is done here."""
        if self._aside and self._pool is None:
            self._start()
        return self._pool

    def draw(self, report: MonthlyReport, head: str) -> Callable[[], tuple[bytes, bytes]]:
        """Start drawing ``report``; the returned call gives its page and PDF when they are done.

        The drawing goes to the worker at once, behind what it is doing: it needs the worker's
        libraries, which this process has not loaded.
        """
        here = functools.partial(draw_report, report, head)
        pool = self._worker()
        if pool is not None:
            try:
                return functools.partial(self._drawn, pool.submit(here), here)
            except (BrokenProcessPool, RuntimeError):  # the worker died earlier: draw here
                logger.warning("el proceso auxiliar terminó; se termina el trabajo aquí")
        drawn = here()
        return lambda: drawn

    def build(
        self, function: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs
    ) -> Callable[[], T]:
        """Start ``function`` (module-level, its arguments picklable) in the worker, or run it here.

        Any long piece of output that the run can write later goes this way (the punteo's
        workbook of ten years of services). The returned call gives the result, waiting for the
        worker if need be.

        The worker gets one piece at a time; the others wait here. This process builds a
        waiting piece itself when its result is asked for, and whenever it would otherwise wait
        for the worker (see :meth:`_wait`). A large practice's run hands over the punteo's
        workbook (twenty seconds), then the incident list's and the annex's: this process builds
        these two while the worker still builds the first, rather than the worker after it
        (measured: the run ended six seconds sooner).
        """
        if self._worker() is None:
            value = function(*args, **kwargs)
            return lambda: value
        return self._queue(functools.partial(function, *args, **kwargs), aside=True)

    def later(
        self, function: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs
    ) -> Callable[[], T]:
        """Build ``function``'s result here, but only when this process has nothing else to do.

        For a piece too small to be worth a trip to the worker (a typical practice's workbooks)
        but not needed before the report is handed over: built now, it would delay the drawing,
        the month's longest chain, by its time. It is built while this process waits for the
        worker, or when its result is asked for, whichever comes first.
        """
        return self._queue(functools.partial(function, *args, **kwargs), aside=False)

    def _queue(self, call: Callable[[], T], *, aside: bool) -> Callable[[], T]:
        piece: _Piece[T] = _Piece(call, aside=aside)
        with self._lock:
            self._waiting.append(piece)  # type: ignore[arg-type]
        if aside:
            self._send_next()
        return functools.partial(self._result, piece)

    def _send_next(self) -> None:
        """Give the worker the next piece it may build, unless it has one of them already."""
        with self._lock:
            if self._busy is not None and not self._busy.done():
                return
            self._busy = None
            piece = next((p for p in self._waiting if p.aside), None)
            if piece is None or self._pool is None:
                return
            try:
                future = self._pool.submit(piece.call)
            except (BrokenProcessPool, RuntimeError):  # the worker died: what waits is built here
                return
            self._waiting.remove(piece)
            piece.future = self._busy = future
        future.add_done_callback(lambda _done: self._send_next())

    def _take(self, piece: _Piece[T] | None = None) -> _Piece[object] | None:
        """Take ``piece`` (or else the oldest waiting piece) to build here, unless already taken."""
        with self._lock:
            if piece is None:
                if not self._waiting:
                    return None
                taken = self._waiting.popleft()
            elif piece.future is not None:
                return None
            else:
                if piece in self._waiting:  # not when the printer was left, which drops them
                    self._waiting.remove(piece)  # type: ignore[arg-type]
                taken = piece  # type: ignore[assignment]
            taken.future = Future()
            return taken

    def _wait(self, future: Future[T]) -> None:
        """Build waiting pieces here until ``future`` (the worker's) is done.

        This process would only sit idle meanwhile, while the pieces wait for the worker, or for
        this process to ask for their results after this wait.
        """
        while not future.done():
            piece = self._take()
            if piece is None:
                return
            piece.build_here()

    def _result(self, piece: _Piece[T]) -> T:
        mine = self._take(piece)
        if mine is not None:  # still waiting: this process is free, the worker is not
            mine.build_here()
        if piece.future is None:  # pragma: no cover - taken pieces have their future
            raise RuntimeError(piece)
        self._wait(piece.future)
        return self._outcome(piece.future, piece.call)

    def _drawn(
        self, future: Future[tuple[bytes, bytes]], here: Callable[[], tuple[bytes, bytes]]
    ) -> tuple[bytes, bytes]:
        self._wait(future)
        return self._outcome(future, here)

    @staticmethod
    def _outcome(future: Future[T], here: Callable[[], T]) -> T:
        """The worker's result, or the work done here if the worker died (killed, out of memory)."""
        try:
            return future.result()
        except BrokenProcessPool:
            logger.warning("el proceso auxiliar terminó; se termina el trabajo aquí")
            return here()


def month_printer(practice: Practice, month: str, *, report: bool, aside: bool) -> ReportPrinter:
    """The printer of one month's run, warm when the month has no report yet (it will print one).

    The command makes it first thing, before it loads the rest of the program, so that the worker
    loads its libraries while the run's own modules load too.
    """
    fresh = report and not (practice.output_dir(month) / "informe.pdf").exists()
    # Without its configuration the run stops at once: no worker for it.
    return ReportPrinter(aside=aside, warm=fresh and practice.config_path.is_file())


def ready(files: tuple[bytes, bytes]) -> Callable[[], tuple[bytes, bytes]]:
    """A page and PDF already at hand, given as :meth:`ReportPrinter.draw` gives one drawn."""
    return lambda: files
