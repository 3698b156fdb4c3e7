"""Writing a month of the ledger: its own file, the accounts file, and ``main.beancount`` once.

Layout under ``libro/``::

    main.beancount          the person's: created once, never rewritten (missing includes are
                            appended at the end, nothing else is touched)
    cuentas.beancount       generated: one ``open`` per account, dated from its first use
    AAAA/AAAA-MM.beancount  generated: one month, replaced whole on every run

Each monthly file starts with a header that lists the accounts it uses (with the first date) and
the bank accounts whose statements it holds, so that the accounts file and the opening entries
can be derived from the files on disk without parsing a million entries. Everything is written
atomically and, when the check fails, put back as it was.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Final

from beancount.core import account as bc_account
from beancount.core import data

from conciliacion._gc import collector_paused
from conciliacion.errors import ConciliacionError
from conciliacion.files import atomic_write_pieces, atomic_write_text
from conciliacion.ledger._format import quote
from conciliacion.ledger._render import render
from conciliacion.ledger.accounts import ROOTS
from conciliacion.ledger.bookings import MonthBooks
from conciliacion.ledger.check import require_valid
from conciliacion.ledger.entries import iter_entries

__all__ = ["ACCOUNTS_FILE", "EXTENSION", "MAIN_FILE", "month_path", "write_month"]

MAIN_FILE: Final = "main.beancount"
ACCOUNTS_FILE: Final = "cuentas.beancount"
EXTENSION: Final = "conciliacion.ledger.fava_extension"
MONTHS_GLOB: Final = "[0-9][0-9][0-9][0-9]/[0-9][0-9][0-9][0-9]-[0-9][0-9].beancount"

_FIRST_LINE: Final = (
    "; Libro de {month} generado por conciliacion: no lo edite, se reescribe entero."
)
_USES = re.compile(r"; cuenta (\d{4}-\d{2}-\d{2}) (\S+)")
_BANKS = re.compile(r"; extractos (\S+)")
_MONTH_FILE = re.compile(r"(\d{4})-(\d{2})\.beancount")


def month_path(ledger_dir: Path, month: str) -> Path:
    """``libro/AAAA/AAAA-MM.beancount``."""
    return ledger_dir / month[:4] / f"{month}.beancount"


def _month_files(ledger_dir: Path) -> Iterator[tuple[str, Path]]:
    for year in sorted(ledger_dir.glob("[0-9][0-9][0-9][0-9]")):
        for path in sorted(year.glob("*.beancount")):
            if _MONTH_FILE.fullmatch(path.name) and path.name.startswith(year.name):
                yield path.stem, path


def _header(path: Path) -> tuple[dict[str, dt.date], set[str]]:
    """The accounts (with first use) and statement IBANs a generated monthly file declares."""
    uses: dict[str, dt.date] = {}
    banks: set[str] = set()
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.startswith(";"):
                break
            if found := _USES.fullmatch(line.rstrip("\n")):
                uses[found[2]] = dt.date.fromisoformat(found[1])
            elif found := _BANKS.fullmatch(line.rstrip("\n")):
                banks.update(found[1].split(","))
    return uses, banks


def _month_pieces(books: MonthBooks, texts: list[str], uses: dict[str, dt.date]) -> list[str]:
    """The monthly file's text in pieces, its header first, never joined (half a gigabyte)."""
    head = [_FIRST_LINE.format(month=books.month)]
    head += [f"; cuenta {date.isoformat()} {name}" for name, date in sorted(uses.items())]
    banks = sorted({s.account for s in books.statements})
    if banks:
        head.append(f"; extractos {','.join(banks)}")
    head += ["", *_root_options()]
    return ["\n".join(head) + "\n\n", *texts]


def _root_options() -> list[str]:
    """Beancount parses each included file with its own options: the roots go in every file."""
    return [f"option {quote(key)} {quote(value)}" for key, value in ROOTS.items()]


def _accounts_text(uses: dict[str, dt.date]) -> str:
    lines = [
        "; Generado por conciliacion: una cuenta por línea, abierta el día de su primer uso.",
        "",
        *_root_options(),
        "",
    ]
    lines += [f"{date.isoformat()} open {name} EUR" for name, date in sorted(uses.items())]
    return "\n".join(lines) + "\n"


