"""The ground truth of a demo practice: what a perfect reconciliation and review would find.

Tests and benchmarks score the program's results against it. Bank movements are keyed by their
place in the files (file relative to the practice folder, line of the ``22`` record), services by
the ``id`` column of the actividad files.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any

import attrs

from conciliacion.model import Invoice, MatchKind, Movement, Settlement, SettlementLine, Statement

__all__ = ["GroundTruth", "MovementKey", "MovementTruth", "ServiceOutcome", "ServiceTruth"]

MovementKey = tuple[str, int]
"""A movement's place: the statement file relative to the practice folder, and its line."""


class ServiceOutcome(enum.StrEnum):
    """The true outcome of a service at the end of the last generated month."""

    PAID = "cobrado"
    """Paid in full: the settled lines add up to the schedule price (or a private patient paid)."""
    FEE_DIFFERENCE = "diferencia_baremo"
    """Settled, but the lines do not add up to the schedule price."""
    PENDING = "pendiente"
    """Not settled, and the insurer's payment term has not run out."""
    UNPAID = "impagado"
    """Not settled past the term, or settled and then clawed back."""
    DUPLICATE = "duplicado"
    """Settled twice."""


@attrs.frozen
class MovementTruth:
    """What one bank movement really is.

    Attributes:
        file: the statement file, relative to the practice folder.
        line: the line of the movement's ``22`` record.
        movement: the movement as the generator built it before writing it; its ``counterparty``
            and ``balance_after`` are ``None``, which Norma 43 does not carry.
        kind: what explains it.
        settlements: (insurer id, settlement number) of the settlements an insurer transfer pays.
        invoices: (supplier NIF, invoice number) of the invoices it pays or whose payment it undoes.
        services: ids of the private services it collects.
        account: the PGC account of movements explained by an account rather than a document
            (taxes, social security, payroll, fees, internal transfers).
        related: the movements it cancels (returns, reversals) or mirrors (internal transfers).
        partial: an insurer transfer that pays only part of its settlement (the rest comes in
            another transfer).
    """

    file: str
    line: int
    movement: Movement
    kind: MatchKind
    settlements: tuple[tuple[str, str], ...] = ()
    invoices: tuple[tuple[str, str], ...] = ()
    services: tuple[str, ...] = ()
    account: str | None = None
    related: tuple[MovementKey, ...] = ()
    partial: bool = False

    @property
    def key(self) -> MovementKey:
        """The movement's place in the files."""
        return (self.file, self.line)


@attrs.frozen
class ServiceTruth:
    """What really happened to one service.

    Attributes:
        id: the ``id`` column of the actividad file.
        insurer: insurer id or ``particular``.
        outcome: see :class:`ServiceOutcome`.
        expected: the schedule price on the act's date (private: the price charged).
        paid: the sum of the settlement lines about it (private: what the patient paid).
        settlements: the numbers of the settlements with lines about it, in order.
        reason: why, in one word: ``baremo_antiguo``, ``descuento``, ``regularizado``,
            ``duplicado``, ``anulado``, ``sin_autorizacion``, ``no_liquidado`` or ``""``.
    """

    id: str
    insurer: str
    outcome: ServiceOutcome
    expected: Decimal
    paid: Decimal
    settlements: tuple[str, ...] = ()
    reason: str = ""


def _frozen_map(value: Mapping[Any, Any]) -> Mapping[Any, Any]:
    return MappingProxyType(dict(value))


@attrs.frozen(eq=False)
class GroundTruth:
    """Everything a demo practice holds, and what each piece really is.

    Attributes:
        form: ``autonomo`` or ``SL``.
        months: the generated months, ``AAAA-MM``.
        as_of: the last generated day; outcomes are as of its end.
        movements: per movement key, its truth, in file order.
        services: per service id, its truth, in file order.
        lines_without_service: settlement lines with no service behind them
            (``cobrado_sin_actividad``).
        settlements: every settlement, built from the same lines as the files.
        invoices: every received invoice.
        statements: every statement, one per account and month.
    """

    form: str
    months: tuple[str, ...]
    as_of: dt.date
    movements: Mapping[MovementKey, MovementTruth] = attrs.field(converter=_frozen_map)
    services: Mapping[str, ServiceTruth] = attrs.field(converter=_frozen_map)
    lines_without_service: tuple[SettlementLine, ...]
    settlements: tuple[Settlement, ...]
    invoices: tuple[Invoice, ...]
    statements: tuple[Statement, ...]

    def to_json(self) -> dict[str, object]:
        """The truth as plain JSON values (amounts as text), for benchmarks and other tools."""
        return {
            "forma": self.form,
            "meses": list(self.months),
            "fecha_corte": self.as_of.isoformat(),
            "movimientos": [_movement_json(t) for t in self.movements.values()],
            "servicios": [_service_json(t) for t in self.services.values()],
            "cobrado_sin_actividad": [
                {"fichero": line.source.file, "linea": line.source.line, "id": line.id}
                for line in self.lines_without_service
            ],
            "liquidaciones": [
                {
                    "aseguradora": s.insurer,
                    "numero": s.number,
                    "fecha": s.date.isoformat(),
                    "bruto": str(s.gross),
                    "retencion": str(s.withholding),
                    "deducciones": str(s.deductions),
                    "neto": str(s.net),
                    "fichero": s.source.file,
                }
                for s in self.settlements
            ],
            "facturas": [
                {"nif": i.nif, "numero": i.number, "total": str(i.total), "fichero": i.source.file}
                for i in self.invoices
            ],
        }

    def save_json(self, path: Path) -> None:
        """Write :meth:`to_json` to ``path``, UTF-8, keys sorted."""
        text = json.dumps(self.to_json(), ensure_ascii=False, indent=1, sort_keys=True)
        path.write_text(text + "\n", encoding="utf-8")


def _movement_json(truth: MovementTruth) -> dict[str, object]:
    return {
        "fichero": truth.file,
        "linea": truth.line,
        "fecha": truth.movement.booking_date.isoformat(),
        "importe": str(truth.movement.amount),
        "tipo": str(truth.kind),
        "liquidaciones": [list(pair) for pair in truth.settlements],
        "facturas": [list(pair) for pair in truth.invoices],
        "servicios": list(truth.services),
        "cuenta": truth.account,
        "relacionados": [list(key) for key in truth.related],
        "parcial": truth.partial,
    }


def _service_json(truth: ServiceTruth) -> dict[str, object]:
    return {
        "id": truth.id,
        "aseguradora": truth.insurer,
        "resultado": str(truth.outcome),
        "esperado": str(truth.expected),
        "cobrado": str(truth.paid),
        "liquidaciones": list(truth.settlements),
        "motivo": truth.reason,
    }
