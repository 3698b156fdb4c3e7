"""A practice on disk: its folder layout, and creating a new one.

The layout is a contract with the user, who drops files into ``entrada/`` by hand and opens
``salida/`` and ``libro/`` in other programs; it is spelled out once, here.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from typing import Final

import attrs

from conciliacion.config import CONFIG_FILE, PracticeConfig, load_config
from conciliacion.errors import ConciliacionError

__all__ = ["INPUT_KINDS", "Practice", "init_practice", "parse_month"]

INPUT_KINDS: Final = ("banco", "liquidaciones", "actividad", "facturas", "baremos")
"""The subfolders of ``entrada/``, one per kind of input."""

_MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")


def parse_month(text: str) -> tuple[int, int]:
    """Year and month of ``AAAA-MM``.

    >>> parse_month("2026-10")
    (2026, 10)
    """
    match = _MONTH.fullmatch(text.strip())
    if match is None:
        msg = f"mes no válido: {text!r} (se esperaba AAAA-MM, como 2026-10)"
        raise ConciliacionError(msg)
    return int(match[1]), int(match[2])


@attrs.frozen
class Practice:
    """The folder of one practice and where each thing lives in it."""

    root: Path = attrs.field(converter=Path)

    @property
    def config_path(self) -> Path:
        """The configuration file."""
        return self.root / CONFIG_FILE

    @property
    def db_path(self) -> Path:
        """The event store (claims and decisions)."""
        return self.root / "conciliacion.db"

    @property
    def ledger_dir(self) -> Path:
        """The Beancount ledger."""
        return self.root / "libro"

    def input_dir(self, kind: str) -> Path:
        """The folder where the user drops inputs of ``kind`` (one of :data:`INPUT_KINDS`)."""
        if kind not in INPUT_KINDS:
            msg = f"tipo de entrada desconocido: {kind}"
            raise ValueError(msg)
        return self.root / "entrada" / kind

    def output_dir(self, month: str) -> Path:
        """The folder of one month's outputs (``salida/AAAA-MM``)."""
        year, number = parse_month(month)
        return self.root / "salida" / f"{year:04d}-{number:02d}"

    def input_files(self, kind: str) -> list[Path]:
        """The files of ``kind``, sorted by name; hidden and temporary files are left out."""
        folder = self.input_dir(kind)
        if not folder.is_dir():
            return []
        return sorted(
            path
            for path in folder.rglob("*")
            if path.is_file() and not path.name.startswith((".", "~"))
        )

    def relative(self, path: Path) -> str:
        """``path`` as the user sees it: relative to the practice when inside it."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)

    def load_config(self) -> PracticeConfig:
        """Read and check the practice's configuration."""
        return load_config(self.config_path)

    def make_folders(self) -> None:
        """Create the input, ledger and output folders that do not exist yet."""
        for kind in INPUT_KINDS:
            self.input_dir(kind).mkdir(parents=True, exist_ok=True)
        self.ledger_dir.mkdir(parents=True, exist_ok=True)
        (self.root / "salida").mkdir(parents=True, exist_ok=True)


def example_config() -> str:
    """The commented example configuration that ``conciliar init`` writes."""
    return resources.files("conciliacion").joinpath("plantilla.toml").read_text(encoding="utf-8")


def init_practice(root: Path) -> Practice:
    """Create a new practice: the folders and a commented example configuration.

    Refuses to overwrite an existing configuration: it holds a person's work.
    """
    practice = Practice(root)
    if practice.config_path.exists():
        msg = f"{practice.config_path} ya existe; no se sobrescribe"
        raise ConciliacionError(msg)
    practice.make_folders()
    practice.config_path.write_text(example_config(), encoding="utf-8")
    return practice
