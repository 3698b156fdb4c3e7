"""One run at a time per practice: a second ``conciliar mes`` refuses instead of mixing outputs.

The lock is an advisory ``flock`` on a file in the practice folder, so it is released by the
operating system when the process ends, however it ends: a killed run never leaves a stale lock.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Final

from conciliacion.errors import ConciliacionError

__all__ = ["LOCK_FILE", "practice_lock"]

LOCK_FILE: Final = ".conciliar.lock"


@contextlib.contextmanager
def practice_lock(root: Path, *, wait_seconds: float = 0.0) -> Iterator[None]:
    """Hold the practice's lock for the block; wait up to ``wait_seconds`` for it, then refuse."""
    path = root / LOCK_FILE
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
                    who = f" (proceso {holder})" if holder else ""
                    msg = (
                        f"{root}: otra ejecución de conciliar está trabajando en esta práctica"
                        f"{who}; espere a que termine y vuelva a lanzarla"
                    )
                    raise ConciliacionError(msg) from None
                time.sleep(0.2)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
