"""Recognising an activity, settlement, fee-schedule or invoice file by its header row.

Files in ``entrada/`` may have any name, so the kind and the profile come from the content: the
profile whose header the file has. Only the first rows are read, because every file is tried.
"""

from __future__ import annotations

import codecs
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from conciliacion.config import PracticeConfig
from conciliacion.errors import FormatError
from conciliacion.importers.columns import InputKind
from conciliacion.importers.input_profiles import (
    InputProfile,
    available_profiles,
    generic_profile,
)
from conciliacion.importers.tabular import Cell, csv_rows, header_positions, is_xlsx, xlsx_rows

__all__ = ["check_kind", "choose_profile", "detect_input_kind"]

_HEAD_BYTES: Final = 65536


def _csv_header(data: bytes, profile: InputProfile) -> Sequence[Cell] | None:
    encoding = profile.encoding
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    try:
        text = codecs.getincrementaldecoder(encoding)().decode(data[:_HEAD_BYTES], final=False)
        for line, cells in csv_rows("", text, profile.delimiter):
            if line == profile.header_row:
                return cells
    except (UnicodeDecodeError, FormatError):
        return None
    return None


def detect_input_kind(
    path: str | Path, data: bytes, profiles: Sequence[InputProfile]
) -> tuple[InputKind, InputProfile] | None:
    """The kind and profile whose header the file has, by content; ``None`` if none fits.

    Where several profiles fit, the one that recognises most columns wins, and among equals the
    first given (the user's profiles come before the bundled ones).
    """
    xlsx: list[tuple[int, Sequence[Cell]]] | None = None
    if is_xlsx(data):
        limit = max((profile.header_row for profile in profiles), default=1)
        try:
            xlsx = xlsx_rows(str(path), data, limit)
        except FormatError:
            return None
    best: tuple[int, InputProfile] | None = None
    for profile in profiles:
        if xlsx is not None:
            rows = [cells for line, cells in xlsx if line == profile.header_row]
            header = rows[0] if rows else None
        else:
            header = _csv_header(data, profile)
        if header is None:
            continue
        try:
            positions = header_positions(str(path), profile.header_row, header, profile)
        except FormatError:
            continue
        if best is None or len(positions) > best[0]:
            best = (len(positions), profile)
    return None if best is None else (best[1].kind, best[1])


def choose_profile(
    path: str | Path, data: bytes, config: PracticeConfig, kind: InputKind
) -> InputProfile:
    """The profile of ``kind`` the file's header fits, else the generic one.

    Falling back to the generic profile is what makes a file that fits no profile fail with the
    generic contract's message: the columns it lacks, by name.
    """
    detected = detect_input_kind(path, data, available_profiles(config, kind))
    return generic_profile(kind) if detected is None else detected[1]


def check_kind(profile: InputProfile, kind: InputKind) -> InputProfile:
    """Refuse a profile of another kind: reading settlements as activity would be silently wrong."""
    if profile.kind is not kind:
        msg = f"el perfil «{profile.name}» es de {profile.kind}, no de {kind}"
        raise ValueError(msg)
    return profile
