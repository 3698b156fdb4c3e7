"""Reading what the reports need from a practice: inputs, claims, decisions, reconciliation.

The only module of the reports that touches files or the event store. It reads once and builds a
:class:`~conciliacion.reports.report_inputs.ReportInputs` for any date, so the monthly report can
compute the previous month and the same month a year earlier from the same reading. The store is
opened only when it exists: a report never creates state.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path

import attrs

from conciliacion.claims import Claim, Decisions, claims, decisions
from conciliacion.config import PracticeConfig
from conciliacion.fingerprint import FingerprintError, canonical
from conciliacion.inputs import PracticeInputs, read_practice_inputs
from conciliacion.matchers.bank_reconcile import reconcile
from conciliacion.matchers.settlement_review import review_settlements
from conciliacion.model import Match, Movement, ReviewResult, Source
from conciliacion.practice import Practice
from conciliacion.reports.report_inputs import ReportInputs
from conciliacion.signing import code_digest

__all__ = ["PracticeState", "bank_matches", "figures_key", "load_state", "report_inputs"]


@attrs.frozen
class PracticeState:
    """A practice as read once: its configuration, inputs, claims and decisions.

    Attributes:
        config: the configuration.
        inputs: every input file, read.
        claims: every claim of the event store (none without a store).
        decisions: the standing decisions (none without a store).
    """

    config: PracticeConfig
    inputs: PracticeInputs
    claims: tuple[Claim, ...] = ()
    decisions: Decisions = attrs.field(factory=Decisions)


def load_state(
    practice: Practice, *, config: PracticeConfig | None = None, db: str | Path | None = None
) -> PracticeState:
    """Read the practice's inputs and, if it has an event store, its claims and decisions."""
    config = config or practice.load_config()
    inputs = read_practice_inputs(practice, config)
    where = db or config.store_url or (practice.db_path if practice.db_path.exists() else None)
    if where is None:
        return PracticeState(config, inputs)
    from conciliacion.claims.store import open_store  # noqa: PLC0415 - SQLAlchemy, when needed

    with open_store(where, chain=config.practice.nif) as store:
        return PracticeState(config, inputs, claims(store), decisions(store))


def bank_matches(state: PracticeState, first: dt.date, last: dt.date) -> tuple[Match, ...]:
    """The bank reconciliation of the movements booked from ``first`` to ``last``.

    Only what was on record on ``last`` takes part, so an earlier week or month is judged as it
    stood then.
    """
    inputs = state.inputs
    movements = [m for account in inputs.merged.accounts for m in account.movements]
    if not movements:
        return ()
    result = reconcile(
        movements,
        [s for s in inputs.settlements if s.date <= last],
        [i for i in inputs.invoices if i.date <= last],
        [s for s in inputs.services if s.date <= last],
        state.config,
        state.decisions,
        period=(first, last),
    )
    unique = {r.match.id: r.match for r in result.results}
    return tuple(unique.values())


def _first_movement(state: PracticeState) -> dt.date | None:
    days = [a.start_date for a in state.inputs.merged.accounts]
    return min(days, default=None)


def report_inputs(
    state: PracticeState,
    as_of: dt.date,
    *,
    matches: Sequence[Match] | None = None,
    reconcile_from: dt.date | None = None,
    review: ReviewResult | None = None,
) -> ReportInputs:
    """The report inputs as of the end of ``as_of``.

    Args:
        state: the practice as read.
        as_of: the report's date.
        matches: the bank reconciliation's results, when the caller has them.
        reconcile_from: without ``matches``, reconcile the movements from this day to
            ``as_of``; ``None`` (and no ``matches``) leaves the report without reconciliation.
        review: the settlement review as of ``as_of``, when the caller has it (the month's run
            has; reviewing again would cost as much as the rest of the report).

    Of ``matches``, only those whose movements were all booked by ``as_of`` count: a later
    movement's match did not exist on that day.
    """
    inputs, config = state.inputs, state.config
    if matches is None and reconcile_from is not None:
        start = max(reconcile_from, _first_movement(state) or reconcile_from)
        matches = bank_matches(state, start, as_of) if start <= as_of else ()
    if review is None:
        review = review_settlements(
            inputs.services, inputs.settlements, inputs.fee_schedule, config.insurers, as_of
        )
    ends = {a.account: a.end_date for a in inputs.merged.accounts}
    movements = _movements_by(inputs, as_of)
    return ReportInputs(
        review=review,
        services=[s for s in inputs.services if s.date <= as_of],
        settlements=[s for s in inputs.settlements if s.date <= as_of],
        movements=movements,
        insurers=config.insurers,
        claims=[c for c in state.claims if c.created_on <= as_of],
        decisions=state.decisions,
        matches=None if matches is None else _matches_by(matches, movements),
        gaps=[gap for gap in inputs.merged.gaps if gap.next_start <= as_of],
        statement_ends={
            account.iban: min(ends[account.iban], as_of) if account.iban in ends else None
            for account in config.accounts
        },
        incidents=inputs.incidents,
        practice_name=config.practice.name,
    )


def _movements_by(inputs: PracticeInputs, as_of: dt.date) -> list[Movement]:
    return [m for a in inputs.merged.accounts for m in a.movements if m.booking_date <= as_of]


def _matches_by(matches: Sequence[Match], movements: Sequence[Movement]) -> list[Match]:
    """The matches all of whose movements are among ``movements`` (those booked by a day)."""
    known = {m.id for m in movements}
    return [match for match in matches if all(s in known for s in match.subjects)]


def figures_key(
    state: PracticeState, month: str, as_of: dt.date, matches: Sequence[Match] | None
) -> str | None:
    """Everything the figures of ``month`` as of ``as_of`` are computed from, as one digest.

    What :func:`report_inputs` gives for that day, its settlement review included, follows from
    the records dated by then, the fee schedule, the configuration, the store and the program. A
    record is told by its file's SHA-256 and its line: the same bytes give the same record. So two
    equal keys mean equal figures, and a kept month's figures can stand in for computing them.
    ``None`` when a record's file is unknown or a value cannot be encoded: then nothing is kept.

    Of each match, the key takes what the figures read (which movements, which documents, its
    status, and its id for the decisions), not its confidence or its reasons: a later document
    of the same amount adds a reason to an old payment's match ("the closest in date of two")
    without changing what the month's figures say. A figure that comes to read more of a match
    must add it here.
    """
    inputs = state.inputs
    movements = _movements_by(inputs, as_of)
    records: list[tuple[str, Iterable[Source]]] = [
        ("servicios", (s.source for s in inputs.services if s.date <= as_of)),
        ("liquidaciones", (s.source for s in inputs.settlements if s.date <= as_of)),
        ("movimientos", (m.source for m in movements)),
        ("baremos", (e.source for e in inputs.fee_schedule)),
    ]
    digest = hashlib.sha256(code_digest("conciliacion").encode())
    try:
        digest.update(canonical((month, as_of, state.config, state.decisions)))
        digest.update(canonical([c for c in state.claims if c.created_on <= as_of]))
        if matches is not None:
            mine = _matches_by(matches, movements)
            digest.update(canonical([(m.id, m.status, m.subjects, m.targets) for m in mine]))
        files: set[str] = set()
        for kind, sources in records:
            digest.update(f"\n{kind}".encode())
            for source in sources:
                files.add(source.file)
                digest.update(f"{source.file}\0{source.line}\n".encode())
        for name in sorted(files):
            digest.update(f"{name}\0{inputs.digests[name]}\n".encode())
    except (FingerprintError, KeyError):
        return None
    return digest.hexdigest()
