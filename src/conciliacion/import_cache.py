"""Files already imported are not parsed again: their records are kept, signed, by content hash.

A practice of ten years has thousands of input files and a month's run reads them all; parsing them
is most of the run. What a file yields depends only on its bytes, its name in the practice, the
configuration and the program, so the result is kept under the SHA-256 of all four in
``.conciliacion/importados/`` of the practice, and a later run loads it instead of parsing.

The entries are pickles, and loading a pickle runs code: a file planted in a shared practice folder
must not run anything. Every entry carries an HMAC-SHA256 made with a key that only the user can
read (``~/.config/conciliacion/clave-importados``, mode 0600); an entry that does not verify (made
by someone else, altered, truncated) is ignored and the file is parsed again. The cache only ever
saves time: any problem with it (no key, no space, a damaged entry) means parsing as if it were not
there.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import logging
import os
import pickle
import secrets
from importlib import resources
from pathlib import Path
from typing import Final

from conciliacion import __version__
from conciliacion.files import atomic_write_bytes

__all__ = ["CACHE_FOLDER", "ImportCache", "user_key"]

logger = logging.getLogger(__name__)

CACHE_FOLDER: Final = ".conciliacion/importados"
_KEY_FILE: Final = "clave-importados"
_KEY_BYTES: Final = 32
_MAC_BYTES: Final = 32
_CODE_PACKAGES: Final = ("conciliacion.importers", "conciliacion.model")


def _config_home() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME")
    return Path(base) if base else Path.home() / ".config"


def user_key(folder: Path | None = None) -> bytes | None:
    """The user's signing key, created on first use; ``None`` when it cannot be had."""
    path = (folder or _config_home() / "conciliacion") / _KEY_FILE
    try:
        if path.is_file():
            key = path.read_bytes()
            return key if len(key) == _KEY_BYTES else None
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        key = secrets.token_bytes(_KEY_BYTES)
        with os.fdopen(fd, "wb") as handle:
            handle.write(key)
    except OSError as error:
        logger.info("sin clave para los importados (%s): se leerá todo", error)
        return None
    return key


@functools.cache
def _code_version() -> str:
    """The importers' and the model's source: a change in either makes every entry stale."""
    digest = hashlib.sha256(__version__.encode())
    for package in _CODE_PACKAGES:
        folder = Path(str(resources.files(package)))
        for path in sorted(folder.rglob("*.py")):
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


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

    def _name(self, kind: str, relative: str, data: bytes) -> str:
        parts = (kind, relative, hashlib.sha256(data).hexdigest(), self._config, _code_version())
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()

    def get(self, kind: str, relative: str, data: bytes) -> object | None:
        """What the file yielded last time, or ``None``."""
        if self._key is None:
            return None
        name = self._name(kind, relative, data)
        self._used.add(name)
        try:
            blob = (self._folder / name).read_bytes()
        except OSError:
            return None
        mac, payload = blob[:_MAC_BYTES], blob[_MAC_BYTES:]
        if not hmac.compare_digest(mac, hmac.digest(self._key, payload, "sha256")):
            logger.info("%s: entrada de importados no verificada; se lee el fichero", relative)
            return None
        try:
            value: object = pickle.loads(payload)  # noqa: S301 - signed with the user's own key
        except Exception:  # noqa: BLE001 - a stale entry is only a missed shortcut
            return None
        return value

    def put(self, kind: str, relative: str, data: bytes, value: object) -> None:
        """Keep what the file yielded; a failure to keep it is not an error."""
        if self._key is None:
            return
        name = self._name(kind, relative, data)
        self._used.add(name)
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        with contextlib.suppress(OSError):
            atomic_write_bytes(
                self._folder / name, hmac.digest(self._key, payload, "sha256") + payload
            )

    def prune(self) -> None:
        """Delete the entries this run did not use: their files changed or are gone."""
        if self._key is None or not self._folder.is_dir():
            return
        for path in self._folder.iterdir():
            if path.is_file() and path.name not in self._used:
                with contextlib.suppress(OSError):
                    path.unlink()
