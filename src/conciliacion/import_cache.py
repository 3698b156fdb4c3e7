"""Files already imported are not parsed again: their records are kept, signed, by content hash.

A practice of ten years has thousands of input files and a month's run reads them all; parsing them
is most of the run. What a file yields depends only on its bytes, its name in the practice, the
configuration and the program, so the result is kept under the SHA-256 of all four in
``.conciliacion/importados/`` of the practice, and a later run loads it instead of parsing.

The entries are pickles, signed with the user's own key (see :mod:`conciliacion.signing`): an
entry that does not verify is ignored and the file is parsed again. The cache only ever saves
time: any problem with it (no key, no space, a damaged entry) means parsing as if it were not
there.
"""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path
from typing import Final

from conciliacion.signing import code_digest, keep, kept, user_key

__all__ = ["CACHE_FOLDER", "ImportCache", "user_key"]

CACHE_FOLDER: Final = ".conciliacion/importados"
_CODE_PACKAGES: Final = ("conciliacion.importers", "conciliacion.model")


class ImportCache:
    """The imported files of one practice, by what they depend on.

    Args:
        root: the practice folder.
        config: the configuration file's bytes (profiles, insurers, accounts shape the records).
        key: the user's signing key; ``None`` disables the cache.
    """

    def __init__(self, root: Path, config: bytes, key: bytes | None) -> None:
        self._folder = root / CACHE_FOLDER
        self._config = hashlib.sha256(config).hexdigest()
        self._key = key
        self._used: set[str] = set()

    def _name(self, kind: str, relative: str, digest: str) -> str:
        parts = (kind, relative, digest, self._config, code_digest(*_CODE_PACKAGES))
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()

    def get(self, kind: str, relative: str, digest: str) -> object | None:
        """What the file yielded last time, or ``None``; ``digest`` is its bytes' SHA-256 (hex)."""
        if self._key is None:
            return None
        name = self._name(kind, relative, digest)
        self._used.add(name)
        return kept(self._key, self._folder / name)

    def put(self, kind: str, relative: str, digest: str, value: object) -> None:
        """Keep what the file yielded; a failure to keep it is not an error."""
        if self._key is None:
            return
        name = self._name(kind, relative, digest)
        self._used.add(name)
        keep(self._key, self._folder / name, value)

    def prune(self) -> None:
        """Delete the entries this run did not use: their files changed or are gone."""
        if self._key is None or not self._folder.is_dir():
            return
        for path in self._folder.iterdir():
            if path.is_file() and path.name not in self._used:
                with contextlib.suppress(OSError):
                    path.unlink()
