"""Bank reconciliation: for each movement of a period, what it is, what it settles, where it posts.

Movements are taken in date order from the first one on record up to the period's end, so that
what earlier months paid is no longer open, and a return finds what it undoes; only the period's
movements are reported. Each movement goes down one path, first answer wins:

1. a return or reversal takes the explanation of the movement it undoes;
2. a settlement or invoice number in the concept, then the party the movement names (IBAN, NIF,
   name) with the exact amount or an exact subset of its open documents;
3. a transfer between the practice's own accounts, paired with its other half;
4. a person's decision for this counterparty, the practice's ``[[reglas]]``;
5. private takings (card batches, cash, Bizum, patients' transfers);
6. the built-in knowledge of Spanish concepts; else nothing: ``pendiente``, account 555.

A proposal becomes ``conciliado`` only above the threshold and when it may be automatic, and the
decisions people recorded override both ways.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Final

import attrs

from conciliacion._gc import collector_paused
from conciliacion.claims.decisions import Decisions
from conciliacion.config import PracticeConfig
from conciliacion.matchers.bank_blocking import OpenDocuments, cents
from conciliacion.matchers.bank_documents import DocumentMatcher, DocumentOptions
from conciliacion.matchers.bank_keys import KeyReader, MovementKeys, PartyHit, PartyIndex
from conciliacion.matchers.bank_keys import parties_from_config as _parties
from conciliacion.matchers.bank_pairs import (
    History,
    is_internal,
    is_return,
    pair_transfers,
    return_proposal,
)
from conciliacion.matchers.bank_private import PrivateTakings, private_kind
from conciliacion.matchers.bank_proposal import Proposal
from conciliacion.matchers.bank_rules import account_label, builtin_rule, classify
from conciliacion.model import (
    Incident,
    IncidentKind,
    Invoice,
    Match,
    MatchKind,
    MatchStatus,
    Movement,
    MovementResult,
    ReconciliationResult,
    Service,
    Settlement,
)

__all__ = ["ReconcileOptions", "reconcile"]

_UNEXPLAINED: Final = account_label("555")
_KNOWN_HITS: Final = 1 << 14
"""Parties found that a run remembers (per keys object) before it starts afresh."""
_IN_DATE_ORDER: Final = operator.attrgetter("booking_date", "account", "source.file", "source.line")
_ACCOUNT: Final = operator.attrgetter("account")
_FIGURES = re.compile(r"[^A-Z ]+")
_PRIVATE_KINDS: Final = frozenset(
    {MatchKind.BIZUM, MatchKind.CARD_BATCH, MatchKind.CASH_DEPOSIT, MatchKind.PRIVATE_TRANSFER}
)


@attrs.frozen
class ReconcileOptions:
    """The knobs of reconciliation.

    Attributes:
        threshold: the confidence from which a proposal is ``conciliado``.
        documents: windows and subset-search bounds of the document matcher.
        return_days: how far back a return looks for the movement it undoes.
        transfer_days: days apart the two halves of an internal transfer may be booked.
        invoice_early_days: days before its due date an invoice may be paid.
    """

    threshold: float = 0.9
    documents: DocumentOptions = attrs.field(factory=DocumentOptions)
    return_days: int = 45
    transfer_days: int = 4
    invoice_early_days: int = 30


def counterparty_key(keys: MovementKeys, party: str | None) -> str:
    """What a person's decision about this counterparty is remembered by.

    The party's key when the movement names a known one, else a NIF or IBAN it carries, else its
    concept without figures (dates and numbers change every month; the words do not).
    """
    if party:
        return party
    if keys.nifs or keys.ibans:
        return (keys.nifs or keys.ibans)[0]
    return " ".join(_FIGURES.sub(" ", keys.text).split())


class _Run:
    """One reconciliation: the indexes and what has been decided so far. Never shared."""

    def __init__(  # noqa: PLR0913 - the inputs of reconciliation
        self,
        settlements: Iterable[Settlement],
        invoices: Iterable[Invoice],
        services: Iterable[Service],
        *,
        config: PracticeConfig,
        decisions: Decisions | None,
        options: ReconcileOptions,
    ) -> None:
        self.config, self.decisions, self.options = config, decisions, options
        self.parties = PartyIndex(_parties(config))
        self.read = KeyReader()
        self.hits: dict[int, tuple[MovementKeys, PartyHit | None]] = {}
        docs = OpenDocuments(settlements, invoices, invoice_early_days=options.invoice_early_days)
        payable = {
            s.nif: account_label("400" if s.account.startswith("60") else "410", s.nif)
            for s in config.suppliers
        }
        self.documents = DocumentMatcher(docs, payable, options.documents)
        self.own = {a.iban: account_label("572", a.short_name) for a in config.accounts}
        self.takings = PrivateTakings(services)
        self.history = History(options.return_days)
        self.proposals: dict[str, Proposal] = {}
        self.counterparties: dict[str, str] = {}
        self.internal: list[Movement] = []
        self.private: list[tuple[Movement, MovementKeys, MatchKind]] = []
        self.unpaid: dict[str, list[Movement]] = defaultdict(list)

    def _identify(self, keys: MovementKeys, *, remembered: bool) -> PartyHit | None:
        """The party the keys name; remembered for keys a repeated text shares (same object).

        ``remembered``: whether the reader shares these keys with later movements; keys read
        for one movement are not kept, nor their party.
        """
        if not remembered:
            return self.parties.identify(keys)
        known = self.hits.get(id(keys))
        if known is not None and known[0] is keys:
            return known[1]
        if len(self.hits) >= _KNOWN_HITS:
            self.hits.clear()
        hit = self.parties.identify(keys)
        # The keys are kept with the answer: their id cannot be reused while it is remembered.
        self.hits[id(keys)] = (keys, hit)
        return hit

    def _rule(self, movement: Movement, keys: MovementKeys, key: str) -> Proposal | None:
        account = self.decisions.account_for(key) if self.decisions and key else None
        if account:
            builtin = builtin_rule(movement, keys)
            kind = builtin.kind if builtin and builtin.code[:3] == account[:3] else MatchKind.RULE
            reason = "cuenta asignada por una persona a esta contrapartida"
            return Proposal(kind, (movement.id,), (), 0.97, (reason,), account_label(account))
        hit = classify(movement, keys, self.config.rules)
        if hit is None:
            return None
        return Proposal(
            hit.kind, (movement.id,), (), hit.confidence, (hit.reason,), account_label(hit.code)
        )

    def _undo(self, movement: Movement) -> Proposal | None:
        """A return: the explanation of what it undoes, whose documents are unpaid again."""
        original = self.history.original(movement)
        if original is None:
            return None
        undone = self.proposals.get(original.id)
        if undone is not None and undone.automatic and undone.confidence:
            for target in undone.targets:
                doc = self.documents.docs.docs.get(target)
                if doc is not None:
                    self.documents.docs.pay(doc, -min(abs(cents(movement.amount)), doc.total))
        return return_proposal(movement, original, undone)

    def _fallback(
        self, movement: Movement, keys: MovementKeys, key: str, *, named: bool
    ) -> Proposal | None:
        """Rules and decisions; a private taking is put aside for the passes of :meth:`finish`."""
        ruled = self._rule(movement, keys, key)
        taking = None if named else private_kind(movement, keys)
        if taking is None or (ruled is not None and ruled.kind is MatchKind.RULE):
            return ruled
        self.private.append((movement, keys, taking))
        return None

    def step(self, movement: Movement) -> None:
        """Explain one movement, in date order."""
        keys, remembered = self.read.read(movement)
        proposal: Proposal | None = self._undo(movement) if is_return(movement, keys) else None
        hit = self._identify(keys, remembered=remembered) if proposal is None else None
        party = hit.party if hit else None
        key = counterparty_key(keys, party.key if party and party.kind != "cuenta" else None)
        if proposal is None:
            amount = cents(movement.amount)
            kind = MatchKind.SETTLEMENT_PAYMENT if amount > 0 else MatchKind.INVOICE_PAYMENT
            amount = abs(amount)
            proposal = self.documents.by_number(movement, keys, kind, hit, amount=amount) or (
                self.documents.by_party(movement, kind, hit, amount=amount)
            )
            if proposal is None and is_internal(keys, self.own):
                self.internal.append(movement)
            elif proposal is None or proposal.confidence == 0:
                ruled = self._fallback(movement, keys, key, named=party is not None)
                proposal = ruled or proposal
                if proposal is None and private_kind(movement, keys) and party is None:
                    key = ""  # a private patient: no decision is remembered by their name
        if proposal is not None:
            self.proposals[movement.id] = proposal
            if party and party.kind == "aseguradora" and not proposal.automatic:
                self.unpaid[party.key].append(movement)
        self.counterparties[movement.id] = key
        self.history.add(movement)

    def finish(self) -> None:
        """The passes that need every movement first: split payments, transfers, private."""
        for insurer, movements in sorted(self.unpaid.items()):
            for group in self.documents.split_payments(
                movements, insurer, MatchKind.SETTLEMENT_PAYMENT
            ):
                self.proposals.update(dict.fromkeys(group.movements, group))
        self.proposals.update(pair_transfers(self.internal, self.own, self.options.transfer_days))
        items = [(m, kind) for m, _, kind in self.private]
        self.proposals.update(self.takings.batches(items))
        bizum = [(m, k) for m, k, kind in self.private if kind is MatchKind.BIZUM]
        named, rest = self.takings.bizum_by_name(bizum)
        self.proposals.update(named)
        days: dict[str, tuple[dt.date, ...]] = {m.id: (m.booking_date,) for m in rest}
        self.proposals.update(self.takings.grouped(rest, MatchKind.BIZUM, days))
        transfers = [(m, k) for m, k, kind in self.private if kind is MatchKind.PRIVATE_TRANSFER]
        days = {m.id: k.dates for m, k in transfers}
        grouped = self.takings.grouped([m for m, _ in transfers], MatchKind.PRIVATE_TRANSFER, days)
        self.proposals.update(grouped)

    def match(self, proposal: Proposal | None, movement: Movement) -> tuple[Match, str]:
        if proposal is None or proposal.confidence == 0:
            kind = proposal.kind if proposal else MatchKind.UNEXPLAINED
            reasons = proposal.reasons if proposal else ("ni documento, ni cobro, ni regla",)
            match = Match(kind, MatchStatus.PENDING, (movement.id,), (), 0.0, reasons)
            return match, _UNEXPLAINED
        sure = proposal.automatic and proposal.confidence >= self.options.threshold
        status = MatchStatus.RECONCILED if sure else MatchStatus.SUGGESTED
        match = Match(
            proposal.kind, status, proposal.movements, proposal.targets,
            round(proposal.confidence, 2), proposal.reasons,
        )  # fmt: skip
        if self.decisions is not None:
            if self.decisions.is_rejected(match.id):
                reasons = ("una persona rechazó esta propuesta", *proposal.reasons)
                match = attrs.evolve(match, status=MatchStatus.PENDING, reasons=reasons)
                return match, _UNEXPLAINED
            if self.decisions.is_confirmed(match.id):
                reasons = (*proposal.reasons, "confirmado por una persona")
                match = attrs.evolve(match, status=MatchStatus.RECONCILED, reasons=reasons)
        return match, proposal.account


def _incident(result: MovementResult, movement: Movement) -> Incident | None:
    """A suggestion to confirm or a movement nobody explained; nothing when reconciled."""
    status = result.status
    if status is MatchStatus.RECONCILED:
        return None
    text = "; ".join(result.match.reasons)
    if status is MatchStatus.SUGGESTED:
        message = f"Confirme o rechace la propuesta ({result.kind}): {text}"
        return Incident(IncidentKind.SUGGESTED_MATCH, result.match.id, message, movement.source)
    message = f"Movimiento sin justificar ({result.kind}): {text}"
    return Incident(IncidentKind.UNEXPLAINED_MOVEMENT, movement.id, message, movement.source)


def reconcile(  # noqa: PLR0913, PLR0917 - the pipeline's documented signature
    movements: Sequence[Movement],
    settlements: Iterable[Settlement],
    invoices: Iterable[Invoice],
    services: Iterable[Service],
    config: PracticeConfig,
    decisions: Decisions | None = None,
    *,
    period: tuple[dt.date, dt.date],
    options: ReconcileOptions | None = None,
) -> ReconciliationResult:
    """Explain every movement booked in ``period`` (first and last day, inclusive).

    ``movements`` are the merged movements of every account (earlier ones too: they pay what is
    no longer open); ``settlements``, ``invoices`` and ``services`` are all on record. The
    cyclic garbage collector is paused meanwhile: a run builds millions of small values without
    a cycle, and the collector's full passes over them cost more than the work. The result is
    kept, so its values go to the oldest generation at once.
    """
    with collector_paused(keep=True):
        return _reconcile(
            movements, settlements, invoices, services, config, decisions,
            period=period, options=options or ReconcileOptions(),
        )  # fmt: skip


def _reconcile(  # noqa: PLR0913, PLR0917 - as reconcile
    movements: Sequence[Movement],
    settlements: Iterable[Settlement],
    invoices: Iterable[Invoice],
    services: Iterable[Service],
    config: PracticeConfig,
    decisions: Decisions | None,
    *,
    period: tuple[dt.date, dt.date],
    options: ReconcileOptions,
) -> ReconciliationResult:
    first, last = period
    run = _Run(
        settlements, invoices, services,
        config=config, decisions=decisions, options=options,
    )  # fmt: skip
    ordered = sorted((m for m in movements if m.booking_date <= last), key=_IN_DATE_ORDER)
    for movement in ordered:
        run.step(movement)
    run.finish()
    # By account, date, file and line: a stable sort by account keeps the rest of the order.
    reported = sorted((m for m in ordered if m.booking_date >= first), key=_ACCOUNT)
    del ordered
    results: list[MovementResult] = []
    incidents: dict[str, Incident] = {}
    matches: dict[int, tuple[Match, str]] = {}
    reconciled = MatchStatus.RECONCILED
    for movement in reported:
        proposal = run.proposals.get(movement.id)
        slot = id(proposal) if proposal is not None and len(proposal.movements) > 1 else None
        if slot is None or slot not in matches:
            decided = run.match(proposal, movement)
            if slot is not None:
                matches[slot] = decided
        else:
            decided = matches[slot]
        match, account = decided
        references = (
            proposal.references if proposal and match.status is not MatchStatus.PENDING else ()
        )
        result = MovementResult(
            movement.id, match, account, references,
            proposal.related if proposal else (), run.counterparties.get(movement.id, ""),
        )  # fmt: skip
        results.append(result)
        if match.status is not reconciled:  # most are: no incident to build
            incident = _incident(result, movement)
            if incident is not None:
                incidents.setdefault(incident.id, incident)
    return ReconciliationResult(
        first=first,
        last=last,
        results=results,
        incidents=list(incidents.values()),
        open_items=run.documents.docs.open_items(),
    )
