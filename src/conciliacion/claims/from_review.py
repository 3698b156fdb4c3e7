"""What a month's settlement review means for the claims already registered.

The review ties every settlement line to the service it pays; a line of a settlement dated after
a claim was registered, for a service that claim asks for, is the insurer paying the claim. The
month pipeline records those payments (:func:`~conciliacion.claims.followup.apply_payments`
ignores the ones it already knows) and tells apart, on the claim lists, the services already
claimed from the new ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

import attrs

from conciliacion.claims.followup import ServicePayment
from conciliacion.claims.items import ClaimItem
from conciliacion.claims.lifecycle import Claim, ClaimState
from conciliacion.model import ReviewResult, Service, Settlement
from conciliacion.money import ZERO

__all__ = ["NewClaims", "claim_items", "new_claims", "service_payments"]


def service_payments(
    review: ReviewResult, settlements: Iterable[Settlement], claims: Sequence[Claim]
) -> list[ServicePayment]:
    """The settlement lines that pay services of open claims, settled after the claim was made.

    One payment per service and settlement (the lines of one settlement for one service add up),
    in a deterministic order.
    """
    claimed_since: dict[str, dt.date] = {}
    for claim in claims:
        if claim.state is ClaimState.CLOSED:
            continue
        for item in claim.items:
            known = claimed_since.get(item.service_id)
            if known is None or claim.created_on < known:
                claimed_since[item.service_id] = claim.created_on
    if not claimed_since:
        return []
    lines = {line.id: line for settlement in settlements for line in settlement.lines}
    dates = {settlement.number: settlement.date for settlement in settlements}
    payments: dict[tuple[str, str], Decimal] = {}
    for service in review.services:
        since = claimed_since.get(service.service_id)
        if since is None:
            continue
        for line_id in service.lines:
            line = lines.get(line_id)
            if line is None or dates[line.settlement] <= since:
                continue
            key = (service.service_id, line.settlement)
            payments[key] = payments.get(key, ZERO) + line.amount
    return [
        ServicePayment(service_id, amount, settlement, dates[settlement])
        for (service_id, settlement), amount in sorted(payments.items())
        if amount > ZERO
    ]


@attrs.frozen
class NewClaims:
    """The claim lists' services not yet in any claim of the store.

    Attributes:
        services: how many.
        amount: what they claim (services without a fee schedule count zero).
        insurers: the insurers they are owed by, sorted.
    """

    services: int
    amount: Decimal
    insurers: tuple[str, ...]


def new_claims(
    review: ReviewResult, insurers_of: Mapping[str, str], claims: Sequence[Claim]
) -> NewClaims:
    """Count the claimable services no claim (open or closed) covers yet."""
    covered = {item.service_id for claim in claims for item in claim.items}
    fresh = [r for r in review.services if r.claimable and r.service_id not in covered]
    return NewClaims(
        services=len(fresh),
        amount=sum((r.claimed or ZERO for r in fresh), ZERO),
        insurers=tuple(sorted({insurers_of[r.service_id] for r in fresh})),
    )


def claim_items(
    review: ReviewResult, services: Mapping[str, Service], claims: Sequence[Claim]
) -> dict[str, list[ClaimItem]]:
    """The claim lists as claims to register: per insurer, the claimable services not yet claimed.

    A service without a fee schedule has no amount to claim and is left out (it is an incident
    to solve first); so is one that any claim, open or closed, already covers.
    """
    covered = {item.service_id for claim in claims for item in claim.items}
    lists: dict[str, list[ClaimItem]] = {}
    for review_item in review.services:
        claimed = review_item.claimed
        if not claimed or review_item.expected is None or review_item.service_id in covered:
            continue
        service = services[review_item.service_id]
        lists.setdefault(service.insurer, []).append(
            ClaimItem(
                service_id=service.id,
                insurer=service.insurer,
                settlement=review_item.settlements[0] if review_item.settlements else None,
                act_date=service.date,
                act_code=service.act_code,
                authorisation=service.authorisation,
                expected=review_item.expected,
                paid=review_item.paid,
                claimed=claimed,
                reason=review_item.claim_reason,
            )
        )
    return dict(sorted(lists.items()))
