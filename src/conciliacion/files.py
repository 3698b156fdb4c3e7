"""Writing outputs so that a failed or killed run never leaves a half-written file behind."""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, Final

__all__ = [
    "atomic_write_bytes",
    "atomic_write_pieces",
    "atomic_write_text",
    "remove_stale_temporaries",
    "restored_on_failure",
    "sha256_file",
]

_BATCH: Final = 1024
"""Pieces joined and encoded at a time by :func:`atomic_write_pieces`: about half a megabyte of
ledger text, large enough that the per-batch calls do not count, small enough to stay in cache."""


def atomic_write_bytes(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Replace ``path`` with ``data`` in one step: readers see the old file or the new, never a mix.

    The data goes to a temporary file in the same folder (so the rename stays on one file system),
    is flushed to disk, and is renamed over the target. The file gets the permissions of the file
    it replaces, or the usual ones for a new file (the temporary file's private 0600 would hide the
    outputs from the other people of the firm). ``durable=False`` skips the flush to disk, for
    files that only save time (a crash may then lose the file, never leave half of it).
    """
    with _replacing(path, durable=durable) as handle:
        handle.write(data)


@contextlib.contextmanager
def _replacing(path: Path, *, durable: bool) -> Iterator[BinaryIO]:
    """A temporary file beside ``path`` to write into, renamed over it when the block succeeds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = _mode_for(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            if durable:
                os.fsync(handle.fileno())
        tmp.replace(path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask


def atomic_write_text(path: Path, text: str) -> None:
    """:func:`atomic_write_bytes` for UTF-8 text, line ends as given on every system."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_pieces(path: Path, pieces: Iterable[str]) -> None:
    """:func:`atomic_write_text` for text given in pieces, encoded a batch of them at a time.

    A month of a million ledger entries is half a gigabyte of text: joined and then encoded it
    would be held three times over (pieces, text, bytes) and every byte copied twice more; written
    a batch at a time it is held once, and the batches' encoding stays in the processor's cache.
    """
    chunks = iter(pieces)
    with _replacing(path, durable=True) as handle:
        while batch := list(itertools.islice(chunks, _BATCH)):
            handle.write("".join(batch).encode("utf-8"))


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file's content: how the program recognises a file it has already seen."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _files_under(folders: Iterable[Path]) -> dict[Path, bytes]:
    return {
        path: path.read_bytes()
        for folder in folders
        if folder.is_dir()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.endswith(".tmp")
    }


@contextlib.contextmanager
def restored_on_failure(folders: Iterable[Path]) -> Iterator[None]:
    """Put ``folders`` back as they were if the block fails: one run writes many files.

    Each file is already written atomically; this makes the set of them all-or-nothing for the
    failures a program can see (an error, an interrupt): the files the block changed get their
    old content back and the ones it created are removed. A killed process cannot restore, and
    then each file is still whole, old or new.
    """
    folders = list(folders)
    before = _files_under(folders)
    try:
        yield
    except BaseException:
        after = _files_under(folders)
        for path in after.keys() - before.keys():
            path.unlink(missing_ok=True)
        for path, content in before.items():
            if after.get(path) != content:
                atomic_write_bytes(path, content)
        raise


def remove_stale_temporaries(folders: Iterable[Path]) -> int:
    """Delete the temporary files a killed run left in ``folders``; return how many.

    Only :func:`atomic_write_bytes`'s own names (``.<name>.<random>.tmp``) are touched, and only
    by a run that holds the practice's lock, so no other run can be writing them.
    """
    removed = 0
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in folder.rglob(".*.tmp"):
            if path.is_file():
                path.unlink(missing_ok=True)
                removed += 1
    return removed
