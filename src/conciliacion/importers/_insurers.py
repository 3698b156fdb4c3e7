"""Insurer ids in tabular inputs: read from the row or the profile, and unknown ones reported.

An id the configuration lacks is a typo or a new insurer: a person must decide, so it becomes one
incident per id and file (not one per row, which would bury the weekly review), never a crash.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from conciliacion.config import PracticeConfig
from conciliacion.importers.tabular import Row, Table
from conciliacion.model import PRIVATE, Incident, IncidentKind, Source

__all__ = ["insurer_of", "known_insurers", "unknown_insurer_incidents"]

_SHOWN_LINES = 5


def known_insurers(config: PracticeConfig) -> frozenset[str]:
    """The configured insurer ids plus ``particular``."""
    return frozenset(insurer.id for insurer in config.insurers) | {PRIVATE}


def insurer_of(row: Row, table: Table) -> str:
    """The row's insurer id (lower case), or the profile's when the export is one insurer's."""
    if table.profile.insurer is not None:
        return table.profile.insurer
    return row.text("aseguradora", required=True).lower()


def unknown_insurer_incidents(
    path: str, lines: Mapping[str, Sequence[int]], consequence: str
) -> tuple[Incident, ...]:
    """One incident per unknown insurer id of one file, naming the lines where it appears."""
    incidents = []
    for insurer, where in lines.items():
        shown = ", ".join(str(line) for line in where[:_SHOWN_LINES])
        more = "…" if len(where) > _SHOWN_LINES else ""
        message = (
            f"aseguradora desconocida «{insurer}» en {len(where)} fila(s) (líneas {shown}{more}): "
            f"añádala a [[aseguradoras]] de conciliacion.toml o corrija el id; {consequence}"
        )
        incidents.append(
            Incident(
                kind=IncidentKind.UNKNOWN_INSURER,
                subject=f"{path}#{insurer}",
                message=message,
                source=Source(file=path, line=where[0]),
            )
        )
    return tuple(incidents)
