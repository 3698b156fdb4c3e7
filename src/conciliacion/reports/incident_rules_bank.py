"""Incident rules that look at the bank: statements, movements, settlements' transfers.

See :mod:`conciliacion.reports.incident_rules`: the same ids as the bank reconciliation's own
incidents, no patient names in messages (the bank's concept travels apart, as ``detail``).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Sequence
from typing import Final

from conciliacion.model import Incident, IncidentKind, MatchStatus, ReviewStatus
from conciliacion.reports.facts import ServiceFact, missing_transfers, total
from conciliacion.reports.formatting import euros, short_date
from conciliacion.reports.incident_item import WeeklyItem, make_item
from conciliacion.reports.report_inputs import ReportInputs

__all__ = [
    "SETTLEMENT_GRACE_DAYS",
    "STATEMENT_GRACE_DAYS",
    "bank_items",
    "settlement_items",
    "statement_items",
]

STATEMENT_GRACE_DAYS: Final = 7
"""Days a statement may lag behind the review's date before it is chased."""

SETTLEMENT_GRACE_DAYS: Final = 7
"""Days a settlement may be late on its insurer's usual rhythm before it is chased."""

_USUAL_INTERVAL: Final = 31
"""Days between settlements of an insurer with only one on record: monthly."""

_SHORTEST_INTERVAL: Final = 28
"""Insurers settle monthly; two settlements close together do not make a weekly rhythm."""


def statement_items(data: ReportInputs, as_of: dt.date) -> list[WeeklyItem]:
    """Statements missing between two others, and accounts whose statements lag behind."""
    items = []
    for gap in data.gaps:
        subject = f"{gap.account}|{gap.previous_end}|{gap.next_start}"
        first, last = gap.previous_end + dt.timedelta(days=1), gap.next_start
        message = (
            f"falta el extracto de la cuenta …{gap.account[-4:]} entre el {short_date(first)} y "
            f"el {short_date(last)}: los saldos no enlazan ({euros(gap.missing)})"
        )
        items.append(
            make_item(
                Incident(IncidentKind.MISSING_STATEMENT, subject, message),
                as_of=as_of,
                party=gap.account,
                since=first,
                amount=gap.missing,
                action="Descargar del banco el extracto que falta e importarlo en entrada/banco/",
            )
        )
    for account, end in sorted(data.statement_ends.items()):
        if end is not None and end >= as_of - dt.timedelta(days=STATEMENT_GRACE_DAYS):
            continue
        since = None if end is None else end + dt.timedelta(days=1)
        covered = "ningún extracto" if end is None else f"extractos solo hasta el {short_date(end)}"
        message = f"la cuenta …{account[-4:]} tiene {covered}"
        items.append(
            make_item(
                Incident(IncidentKind.MISSING_STATEMENT, f"{account}|{end or 'ninguno'}", message),
                as_of=as_of,
                party=account,
                since=since,
                amount=None,
                action="Descargar e importar los extractos que faltan de la cuenta",
            )
        )
    return items


def bank_items(data: ReportInputs, as_of: dt.date) -> list[WeeklyItem]:
    """Movements nobody could explain, and proposals a person must confirm or reject."""
    movements = {m.id: m for m in data.movements if m.booking_date <= as_of}
    items = []
    for match in data.matches or ():
        mine = [movements[s] for s in match.subjects if s in movements]
        if not mine or data.decisions.is_confirmed(match.id):
            continue
        rejected = data.decisions.is_rejected(match.id)
        if match.status is MatchStatus.SUGGESTED and not rejected:
            amount = total(abs(m.amount) for m in mine)
            message = f"propuesta ({match.kind}): " + "; ".join(match.reasons)
            since = min(m.booking_date for m in mine)
            action = (
                f"Confirmar (conciliar decidir confirmar {match.id}) o rechazar "
                f"(conciliar decidir rechazar {match.id})"
            )
            incident = Incident(IncidentKind.SUGGESTED_MATCH, match.id, message, mine[0].source)
            items.append(
                make_item(
                    incident,
                    as_of=as_of,
                    party=mine[0].account,
                    since=since,
                    amount=amount,
                    action=action,
                    reference=str(mine[0].source),
                    detail=mine[0].text,
                )
            )
        elif match.status is MatchStatus.PENDING or rejected:
            for movement in mine:
                message = (
                    f"movimiento del {short_date(movement.booking_date)} de "
                    f"{euros(movement.amount)} en la cuenta …{movement.account[-4:]} sin "
                    "justificar (cuenta 555)"
                )
                incident = Incident(
                    IncidentKind.UNEXPLAINED_MOVEMENT, movement.id, message, movement.source
                )
                items.append(
                    make_item(
                        incident,
                        as_of=as_of,
                        party=movement.account,
                        since=movement.booking_date,
                        amount=movement.amount,
                        action="Averiguar qué es (pedir el justificante) y registrarlo; si se "
                        "repite, conciliar decidir asignar CONTRAPARTIDA --cuenta N",
                        reference=str(movement.source),
                        detail=movement.text,
                    )
                )
    return items


def settlement_items(
    data: ReportInputs, facts: Sequence[ServiceFact], as_of: dt.date
) -> list[WeeklyItem]:
    """Settlements late on their insurer's usual rhythm, and transfers that did not arrive."""
    dates: dict[str, set[dt.date]] = defaultdict(set)
    for settlement in data.settlements:
        if settlement.date <= as_of:
            dates[settlement.insurer].add(settlement.date)
    items = []
    for insurer, known in sorted(dates.items()):
        ordered = sorted(known)
        steps = sorted((b - a).days for a, b in itertools.pairwise(ordered))
        interval = max(steps[len(steps) // 2], _SHORTEST_INTERVAL) if steps else _USUAL_INTERVAL
        expected = ordered[-1] + dt.timedelta(days=interval)
        owed = total(
            f.outstanding
            for f in facts
            if f.service.insurer == insurer and f.review.status is ReviewStatus.PENDING
        )
        if as_of <= expected + dt.timedelta(days=SETTLEMENT_GRACE_DAYS) or not owed:
            continue
        name = data.insurer_name(insurer)
        message = (
            f"{name} liquida cada {interval} días y "
            f"su última liquidación es del {short_date(ordered[-1])}: la siguiente no ha llegado"
        )
        items.append(
            make_item(
                Incident(IncidentKind.MISSING_SETTLEMENT, f"{insurer}|{expected}", message),
                as_of=as_of,
                party=insurer,
                since=expected,
                amount=owed,
                action=f"Preguntar a {name} por la liquidación que debía llegar hacia el "
                f"{short_date(expected)}",
            )
        )
    for settlement in missing_transfers(data, as_of):
        name = data.insurer_name(settlement.insurer)
        message = (
            f"la transferencia de la liquidación {settlement.number} de {name} "
            f"({euros(settlement.net)}, del {short_date(settlement.date)}) no está en el banco"
        )
        items.append(
            make_item(
                Incident(IncidentKind.MISSING_SETTLEMENT, settlement.id, message),
                as_of=as_of,
                party=settlement.insurer,
                since=settlement.date,
                amount=settlement.net,
                reference=settlement.number,
                action=f"Comprobar con {name} el pago de la liquidación {settlement.number}",
            )
        )
    return items
