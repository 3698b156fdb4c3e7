"""Insurer transfers against settlements, payments against received invoices.

Certain keys first: a settlement or invoice number in the concept. Then the payer or payee the
movement names (IBAN, NIF, or name) and the exact amount still unpaid; then an exact subset of its
open documents (several settlements in one transfer, several invoices in one payment). Amount
alone never decides: without a known counterparty or a number there is no candidate at all. Two
candidates that fit equally well are a tie, and a tie is only a suggestion.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from itertools import islice
from typing import Final

import attrs

from conciliacion.matchers.bank_blocking import Document, OpenDocuments, cents
from conciliacion.matchers.bank_keys import MovementKeys, PartyHit
from conciliacion.matchers.bank_proposal import Proposal
from conciliacion.matchers.bank_rules import account_label
from conciliacion.matchers.subset_sum import DEFAULT_BUDGET, SubsetOutcome, find_subset
from conciliacion.model import MatchKind, Movement

__all__ = ["DocumentMatcher", "DocumentOptions"]

_PARTY_KIND: Final = {
    MatchKind.SETTLEMENT_PAYMENT: "aseguradora",
    MatchKind.INVOICE_PAYMENT: "proveedor",
}
_CLOSE_DAYS: Final = 10
_CLEAR_GAP_DAYS: Final = 15
"""Of documents of one amount, the one within ten days wins if the next is 15 days further."""
_WHAT: Final = {
    MatchKind.SETTLEMENT_PAYMENT: ("liquidación", "liquidaciones"),
    MatchKind.INVOICE_PAYMENT: ("factura", "facturas"),
}


@attrs.frozen
class DocumentOptions:
    """How far apart in time payments and documents may be, and how hard to search.

    Attributes:
        settlement_days: days after a settlement's date its transfer may arrive.
        invoice_days: days after an invoice's due date its payment may leave.
        subset_items: open documents of one party the subset search considers (latest first).
        subset_size: the most documents one payment covers.
        subset_budget: seconds one subset search may take, giving up included.
    """

    settlement_days: int = 150
    invoice_days: int = 90
    subset_items: int = 60
    subset_size: int = 4
    subset_budget: float = DEFAULT_BUDGET


def _euros(amount: int) -> str:
    return f"{Decimal(amount).scaleb(-2):.2f}".replace(".", ",")


class DocumentMatcher:
    """Matches one movement at a time against the open documents, updating what is unpaid."""

    def __init__(
        self, docs: OpenDocuments, accounts: dict[str, str], options: DocumentOptions
    ) -> None:
        """``accounts`` maps a party key (insurer id, supplier NIF) to its contrapartida."""
        self.docs = docs
        self.accounts = accounts
        self.options = options
        self._labels: dict[tuple[MatchKind, str], str] = {}
        self._how: dict[tuple[str, float], tuple[str, float]] = {}
        self._spans = {
            MatchKind.SETTLEMENT_PAYMENT: options.settlement_days,
            MatchKind.INVOICE_PAYMENT: options.invoice_days,
        }
        # As durations too: every payment subtracts one from its date.
        self._durations = {kind: _days(days) for kind, days in self._spans.items()}

    def account(self, kind: MatchKind, party: str) -> str:
        """The contrapartida of a party; an unconfigured supplier goes to 410 under its NIF."""
        if party in self.accounts:
            return self.accounts[party]
        # Remembered: a party's label is asked for at every one of its payments.
        label = self._labels.get((kind, party))
        if label is None:
            label = self._labels[kind, party] = (
                account_label("430", "Aseguradoras", party)
                if kind is MatchKind.SETTLEMENT_PAYMENT
                else account_label("410", party)
            )
        return label

    def _proposal(  # noqa: PLR0913 - one proposal's facts
        self,
        movement: Movement,
        kind: MatchKind,
        docs: Sequence[Document],
        confidence: float,
        reasons: Sequence[str],
        *,
        pay: bool,
        amount: int,
    ) -> Proposal:
        """``amount``: the movement's, in cents, without sign; ``pay`` spends it on ``docs``."""
        if pay and len(docs) == 1:
            self.docs.pay(docs[0], amount)
        elif pay:
            left = amount
            ordered = sorted(docs, key=lambda d: (d.window_start, d.number))
            for doc in ordered:
                part = min(left, doc.remaining) if doc is not ordered[-1] else left
                self.docs.pay(doc, part)
                left -= part
        first = docs[0]
        ids, numbers = (
            ((first.id,), (first.number,))
            if len(docs) == 1
            else (tuple(d.id for d in docs), tuple(d.number for d in docs))
        )
        # Positional: a named tuple built with a keyword costs half as much again, per movement.
        return Proposal(
            kind, (movement.id,), ids, confidence, tuple(reasons),
            self.account(kind, first.party), numbers, (), pay,
        )  # fmt: skip

    def _known(self, via: str, score: float) -> tuple[str, float]:
        """How the party was known, and the confidence that gives; the same few every time."""
        found = self._how.get((via, score))
        if found is None:
            reason = f"contrapartida identificada por {via} ({score:.0f} %)"
            base = 0.9 + 0.06 * max(0.0, score - 90) / 10 if via == "nombre" else 0.97
            found = self._how[via, score] = (reason, base)
        return found

    def by_number(
        self,
        movement: Movement,
        keys: MovementKeys,
        kind: MatchKind,
        hit: PartyHit | None,
        *,
        amount: int,
    ) -> Proposal | None:
        """A number in the concept: the document it names, checked against ``amount`` (cents)."""
        if not keys.references:
            return None
        docs = self.docs.by_reference(keys.references, kind)
        if hit is not None and hit.party.kind == _PARTY_KIND[kind]:
            docs = [d for d in docs if d.party == hit.party.key]
        if not docs or (len(docs) > 1 and len({d.party for d in docs}) > 1):
            return None
        one, many = _WHAT[kind]
        if len(docs) == 1:
            numbers, unpaid = docs[0].number, docs[0].remaining
        else:
            numbers, unpaid = ", ".join(d.number for d in docs), sum(d.remaining for d in docs)
        said = f"el concepto cita {one if len(docs) == 1 else many} {numbers}"
        if unpaid == amount:
            reasons = (said, "importe exacto")
            return self._proposal(movement, kind, docs, 0.99, reasons, pay=True, amount=amount)
        if len(docs) == 1 and 0 < amount < unpaid and hit is not None:
            left = f"pago parcial: quedan {_euros(unpaid - amount)} € pendientes"
            return self._proposal(movement, kind, docs, 0.93, (said, left), pay=True, amount=amount)
        reason = f"el importe no cuadra con lo pendiente ({_euros(unpaid)} €)"
        return self._proposal(movement, kind, docs, 0.5, (said, reason), pay=False, amount=amount)

    def by_party(
        self, movement: Movement, kind: MatchKind, hit: PartyHit | None, *, amount: int
    ) -> Proposal | None:
        """The named party's open documents: ``amount`` (cents) exactly, else an exact subset."""
        if hit is None or hit.party.kind != _PARTY_KIND[kind]:
            return None
        party, day = hit.party.key, movement.booking_date
        one, many = _WHAT[kind]
        span = self._spans[kind]
        known, base = self._known(hit.via, hit.score)
        earliest = day - self._durations[kind]
        exact = [
            d for d in self.docs.exact(party, amount, kind) if earliest <= d.window_start <= day
        ]
        if len(exact) == 1:
            reasons: tuple[str, ...] = (known, f"importe exacto de la {one} {exact[0].number}")
            return self._proposal(movement, kind, exact, base, reasons, pay=True, amount=amount)
        if exact:
            exact.sort(key=lambda d: (abs((day - d.date).days), d.number))
            near, far = (abs((day - d.date).days) for d in exact[:2])
            if near <= _CLOSE_DAYS and far >= near + _CLEAR_GAP_DAYS:
                reasons = (
                    known,
                    f"importe exacto de la {one} {exact[0].number}",
                    f"la de fecha más próxima entre {len(exact)} del mismo importe",
                )
                best = exact[:1]
                return self._proposal(
                    movement, kind, best, base - 0.02, reasons, pay=True, amount=amount
                )
            tie = f"{len(exact)} {many} pendientes con el mismo importe: empate"
            return self._proposal(
                movement, kind, exact, 0.5, (known, tie), pay=False, amount=amount
            )
        window = list(islice(self.docs.window(party, day, span, kind), self.options.subset_items))
        return self._subset(movement, kind, window, (known, base), amount)

    def _subset(
        self,
        movement: Movement,
        kind: MatchKind,
        window: list[Document],
        party: tuple[str, float],
        amount: int,
    ) -> Proposal:
        """Several documents paid at once: the one exact subset of the party's open ones.

        ``party``: how the party was known, and the confidence that gives.
        """
        one, many = _WHAT[kind]
        known, base = party
        found = find_subset(
            [d.remaining for d in window],
            amount,
            max_size=self.options.subset_size,
            budget=self.options.subset_budget,
        )
        if found.outcome is SubsetOutcome.FOUND:
            chosen = [window[i] for i in found.indices]
            reason = f"paga {len(chosen)} {many} a la vez (suma exacta)"
            reasons = (known, reason)
            return self._proposal(
                movement, kind, chosen, base - 0.02, reasons, pay=True, amount=amount
            )
        larger = [d for d in window if d.remaining > amount]
        if found.outcome is SubsetOutcome.AMBIGUOUS:
            reason = f"varias combinaciones de {many} pendientes suman el importe: empate"
        elif found.outcome is SubsetOutcome.GAVE_UP:
            reason = f"demasiadas {many} pendientes para buscar una suma exacta a tiempo"
        elif larger:
            reason = f"posible pago parcial de la {one} {larger[-1].number}"
            reasons = (known, reason)
            return self._proposal(
                movement, kind, [larger[-1]], 0.5, reasons, pay=False, amount=amount
            )
        else:
            reason = f"ninguna {one} pendiente ni suma de {many} da el importe"
        owner = window[0].party if window else ""
        return Proposal(
            kind,
            (movement.id,),
            (),
            0.0,
            (known, reason),
            self.account(kind, owner) if owner else account_label("555"),
            automatic=False,
        )

    def split_payments(
        self, movements: Sequence[Movement], party: str, kind: MatchKind
    ) -> list[Proposal]:
        """One document paid in several movements: unmatched payments of one party that add up."""
        found: list[Proposal] = []
        pool = list(movements)
        span = self.options.settlement_days
        for doc in self.docs.in_order(party)[0]:
            if doc.remaining <= 0 or doc.kind is not kind or len(pool) < 2:  # noqa: PLR2004
                continue
            near = [m for m in pool if doc.window_start <= m.booking_date <= doc.date + _days(span)]
            result = find_subset(
                [abs(cents(m.amount)) for m in near], doc.remaining,
                max_size=self.options.subset_size, budget=self.options.subset_budget,
            )  # fmt: skip
            if result.outcome is not SubsetOutcome.FOUND or len(result.indices) < 2:  # noqa: PLR2004
                continue
            paid = [near[i] for i in result.indices]
            self.docs.pay(doc, doc.remaining)
            pool = [m for m in pool if m not in paid]
            one = _WHAT[kind][0]
            reason = f"la {one} {doc.number} se pagó en {len(paid)} transferencias que suman exacto"
            found.append(
                Proposal(
                    kind,
                    tuple(m.id for m in paid),
                    (doc.id,),
                    0.92,
                    (reason,),
                    self.account(kind, party),
                    (doc.number,),
                )
            )
        return found


def _days(count: int) -> dt.timedelta:
    return dt.timedelta(days=count)
