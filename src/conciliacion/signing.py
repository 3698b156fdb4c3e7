"""What the program keeps inside a practice to save work is signed with a key only the user has.

Kept results are pickles (the import cache, the figures of past months), and loading a pickle runs
code: a file planted in a shared practice folder must not run anything. Each kept blob carries an
HMAC-SHA256 made with a key that only the user can read (``~/.config/conciliacion/
clave-importados``, mode 0600); a blob that does not verify (made by someone else, altered,
truncated) is ignored, and the work is done again.

Kept results are also only valid for the program that made them: :func:`code_digest` hashes the
source of the packages a result depends on, and the keepers put it into their keys.
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
from conciliacion._gc import collector_paused
from conciliacion.files import atomic_write_bytes

__all__ = ["code_digest", "keep", "kept", "seal", "unseal", "user_key"]

logger = logging.getLogger(__name__)

_KEY_FILE: Final = "clave-importados"
_KEY_BYTES: Final = 32
_MAC_BYTES: Final = 32


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
        logger.info("sin clave para guardar resultados (%s): se calculará todo", error)
        return None
    return key


def seal(key: bytes, payload: bytes) -> bytes:
    """``payload`` with its signature in front, as it is kept on disk."""
    return hmac.digest(key, payload, "sha256") + payload


def unseal(key: bytes, blob: bytes) -> bytes | None:
    """The payload of a sealed blob, or ``None`` when the signature is not the user's."""
    mac, payload = blob[:_MAC_BYTES], blob[_MAC_BYTES:]
    if len(mac) < _MAC_BYTES or not hmac.compare_digest(mac, hmac.digest(key, payload, "sha256")):
        return None
    return payload


def kept(key: bytes, path: Path) -> object | None:
    """The value kept at ``path`` with the user's ``key``; ``None`` if absent, foreign or stale."""
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    payload = unseal(key, blob)
    if payload is None:
        logger.info("%s: no está firmado con la clave del usuario; se calcula de nuevo", path.name)
        return None
    try:
        # Hundreds of thousands of values without a cycle: the collector would only slow it down.
        with collector_paused(keep=True):
            value: object = pickle.loads(payload)  # noqa: S301 - signed with the user's own key
    except Exception:  # noqa: BLE001 - a stale entry is only a missed shortcut
        return None
    return value


def keep(key: bytes, path: Path, value: object) -> None:
    """Keep ``value`` at ``path``, signed; a failure to keep it is not an error.

    What is kept only saves time, so it is not flushed to disk: a first run of a large practice
    keeps a file per input (two thousand), and flushing each took three seconds. A crash may lose
    one or leave it empty; its signature then fails and it is computed again.
    """
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    with contextlib.suppress(OSError):
        atomic_write_bytes(path, seal(key, payload), durable=False)


@functools.cache
def code_digest(*packages: str) -> str:
    """The source of ``packages`` and the version: a change in either makes a kept result stale."""
    digest = hashlib.sha256(__version__.encode())
    for package in packages:
        folder = Path(str(resources.files(package)))
        for path in sorted(folder.rglob("*.py")):
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()
