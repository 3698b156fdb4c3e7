"""The parts of the month's figures that are not per insurer: private takings, bank, claims.

Called by :func:`conciliacion.reports.figures.month_figures` only, so each figure is still
computed in one place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Final

from conciliacion.claims.events import EventType
from conciliacion.claims.lifecycle import Claim, ClaimState, effective_payloads
from conciliacion.model import MatchStatus, PaymentMethod
from conciliacion.money import to_money
from conciliacion.reports.facts import in_period, percentage, total
from conciliacion.reports.figure_values import ClaimFigures, CoverageRow, MethodRow
from conciliacion.reports.report_inputs import ReportInputs

__all__ = ["COVERAGE_LABELS", "claim_figures", "coverage", "private_takings"]

COVERAGE_LABELS: Final = {
    "automatico": "justificados automáticamente",
    "manual": "justificados a mano (confirmados por una persona)",
    "por_confirmar": "propuestas por confirmar",
    "sin_justificar": "sin justificar (cuenta 555)",
}
_PAYMENTS: Final = frozenset({EventType.PARTIAL_PAYMENT, EventType.PAYMENT_RECEIVED})
_WAITING: Final = frozenset(
    {
        ClaimState.OPEN,
        ClaimState.SENT,
        ClaimState.ANSWERED,
        ClaimState.PARTLY_PAID,
        ClaimState.ESCALATED,
    }
)


def private_takings(data: ReportInputs, first: dt.date, last: dt.date) -> tuple[MethodRow, ...]:
    """The month's private services by payment method, in the order of the methods."""
    month = [s for s in data.services if s.is_private and in_period(s.date, first, last)]
    amount = total(s.amount for s in month)
    rows = []
    for method in PaymentMethod:
        paid = [s for s in month if s.payment_method is method]
        if paid:
            subtotal = total(s.amount for s in paid)
            rows.append(MethodRow(str(method), len(paid), subtotal, percentage(subtotal, amount)))
    return tuple(rows)


def coverage(data: ReportInputs, first: dt.date, last: dt.date) -> tuple[CoverageRow, ...] | None:
    """The month's movements by how they were justified; ``None`` without reconciliation.

    *By hand* is a match a person confirmed; a suggestion nobody confirmed is still to confirm;
    a movement no match explains, or a pending one, is unexplained.
    """
    if data.matches is None:
        return None
    by_movement = {subject: match for match in data.matches for subject in match.subjects}
    found: dict[str, list[Decimal]] = {category: [] for category in COVERAGE_LABELS}
    for movement in data.movements:
        if not in_period(movement.booking_date, first, last):
            continue
        match = by_movement.get(movement.id)
        if match is None or match.status is MatchStatus.PENDING:
            category = "sin_justificar"
        elif data.decisions.is_confirmed(match.id):
            category = "manual"
        elif match.status is MatchStatus.RECONCILED:
            category = "automatico"
        else:
            category = "por_confirmar"
        found[category].append(abs(movement.amount))
    count = sum(len(amounts) for amounts in found.values())
    euros = total(amount for amounts in found.values() for amount in amounts)
    return tuple(
        CoverageRow(
            category,
            COVERAGE_LABELS[category],
            len(amounts),
            percentage(len(amounts), count),
            total(amounts),
            percentage(total(amounts), euros),
        )
        for category, amounts in found.items()
    )


def claim_figures(claims: Sequence[Claim], first: dt.date, last: dt.date) -> ClaimFigures:
    """Claims registered, answered and paid in the month, and since the first one."""
    known = [claim for claim in claims if claim.created_on <= last]
    opened = [claim for claim in known if claim.created_on >= first]
    payments: list[tuple[dt.date, Decimal]] = []
    for claim in known:
        payloads = effective_payloads(claim.events)
        for event in claim.events:
            if event.type in _PAYMENTS and event.seq in payloads:
                payload = payloads[event.seq]
                on = dt.date.fromisoformat(str(payload["fecha"]))
                payments.append((on, to_money(str(payload["importe"]))))
    claimed = total(claim.claimed_total for claim in known)
    recovered = total(amount for on, amount in payments if on <= last)
    return ClaimFigures(
        opened=len(opened),
        opened_amount=total(claim.claimed_total for claim in opened),
        answered=sum(1 for claim in known if in_period(claim.answered_on, first, last)),
        recovered=total(amount for on, amount in payments if first <= on <= last),
        claimed_to_date=claimed,
        recovered_to_date=recovered,
        recovery_rate=percentage(recovered, claimed),
        waiting=sum(1 for claim in known if claim.state in _WAITING),
    )
