"""Shared test fixtures and paths."""

from __future__ import annotations

from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"
"""Real files from other projects, read in place (the repository is cloned beside ``shared/``)."""


def pytest_configure(config) -> None:
    """The user's configuration folder (the import cache's key) is a temporary one in tests.

    It is removed when the session ends, so that test runs do not pile folders up in /tmp.
    """
    import os  # noqa: PLC0415
    import tempfile  # noqa: PLC0415

    folder = tempfile.TemporaryDirectory(prefix="conciliacion-config-")
    config.add_cleanup(folder.cleanup)
    os.environ["XDG_CONFIG_HOME"] = folder.name
