"""Insurers' settlements (liquidaciones): one row per settlement line, grouped into settlements.

A settlement is the rows of one file that share insurer and number. Its withholding is the sum of
the lines' ``retencion`` when the export states it, else the practice's rate times the gross,
rounded to the cent half up: the rule insurers apply to a self-employed physician's fees.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import attrs

from conciliacion.config import PracticeConfig
from conciliacion.errors import FormatError
from conciliacion.importers._insurers import insurer_of, known_insurers, unknown_insurer_incidents
from conciliacion.importers.columns import InputKind
from conciliacion.importers.input_profiles import InputProfile
from conciliacion.importers.tabular import Row, Table, read_table
from conciliacion.importers.tabular_detect import check_kind, choose_profile
from conciliacion.model import Incident, IncidentKind, Settlement, SettlementLine, Source
from conciliacion.money import CENT, ZERO

__all__ = ["SettlementImport", "merge_settlements", "read_settlements", "withholding_for"]


def _settlements(values: Iterable[Settlement]) -> tuple[Settlement, ...]:
    return tuple(values)


def _incidents(values: Iterable[Incident]) -> tuple[Incident, ...]:
    return tuple(values)


@attrs.frozen
class SettlementImport:
    """The settlements of one file (or of several, merged) and the incidents met.

    Attributes:
        settlements: in order of first appearance.
        incidents: unknown insurers, repeated downloads.
    """

    settlements: tuple[Settlement, ...] = attrs.field(converter=_settlements)
    incidents: tuple[Incident, ...] = attrs.field(default=(), converter=_incidents)


def withholding_for(lines: Sequence[SettlementLine], rate: Decimal) -> Decimal:
    """The settlement's withholding: stated per line, or ``rate`` times the gross.

    >>> line = SettlementLine("L1", "dkv", Decimal("10.30"), Source("liq.csv", 2), "P")
    >>> withholding_for([line], Decimal("0.15"))  # 1.545, half up
    Decimal('1.55')
    """
    stated = [line.withholding for line in lines if line.withholding is not None]
    if stated:
        return sum(stated, start=ZERO)
    gross = sum((line.amount for line in lines if not line.is_deduction), start=ZERO)
    return (gross * rate).quantize(CENT, rounding=ROUND_HALF_UP)


def _line(row: Row, table: Table, number: str, insurer: str) -> SettlementLine:
    patient = row.text("paciente")
    act_date = row.date("fecha_acto")
    if patient and act_date is None:
        raise row.error("fecha_acto", "una línea con paciente necesita la fecha del acto")
    amount = row.required_amount("importe")
    withholding = row.amount("retencion") if table.has("retencion") else None
    deduction = not patient and act_date is None
    return SettlementLine(
        settlement=number,
        insurer=insurer,
        amount=amount,
        source=Source(table.path, row.line, row.raw() if deduction else None),
        patient=patient,
        card=row.text("tarjeta"),
        act_date=act_date,
        act_code=row.text("codigo_acto"),
        authorisation=row.text("autorizacion") or None,
        withholding=withholding,
        concept=row.text("concepto"),
    )


def _check_withholding(path: str, lines: Sequence[SettlementLine]) -> None:
    """Withholding stated on some service lines but not others would make a wrong total."""
    service = [line for line in lines if not line.is_deduction]
    if any(line.withholding is not None for line in lines):
        for line in service:
            if line.withholding is None:
                msg = (
                    f"la liquidación {line.settlement} indica la retención en otras líneas "
                    "pero no en esta"
                )
                raise FormatError(path, line.source.line, "retencion", msg)


def read_settlements(
    path: str | Path,
    data: bytes,
    config: PracticeConfig,
    profile: InputProfile | None = None,
) -> SettlementImport:
    """Read one settlement export; FormatError naming file, line and column for bad rows."""
    kind = InputKind.SETTLEMENTS
    profile = check_kind(profile or choose_profile(path, data, config, kind), kind)
    table = read_table(path, data, profile)
    known = known_insurers(config)
    groups: dict[tuple[str, str], list[SettlementLine]] = defaultdict(list)
    dates: dict[tuple[str, str], tuple[dt.date, int]] = {}
    unknown: dict[str, list[int]] = defaultdict(list)
    for row in table.rows:
        number = row.text("liquidacion", required=True)
        insurer = insurer_of(row, table)
        settled = row.required_date("fecha_liquidacion")
        key = (insurer, number)
        first = dates.setdefault(key, (settled, row.line))
        if first[0] != settled:
            msg = (
                f"la liquidación {number} tiene fecha {first[0]:%d/%m/%Y} en la línea "
                f"{first[1]} y {settled:%d/%m/%Y} aquí"
            )
            raise row.error("fecha_liquidacion", msg)
        if insurer not in known:
            unknown[insurer].append(row.line)
        groups[key].append(_line(row, table, number, insurer))
    rate = config.practice.withholding_rate
    settlements = []
    for (insurer, number), lines in groups.items():
        _check_withholding(table.path, lines)
        settlements.append(
            Settlement.from_lines(
                number=number,
                insurer=insurer,
                date=dates[insurer, number][0],
                lines=lines,
                withholding=withholding_for(lines, rate),
                source=Source(table.path, lines[0].source.line),
            )
        )
    consequence = "la liquidación se lee, pero no se podrá puntear ni conciliar"
    return SettlementImport(
        settlements, unknown_insurer_incidents(table.path, unknown, consequence)
    )


def _content(settlement: Settlement) -> tuple[object, ...]:
    """What two downloads of the same settlement share: everything but where it was read."""
    lines = tuple(
        (
            line.patient,
            line.card,
            line.act_date,
            line.act_code,
            line.authorisation,
            line.amount,
            line.withholding,
            line.concept,
        )
        for line in settlement.lines
    )
    return (settlement.date, settlement.gross, settlement.withholding, settlement.net, lines)


def merge_settlements(imports: Iterable[SettlementImport]) -> SettlementImport:
    """Join the settlements of several files, keeping the first of a number seen twice.

    The same insurer and number in two files is a repeated download when the contents are equal,
    and a conflict a person must settle when they differ; either way an incident, never two
    settlements with one id.
    """
    kept: dict[str, Settlement] = {}
    incidents: list[Incident] = []
    for imported in imports:
        incidents.extend(imported.incidents)
        for settlement in imported.settlements:
            first = kept.setdefault(settlement.id, settlement)
            if first is settlement:
                continue
            where = f"{first.source.file} y {settlement.source.file}"
            if _content(first) == _content(settlement):
                what = "es la misma descarga repetida"
            else:
                what = "con contenido distinto: revise cuál es la buena y retire la otra"
            message = (
                f"la liquidación {settlement.number} de {settlement.insurer} está en {where}: "
                f"{what}; se usa la de {first.source.file}"
            )
            incidents.append(
                Incident(
                    kind=IncidentKind.DATA,
                    subject=f"{settlement.id}@{settlement.source.file}",
                    message=message,
                    source=settlement.source,
                )
            )
    return SettlementImport(kept.values(), incidents)
