"""Ending the ``conciliar`` process without Python's teardown, once everything is written.

At exit Python runs the exit handlers, then unloads every module and frees every object left,
one by one: after a month's run (pandas, SQLAlchemy, Beancount, WeasyPrint's results, the month's
data) that is a tenth to a fifth of a second of a three-second command, measured, and it saves
nothing: every file is written, renamed and closed by then, and the store's transactions are
committed. So the command runs the exit handlers itself (they close loggers, reap the worker
processes), flushes the standard streams and ends the process at once, with the code
:func:`sys.exit` would have given.

Where that is not known to be safe, the usual exit is taken: a thread other than the main one
still running (Python would wait for it), or a Python without the exit handlers' runner.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
from typing import NoReturn

__all__ = ["leave"]

_FLUSH_FAILED = 120
"""Python's own exit code when the standard streams cannot be flushed at exit."""


def _code(code: object) -> int:
    """The process's exit code for ``sys.exit(code)``; a message is printed, as Python does."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)  # noqa: T201 - what Python's exit does with a message
    return 1


def leave(code: object) -> NoReturn:
    """End the process with ``code`` (as given to :func:`sys.exit`), skipping the teardown."""
    run_handlers = getattr(atexit, "_run_exitfuncs", None)
    others = [t for t in threading.enumerate() if t is not threading.main_thread() and not t.daemon]
    if run_handlers is None or others:
        sys.exit(_code(code))
    status = _code(code)
    run_handlers()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # a closed pipe (``| head``), a closed stream
            status = status or _FLUSH_FAILED
    os._exit(status)
