"""The result of reconciling a month's bank movements: one explanation per movement.

Every movement of the period has exactly one :class:`MovementResult`; several movements that pay
one thing together (a settlement paid in two transfers) share the same match. The documents still
unpaid at the end are :class:`OpenItem` values, so the next month starts from them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal

import attrs

from conciliacion.model._fields import strict_date, text_tuple
from conciliacion.model.incident import Incident
from conciliacion.model.matching import Match, MatchKind, MatchStatus

__all__ = ["MovementResult", "OpenItem", "ReconciliationResult"]


@attrs.frozen
class MovementResult:
    """What one bank movement is, what it settles and where it posts.

    Attributes:
        movement: the movement's id.
        match: the decision (kind, status, targets, confidence, reasons); shared by the movements
            that pay one thing together.
        account: the contrapartida: the ledger account it posts against, starting with the PGC
            code (``430 Clientes:Aseguradoras:adeslas``, ``555 Partidas pendientes de aplicación``).
        references: the settlement or invoice numbers it settles (service references for private
            takings), in order.
        related: ids of the movements it undoes (a return) or mirrors (a transfer between the
            practice's own accounts).
        counterparty: the key a person's "this party always goes to account X" decision is
            recorded under (a NIF, an IBAN, or the concept without figures), ``""`` if none.
    """

    movement: str
    match: Match
    account: str
    references: tuple[str, ...] = attrs.field(default=(), converter=text_tuple)
    related: tuple[str, ...] = attrs.field(default=(), converter=text_tuple)
    counterparty: str = ""

    @property
    def status(self) -> MatchStatus:
        """conciliado, sugerido or pendiente."""
        return self.match.status

    @property
    def kind(self) -> MatchKind:
        """The ``tipo``."""
        return self.match.kind


@attrs.frozen
class OpenItem:
    """A settlement or invoice not (fully) paid by the movements reconciled.

    Attributes:
        kind: ``liquidacion`` or ``factura``.
        id: the settlement's or invoice's id.
        number: its number.
        party: insurer id or supplier NIF.
        date: settlement date, or the invoice's due date (issue date when it has none).
        amount: what is still unpaid.
    """

    kind: MatchKind
    id: str
    number: str
    party: str
    date: dt.date = attrs.field(validator=strict_date)
    amount: Decimal


def _results(values: Iterable[MovementResult]) -> tuple[MovementResult, ...]:
    return tuple(values)


def _incidents(values: Iterable[Incident]) -> tuple[Incident, ...]:
    return tuple(values)


def _open(values: Iterable[OpenItem]) -> tuple[OpenItem, ...]:
    return tuple(values)


@attrs.frozen
class ReconciliationResult:
    """A period's reconciliation.

    Attributes:
        first: first day of the period.
        last: last day of the period.
        results: one per movement booked in the period, in account, date, file and line order.
        incidents: suggestions to confirm and movements nobody could explain.
        open_items: settlements and invoices still unpaid after the period.
    """

    first: dt.date = attrs.field(validator=strict_date)
    last: dt.date = attrs.field(validator=strict_date)
    results: tuple[MovementResult, ...] = attrs.field(converter=_results)
    incidents: tuple[Incident, ...] = attrs.field(default=(), converter=_incidents)
    open_items: tuple[OpenItem, ...] = attrs.field(default=(), converter=_open)

    def __attrs_post_init__(self) -> None:
        if len({r.movement for r in self.results}) != len(self.results):
            msg = "un movimiento aparece en más de un resultado"
            raise ValueError(msg)

    def counts(self) -> dict[str, int]:
        """How many movements ended in each status (conciliado, sugerido, pendiente)."""
        found = Counter(str(r.status) for r in self.results)
        return {str(status): found.get(str(status), 0) for status in MatchStatus}
