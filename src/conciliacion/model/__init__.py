"""The domain's value types: frozen, validated, with money as ``Decimal`` and dates as ``date``.

Nothing here does I/O or knows pandas; every other layer depends on this one.
"""

from conciliacion.model.bank import Counterparty, Movement, Statement
from conciliacion.model.expenses import Invoice
from conciliacion.model.incident import Incident, IncidentKind
from conciliacion.model.insurance import (
    PRIVATE,
    FeeScheduleEntry,
    PaymentMethod,
    Service,
    Settlement,
    SettlementLine,
)
from conciliacion.model.matching import Match, MatchKind, MatchStatus
from conciliacion.model.private import PrivatePayment
from conciliacion.model.provenance import Source
from conciliacion.model.reconciliation import MovementResult, OpenItem, ReconciliationResult
from conciliacion.model.review import LineReview, ReviewResult, ReviewStatus, ServiceReview

__all__ = [
    "PRIVATE",
    "Counterparty",
    "FeeScheduleEntry",
    "Incident",
    "IncidentKind",
    "Invoice",
    "LineReview",
    "Match",
    "MatchKind",
    "MatchStatus",
    "Movement",
    "MovementResult",
    "OpenItem",
    "PaymentMethod",
    "PrivatePayment",
    "ReconciliationResult",
    "ReviewResult",
    "ReviewStatus",
    "Service",
    "ServiceReview",
    "Settlement",
    "SettlementLine",
    "Source",
    "Statement",
]
