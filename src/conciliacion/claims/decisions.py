"""The human decisions the matchers must remember, recorded as events and read back as one value.

The matchers stay pure functions of the input files and a :class:`Decisions` value: they never
open the store. For each subject the latest decision wins, and a voiding correction undoes one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Final

import attrs

from conciliacion.claims.events import DECISION_EVENTS, Event, EventType
from conciliacion.claims.lifecycle import effective_payloads
from conciliacion.errors import ConciliacionError
from conciliacion.money import to_money

if TYPE_CHECKING:  # the store loads SQLAlchemy; reading events needs only its methods
    from conciliacion.claims.store import EventStore

__all__ = [
    "AcceptedDifference",
    "Decisions",
    "accept_difference",
    "assign_counterparty",
    "confirm_match",
    "decisions",
    "fold_decisions",
    "normalise_counterparty",
    "reject_match",
]

_PGC_ACCOUNT: Final = re.compile(r"[1-7]\d{2,9}")


def normalise_counterparty(text: str) -> str:
    """The key a counterparty is remembered by: upper case, single spaces.

    >>> normalise_counterparty("  Limpiezas   García sl ")
    'LIMPIEZAS GARCÍA SL'
    """
    return " ".join(text.split()).upper()


@attrs.frozen
class AcceptedDifference:
    """A difference a person accepted instead of claiming it.

    Attributes:
        result_id: the result (settlement review line, reconciliation) it belongs to.
        account: the PGC account it goes to (708 discounts, 650 bad debts...).
        amount: the amount accepted, when the person stated it.
        note: why, in the person's words.
    """

    result_id: str
    account: str
    amount: Decimal | None
    note: str


@attrs.frozen
class Decisions:
    """Every standing decision of a practice.

    Attributes:
        confirmed: ids of suggested matches a person confirmed.
        rejected: ids of suggested matches a person rejected.
        differences: accepted differences by result id.
        counterparties: PGC account by normalised counterparty (name, NIF or IBAN).
    """

    confirmed: frozenset[str] = frozenset()
    rejected: frozenset[str] = frozenset()
    differences: Mapping[str, AcceptedDifference] = attrs.field(factory=dict)
    counterparties: Mapping[str, str] = attrs.field(factory=dict)

    def is_confirmed(self, match_id: str) -> bool:
        """Whether a person confirmed this match."""
        return match_id in self.confirmed

    def is_rejected(self, match_id: str) -> bool:
        """Whether a person rejected this match."""
        return match_id in self.rejected

    def difference(self, result_id: str) -> AcceptedDifference | None:
        """The accepted difference of this result, if any."""
        return self.differences.get(result_id)

    def account_for(self, counterparty: str) -> str | None:
        """The account a person assigned to this counterparty, if any."""
        return self.counterparties.get(normalise_counterparty(counterparty))


def fold_decisions(events: Iterable[Event]) -> Decisions:
    """The standing decisions after ``events``: per subject, the latest that was not voided."""
    ordered = list(events)
    payloads = effective_payloads(ordered)
    matches: dict[str, bool] = {}
    differences: dict[str, AcceptedDifference] = {}
    counterparties: dict[str, str] = {}
    for event in ordered:
        if event.type not in DECISION_EVENTS or event.seq not in payloads:
            continue
        payload = payloads[event.seq]
        if event.type == EventType.MATCH_CONFIRMED:
            matches[event.subject] = True
        elif event.type == EventType.MATCH_REJECTED:
            matches[event.subject] = False
        elif event.type == EventType.DIFFERENCE_ACCEPTED:
            amount = payload.get("importe")
            differences[event.subject] = AcceptedDifference(
                event.subject,
                str(payload["cuenta"]),
                None if amount is None else to_money(amount),
                str(payload.get("nota", "")),
            )
        else:
            counterparties[event.subject] = str(payload["cuenta"])
    return Decisions(
        confirmed=frozenset(k for k, v in matches.items() if v),
        rejected=frozenset(k for k, v in matches.items() if not v),
        differences=differences,
        counterparties=counterparties,
    )


def decisions(store: EventStore) -> Decisions:
    """The standing decisions of the store's practice."""
    types = {*DECISION_EVENTS, EventType.CORRECTION}
    return fold_decisions(store.events(types=types))


def confirm_match(store: EventStore, match_id: str, actor: str, note: str = "") -> Event:
    """Record that a person confirmed a suggested match."""
    payload = {"nota": note.strip()}
    return store.append(EventType.MATCH_CONFIRMED, _subject(match_id), payload, actor)


def reject_match(store: EventStore, match_id: str, actor: str, note: str = "") -> Event:
    """Record that a person rejected a suggested match; the matcher must not suggest it again."""
    payload = {"nota": note.strip()}
    return store.append(EventType.MATCH_REJECTED, _subject(match_id), payload, actor)


def accept_difference(  # noqa: PLR0913 - one parameter per fact of the decision
    store: EventStore,
    result_id: str,
    account: str,
    actor: str,
    *,
    amount: Decimal | None = None,
    note: str = "",
) -> Event:
    """Record that a difference is accepted and goes to ``account`` instead of being claimed."""
    payload: dict[str, object] = {"cuenta": _account(account), "nota": note.strip()}
    if amount is not None:
        payload["importe"] = to_money(amount)
    return store.append(EventType.DIFFERENCE_ACCEPTED, _subject(result_id), payload, actor)


def assign_counterparty(
    store: EventStore, counterparty: str, account: str, actor: str, note: str = ""
) -> Event:
    """Record that movements of ``counterparty`` go to ``account`` from now on."""
    payload = {"cuenta": _account(account), "nota": note.strip()}
    subject = normalise_counterparty(counterparty)
    return store.append(EventType.COUNTERPARTY_ASSIGNED, _subject(subject), payload, actor)


def _subject(text: str) -> str:
    if not text.strip():
        msg = "falta el identificador sobre el que se decide"
        raise ConciliacionError(msg)
    return text.strip()


def _account(account: str) -> str:
    if not _PGC_ACCOUNT.fullmatch(account.strip()):
        msg = f"cuenta no válida: {account!r} (se esperaba un código del PGC, como 708 o 6280)"
        raise ConciliacionError(msg)
    return account.strip()
