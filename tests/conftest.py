"""Shared test fixtures and paths."""

from __future__ import annotations

from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"
"""Real files from other projects, read in place (the repository is cloned beside ``shared/``)."""


def pytest_configure(config) -> None:  # noqa: ARG001 - pytest's hook signature
    """The user's configuration folder (the import cache's key) is a temporary one in tests."""
    import os  # noqa: PLC0415
    import tempfile  # noqa: PLC0415

    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="conciliacion-config-")