def _main_text(books: MonthBooks) -> str:
    practice = books.config.practice
    lines = [
        f"; Libro de {practice.name} ({practice.nif}).",
        "; Este fichero es suyo: conciliacion lo crea una vez y no lo reescribe nunca.",
        "; Los ficheros AAAA/AAAA-MM.beancount y cuentas.beancount sí se regeneran: no los",
        "; edite; ponga sus asientos propios aquí o en ficheros que incluya desde aquí.",
        f"option {quote('title')} {quote(practice.name)}",
        f"option {quote('operating_currency')} {quote('EUR')}",
        *_root_options(),
        "",
        f"{books.month}-01 custom {quote('fava-extension')} {quote(EXTENSION)}",
        "",
    ]
    return "\n".join(lines) + "\n" + "\n".join(_includes()) + "\n"


def _includes() -> list[str]:
    return [f"include {quote(ACCOUNTS_FILE)}", f"include {quote(MONTHS_GLOB)}"]


def _main_with_includes(text: str) -> str:
    """The person's main file with any missing include appended; the rest left byte for byte."""
    missing = [line for line in _includes() if line not in text.splitlines()]
    if not missing:
        return text
    separator = "" if text.endswith("\n") or not text else "\n"
    return text + separator + "\n".join(missing) + "\n"


def _check_documents(path: Path, documents: Iterable[data.Document]) -> None:
    for entry in documents:
        if not Path(os.path.normpath(path.parent / entry.filename)).exists():
            msg = f"{entry.filename}: el documento no existe (visto desde {path.parent})"
            raise ConciliacionError(msg)


def _check_accounts(uses: Iterable[str]) -> None:
    for name in uses:
        if not bc_account.is_valid(name):
            msg = f"nombre de cuenta no válido para Beancount: {name}"
            raise ConciliacionError(msg)


def write_month(ledger_dir: Path, books: MonthBooks, *, check: bool = True) -> Path:
    """Write (or replace) one month of the ledger and return the monthly file's path.

    Everything that could make the ledger wrong is refused before writing; if the check of the
    whole ledger (``bean-check``'s) still fails, the files are put back as they were and the
    errors are raised as a :class:`ConciliacionError`.
    """
    with collector_paused():
        return _write_month(ledger_dir, books, check=check)


def _write_month(ledger_dir: Path, books: MonthBooks, *, check: bool) -> Path:
    path = month_path(ledger_dir, books.month)
    others = [(m, p) for m, p in _month_files(ledger_dir) if m != books.month]
    earlier_banks: set[str] = set()
    all_uses: dict[str, dt.date] = {}
    for other_month, other in others:
        uses, banks = _header(other)
        if other_month < books.month:
            earlier_banks |= banks
        _merge_uses(all_uses, uses)
    first = {s.account for s in books.statements} - earlier_banks
    texts, uses, documents = render(iter_entries(books, first))
    _check_accounts(uses)
    _check_documents(path, documents)
    _merge_uses(all_uses, uses)

    main = ledger_dir / MAIN_FILE
    accounts = ledger_dir / ACCOUNTS_FILE
    before = {p: p.read_bytes() if p.exists() else None for p in (path, main, accounts)}
    main_text = _main_with_includes(main.read_text("utf-8")) if main.exists() else _main_text(books)
    # Accounts before the month, so that a process killed between the two never leaves a month
    # using an account that no file opens: first the accounts both the old and the new month use,
    # then the month, then the accounts the new one alone needs (the same file, most runs).
    bridge = dict(all_uses)
    if before[path] is not None:
        _merge_uses(bridge, _header(path)[0])
    try:
        atomic_write_text(accounts, _accounts_text(bridge))
        atomic_write_pieces(path, _month_pieces(books, texts, uses))
        if bridge != all_uses:
            atomic_write_text(accounts, _accounts_text(all_uses))
        if before[main] is None or main_text.encode("utf-8") != before[main]:
            atomic_write_text(main, main_text)
        if check:
            require_valid(main)
    except BaseException:
        _restore(before)
        raise
    return path


def _merge_uses(into: dict[str, dt.date], uses: dict[str, dt.date]) -> None:
    """An account opens on its earliest use in any month."""
    for name, date in uses.items():
        into[name] = min(date, into.get(name, date))


def _restore(before: dict[Path, bytes | None]) -> None:
    from conciliacion.files import atomic_write_bytes  # noqa: PLC0415 - only on failure

    for target, content in before.items():
        if content is None:
            target.unlink(missing_ok=True)
        else:
            atomic_write_bytes(target, content)
