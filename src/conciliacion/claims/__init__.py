"""Claims and human decisions: the event store, the only state the program keeps.

Every action on a claim and every decision a person takes is an event appended to a hash-chained,
append-only store (SQLite in the practice folder, or a shared PostgreSQL). Claim states and the
decisions the matchers read are folded from the events, never stored.
"""

from typing import TYPE_CHECKING, Any

from conciliacion.claims.actions import (
    claim_id_for,
    close_claim,
    correct_event,
    create_claim,
    escalate_claim,
    record_answer,
    reject_claim,
    send_claim,
)
from conciliacion.claims.chain import Verification, verify_chain
from conciliacion.claims.decisions import (
    AcceptedDifference,
    Decisions,
    accept_difference,
    assign_counterparty,
    confirm_match,
    decisions,
    reject_match,
)
from conciliacion.claims.events import Event, EventType
from conciliacion.claims.followup import (
    ServicePayment,
    apply_payments,
    overdue_claims,
    overdue_incidents,
)
from conciliacion.claims.items import ClaimItem
from conciliacion.claims.lifecycle import Claim, ClaimState, claims, get_claim

if TYPE_CHECKING:
    from conciliacion.claims.store import EventStore, open_store


def __getattr__(name: str) -> Any:  # noqa: ANN401 - whatever the store module holds
    """The store and ``open_store``, loaded when first asked for.

    SQLAlchemy takes a third of a second to import, and a practice without a store (or a command
    that reads none) never needs it.
    """
    if name in {"EventStore", "open_store"}:
        from conciliacion.claims import store  # noqa: PLC0415 - the point of this function

        return getattr(store, name)
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)


__all__ = [
    "AcceptedDifference",
    "Claim",
    "ClaimItem",
    "ClaimState",
    "Decisions",
    "Event",
    "EventStore",
    "EventType",
    "ServicePayment",
    "Verification",
    "accept_difference",
    "apply_payments",
    "assign_counterparty",
    "claim_id_for",
    "claims",
    "close_claim",
    "confirm_match",
    "correct_event",
    "create_claim",
    "decisions",
    "escalate_claim",
    "get_claim",
    "open_store",
    "overdue_claims",
    "overdue_incidents",
    "record_answer",
    "reject_claim",
    "reject_match",
    "send_claim",
    "verify_chain",
]
