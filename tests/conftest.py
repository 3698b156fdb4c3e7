"""Shared test fixtures and paths."""

from __future__ import annotations

from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"
"""Real files from other projects, read in place (the repository is cloned beside ``shared/``)."""
