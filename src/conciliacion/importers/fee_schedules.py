"""Fee schedules (baremos): the agreed price of each act code per insurer and date range.

Two prices in force on the same day for one insurer and code would make every valuation a guess,
so overlapping ranges are a format error naming both lines. Rows of an insurer the configuration
lacks are left out (a price nobody can apply) and reported as one incident per insurer id.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Final

import attrs

from conciliacion.config import PracticeConfig
from conciliacion.errors import FormatError
from conciliacion.importers._insurers import insurer_of, known_insurers, unknown_insurer_incidents
from conciliacion.importers.columns import InputKind
from conciliacion.importers.input_profiles import InputProfile
from conciliacion.importers.tabular import Row, Table, read_table
from conciliacion.importers.tabular_detect import check_kind, choose_profile
from conciliacion.model import FeeScheduleEntry, Incident, Source

__all__ = ["FeeScheduleImport", "check_overlaps", "fee_for", "read_fee_schedules"]

_YES: Final = frozenset({"si", "sí", "s"})
_NO: Final = frozenset({"no", "n"})


def _entries(values: Iterable[FeeScheduleEntry]) -> tuple[FeeScheduleEntry, ...]:
    return tuple(values)


def _incidents(values: Iterable[Incident]) -> tuple[Incident, ...]:
    return tuple(values)


@attrs.frozen
class FeeScheduleImport:
    """The fee-schedule entries of one file and the incidents met.

    Attributes:
        entries: in file order, without the rows of unknown insurers.
        incidents: one per unknown insurer id.
    """

    entries: tuple[FeeScheduleEntry, ...] = attrs.field(converter=_entries)
    incidents: tuple[Incident, ...] = attrs.field(default=(), converter=_incidents)


def fee_for(
    entries: Iterable[FeeScheduleEntry], insurer: str, act_code: str, day: dt.date
) -> FeeScheduleEntry | None:
    """The entry in force on ``day`` for ``insurer`` and ``act_code``, or ``None``.

    >>> day = dt.date(2024, 1, 1)
    >>> entry = FeeScheduleEntry("dkv", "C1", "Consulta", "30.00", day, Source("b", 2))
    >>> fee_for([entry], "dkv", "C1", dt.date(2024, 5, 1)).price
    Decimal('30.00')
    >>> fee_for([entry], "dkv", "C1", dt.date(2023, 12, 31)) is None
    True
    """
    for entry in entries:
        if entry.insurer == insurer and entry.act_code == act_code and entry.applies_on(day):
            return entry
    return None


def check_overlaps(entries: Iterable[FeeScheduleEntry]) -> None:
    """FormatError at the later of two entries of one insurer and code whose ranges overlap."""
    groups: dict[tuple[str, str], list[FeeScheduleEntry]] = defaultdict(list)
    for entry in entries:
        groups[entry.insurer, entry.act_code].append(entry)
    for group in groups.values():
        ordered = sorted(group, key=lambda e: (e.valid_from, e.source.file, e.source.line))
        for previous, entry in itertools.pairwise(ordered):
            if previous.valid_to is None or previous.valid_to >= entry.valid_from:
                where = f"la línea {previous.source.line}"
                if previous.source.file != entry.source.file:
                    where += f" de {previous.source.file}"
                msg = (
                    f"el precio de {entry.insurer} para el acto {entry.act_code} se solapa con "
                    f"el de {where}: cierre el anterior con «hasta» antes del nuevo «desde»"
                )
                raise FormatError(entry.source.file, entry.source.line, "desde", msg)


def _requires_authorisation(row: Row) -> bool:
    text = row.text("requiere_autorizacion").lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise row.error("requiere_autorizacion", f"se esperaba «si» o «no», no {text!r}")


def _entry(row: Row, table: Table, insurer: str) -> FeeScheduleEntry:
    price = row.required_amount("importe")
    if price < 0:
        raise row.error("importe", f"el precio no puede ser negativo ({price})")
    valid_from = row.required_date("desde")
    valid_to = row.date("hasta")
    if valid_to is not None and valid_to < valid_from:
        msg = f"«hasta» ({valid_to:%d/%m/%Y}) es anterior a «desde» ({valid_from:%d/%m/%Y})"
        raise row.error("hasta", msg)
    return FeeScheduleEntry(
        insurer=insurer,
        act_code=row.text("codigo_acto", required=True),
        act=row.text("acto"),
        price=price,
        valid_from=valid_from,
        source=Source(table.path, row.line, row.raw()),
        valid_to=valid_to,
        requires_authorisation=_requires_authorisation(row),
    )


def read_fee_schedules(
    path: str | Path,
    data: bytes,
    config: PracticeConfig,
    profile: InputProfile | None = None,
) -> FeeScheduleImport:
    """Read one fee-schedule file; FormatError naming file, line and column for bad rows."""
    kind = InputKind.FEE_SCHEDULES
    profile = check_kind(profile or choose_profile(path, data, config, kind), kind)
    table = read_table(path, data, profile)
    known = known_insurers(config)
    entries: list[FeeScheduleEntry] = []
    unknown: dict[str, list[int]] = defaultdict(list)
    for row in table.rows:
        entry = _entry(row, table, insurer_of(row, table))
        if entry.insurer in known:
            entries.append(entry)
        else:
            unknown[entry.insurer].append(row.line)
    check_overlaps(entries)
    consequence = "estas líneas del baremo no se han usado"
    return FeeScheduleImport(entries, unknown_insurer_incidents(table.path, unknown, consequence))
