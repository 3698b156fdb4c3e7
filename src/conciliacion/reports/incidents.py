"""The weekly incident list: every open incident, each once, most urgent first.

The list is a pure function of the report inputs and the review's date: the rules of
:mod:`conciliacion.reports.incident_rules` collect, this module removes repeats (by the stable
id) and ranks. The monthly report closes with the same list, on the month's last day.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import Final

import attrs

from conciliacion.model import IncidentKind
from conciliacion.money import ZERO
from conciliacion.reports.incident_item import KIND_LABELS, KIND_ORDER, WeeklyItem
from conciliacion.reports.incident_rules import (
    claim_items,
    other_items,
    private_items,
    service_items,
)
from conciliacion.reports.incident_rules_bank import bank_items, settlement_items, statement_items
from conciliacion.reports.report_inputs import ReportInputs

__all__ = ["KindSummary", "collect_incidents", "summarise"]

_HANDLED: Final = frozenset(
    {
        IncidentKind.MISSING_AUTHORISATION,
        IncidentKind.UNPAID,
        IncidentKind.FEE_DIFFERENCE,
        IncidentKind.DUPLICATE_PAYMENT,
        IncidentKind.PAID_WITHOUT_SERVICE,
        IncidentKind.UNEXPLAINED_MOVEMENT,
        IncidentKind.SUGGESTED_MATCH,
        IncidentKind.CLAIM_WITHOUT_ANSWER,
    }
)
"""Kinds built from the facts by the rules: the review's own incidents of these kinds would
repeat them, or name what is already claimed."""


def collect_incidents(data: ReportInputs, as_of: dt.date | None = None) -> tuple[WeeklyItem, ...]:
    """Every open incident on ``as_of`` (by default the review's date), ranked from 1."""
    day = as_of or data.as_of
    facts = data.facts
    found = [
        *statement_items(data, day),
        *bank_items(data, day),
        *service_items(data, facts, day),
        *claim_items(data, day),
        *private_items(data, day),
        *settlement_items(data, facts, day),
        *other_items(data, day, _HANDLED),
    ]
    unique: dict[str, WeeklyItem] = {}
    for item in found:
        unique.setdefault(item.id, item)
    ordered = sorted(unique.values(), key=WeeklyItem.sort_key)
    return tuple(attrs.evolve(item, rank=rank) for rank, item in enumerate(ordered, start=1))


@attrs.frozen
class KindSummary:
    """How many items of one kind and party the list holds, and what is at stake.

    Attributes:
        kind: the incident kind.
        label: the kind in the list's words.
        party: the insurer, account or ``particular``; ``""`` for the kind as a whole.
        count: how many items.
        amount: the money at stake.
    """

    kind: IncidentKind
    label: str
    party: str
    count: int
    amount: Decimal


def summarise(items: Sequence[WeeklyItem], *, by_party: bool = False) -> tuple[KindSummary, ...]:
    """Items counted by kind (and party), in the order kinds are discussed."""
    groups: dict[tuple[IncidentKind, str], list[WeeklyItem]] = defaultdict(list)
    for item in items:
        groups[item.kind, item.party if by_party else ""].append(item)

    def order(key: tuple[IncidentKind, str]) -> tuple[int, str]:
        kind, party = key
        return (KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER), party)

    return tuple(
        KindSummary(
            kind,
            KIND_LABELS.get(kind, str(kind)),
            party,
            len(group),
            sum((item.amount or ZERO for item in group), start=ZERO),
        )
        for (kind, party), group in sorted(groups.items(), key=lambda pair: order(pair[0]))
    )
