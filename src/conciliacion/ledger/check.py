"""Checking a ledger the way ``bean-check`` does, with its errors as ours.

Beancount returns its errors as values with their source; here they become one line each
(``file:line message``, as ``bean-check`` prints them) and, where the caller wants it, one
:class:`ConciliacionError` naming the first few.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

from beancount import loader

from conciliacion._gc import collector_paused
from conciliacion.errors import ConciliacionError

__all__ = ["format_error", "ledger_errors", "load_ledger", "require_valid"]

_SHOWN: Final = 5


def format_error(error: Any) -> str:  # noqa: ANN401 - beancount's error tuples are untyped
    """One of beancount's errors as ``file:line message``."""
    meta = getattr(error, "source", None) or {}
    where = f"{meta.get('filename', '?')}:{meta.get('lineno', '?')}"
    return f"{where}: {error.message}"


def load_ledger(main: Path) -> tuple[list[Any], list[Any], dict[str, Any]]:
    """Entries, errors and options of a ledger, through beancount's own loader."""
    if not main.exists():
        msg = f"{main}: no existe el libro"
        raise ConciliacionError(msg)
    entries, errors, options = loader.load_file(str(main))
    return list(entries), list(errors), dict(options)


def ledger_errors(main: Path) -> list[str]:
    """Every error ``bean-check`` would report on the ledger, one line each.

    The entries are only looked at for their errors and then dropped: collecting cycles among
    them while they are built (a million for ten years of books) is time lost; see
    :mod:`conciliacion._gc`.
    """
    with collector_paused():
        _entries, errors, _options = load_ledger(main)
    return [format_error(error) for error in errors]


def require_valid(main: Path) -> None:
    """A :class:`ConciliacionError` naming the first errors when the ledger does not check."""
    errors = ledger_errors(main)
    if errors:
        shown = "; ".join(errors[:_SHOWN])
        more = f" (y {len(errors) - _SHOWN} más)" if len(errors) > _SHOWN else ""
        msg = f"el libro {main} no pasa bean-check: {shown}{more}"
        raise ConciliacionError(msg)
