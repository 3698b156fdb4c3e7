"""One month of one practice: read, match, write, in that order, all or nothing.

Every stage is a pure function of the inputs and of the earlier stages: read every input (bank
statements merged per account, activity, fee schedules, settlements, invoices) and the event
store's claims and decisions; review the settlements (punteo); reconcile the bank movements from
the first on record to the month's end; turn both into the ledger's bookings. A malformed input
stops the run there, before anything changes on disk. Then the writing: the payments of claimed
services go to the store (each known one is skipped, so a rerun records nothing), the month's
files, the ledger, the incident list and the monthly report. Every file is written atomically and
the month's output folder and the ledger are put back as they were if any of it fails.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import json
import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from conciliacion._gc import collector_paused, set_aside
from conciliacion.claims import (
    Claim,
    Decisions,
    apply_payments,
    claims,
    create_claim,
    decisions,
)
from conciliacion.claims.from_review import (
    NewClaims,
    claim_items,
    new_claims,
    service_payments,
)
from conciliacion.config import PracticeConfig
from conciliacion.files import (
    atomic_write_text,
    remove_stale_temporaries,
    restored_on_failure,
)
from conciliacion.inputs import PracticeInputs, read_practice_inputs
from conciliacion.ledger.bookings import MonthBooks
from conciliacion.ledger.check import require_valid
from conciliacion.ledger.from_results import months_books
from conciliacion.ledger.writer import MAIN_FILE, month_path, write_month
from conciliacion.locking import practice_lock
from conciliacion.matchers.bank_reconcile import reconcile
from conciliacion.matchers.settlement_review import review_settlements
from conciliacion.model import (
    MatchStatus,
    Movement,
    ReconciliationResult,
    ReviewResult,
    ReviewStatus,
)
from conciliacion.money import ZERO
from conciliacion.month_summary import MonthSummary
from conciliacion.practice import Practice, parse_month
from conciliacion.reports.printing import ReportPrinter, month_printer
from conciliacion.reports.reconciliation_files import write_reconciliation_outputs
from conciliacion.reports.review_files import start_review_outputs, write_review_outputs
from conciliacion.reports.sources import PracticeState

if TYPE_CHECKING:  # the store loads SQLAlchemy, which a practice without a store never needs
    from conciliacion.claims.store import EventStore

__all__ = [
    "MonthSummary",
    "Progress",
    "month_bounds",
    "register_claims",
    "run_month",
    "run_reconciliation",
    "run_review",
]

logger = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)`` during long stages; the CLI shows it as a bar."""


def _no_progress(_stage: str, _done: int, _total: int) -> None:
    return None


def month_bounds(month: str) -> tuple[str, dt.date, dt.date]:
    """The canonical ``AAAA-MM``, first and last day of a month.

    >>> month_bounds("2024-02")
    ('2024-02', datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))
    """
    year, number = parse_month(month)
    last = calendar.monthrange(year, number)[1]
    return f"{year:04d}-{number:02d}", dt.date(year, number, 1), dt.date(year, number, last)


def _months(first: dt.date, last: dt.date) -> Iterator[str]:
    """Every ``AAAA-MM`` from ``first``'s month to ``last``'s, in order."""
    year, number = first.year, first.month
    while (year, number) <= (last.year, last.month):
        yield f"{year:04d}-{number:02d}"
        year, number = (year + 1, 1) if number == 12 else (year, number + 1)  # noqa: PLR2004


def _review(inputs: PracticeInputs, config: PracticeConfig, as_of: dt.date) -> ReviewResult:
    return review_settlements(
        inputs.services, inputs.settlements, inputs.fee_schedule, config.insurers, as_of
    )


def _movements(inputs: PracticeInputs) -> list[Movement]:
    return [m for account in inputs.merged.accounts for m in account.movements]


def _reconcile(
    inputs: PracticeInputs, config: PracticeConfig, decided: Decisions, last: dt.date
) -> ReconciliationResult | None:
    """Every movement on record up to ``last``, reconciled in one pass; ``None`` without any.

    The whole history in one pass serves the month's files, the ledger of earlier months not yet
    written, and the reports' coverage; the month's own results are the same as a pass over the
    month alone, since the engine walks every earlier movement either way.
    """
    movements = [m for m in _movements(inputs) if m.booking_date <= last]
    if not movements:
        return None
    start = min(m.booking_date for m in movements)
    return reconcile(
        movements,
        [s for s in inputs.settlements if s.date <= last],
        [i for i in inputs.invoices if i.date <= last],
        [s for s in inputs.services if s.date <= last],
        config,
        decided,
        period=(start, last),
    )


def _month_slice(
    result: ReconciliationResult | None,
    movements: dict[str, Movement],
    first: dt.date,
    last: dt.date,
) -> ReconciliationResult:
    """The part of a reconciliation about the movements booked from ``first`` to ``last``."""
    if result is None:
        return ReconciliationResult(first, last, ())
    mine = [r for r in result.results if first <= movements[r.movement].booking_date <= last]
    subjects = {r.movement for r in mine}
    return ReconciliationResult(
        first,
        last,
        mine,
        [i for i in result.incidents if i.subject in subjects],
        result.open_items,
    )


def _store_location(
    practice: Practice, config: PracticeConfig, db: str | Path | None
) -> str | Path | None:
    """Where the event store is; ``None`` when the practice has none yet (a run creates none)."""
    if db:
        return db
    if config.store_url:
        return config.store_url
    return practice.db_path if practice.db_path.exists() else None


@attrs.frozen
class _Computed:
    """A month computed and not yet written."""

    month: str
    first: dt.date
    last: dt.date
    config: PracticeConfig
    inputs: PracticeInputs
    review: ReviewResult
    history: ReconciliationResult | None
    reconciliation: ReconciliationResult
    books: tuple[MonthBooks, ...]
    movements: dict[str, Movement]


def _ledger_months(
    practice: Practice, inputs: PracticeInputs, month: str, last: dt.date
) -> list[str]:
    """The month itself and every earlier month with data that has no ledger file yet.

    Earlier months already written stay as they are: a person may have closed them, and rerunning
    such a month (``conciliar mes`` on it) is how to bring it up to date on purpose.
    """
    days = [s.start_date for s in inputs.statements if s.start_date <= last]
    days += [s.date for s in inputs.services if s.date <= last]
    days += [i.date for i in inputs.invoices if i.date <= last]
    if not days:
        return [month]
    earlier = [
        m
        for m in _months(min(days), last)
        if m < month and not month_path(practice.ledger_dir, m).exists()
    ]
    return [*earlier, month]


def _books(
    inputs: PracticeInputs,
    config: PracticeConfig,
    months: Iterable[str],
    review: ReviewResult,
    history: ReconciliationResult | None,
) -> tuple[MonthBooks, ...]:
    """The bookings of each month to write.

    One review serves every month: what a month accrues is the fee-schedule price of its
    services, which the review as of any later day gives the same.
    """
    months = list(months)
    first, last = month_bounds(months[0])[1], month_bounds(months[-1])[2]
    return tuple(
        months_books(
            months,
            config=config,
            statements=inputs.statements,
            services=inputs.services,
            invoices=inputs.invoices,
            settlements=inputs.settlements,
            review=review,
            reconciliation=history or ReconciliationResult(first, last, ()),
        )
    )


def _compute(  # noqa: PLR0913 - the month's inputs, options keyword-only
    practice: Practice,
    month: str,
    config: PracticeConfig,
    decided: Decisions,
    *,
    progress: Progress,
    ledger: bool,
) -> _Computed:
    month, first, last = month_bounds(month)
    # Reading, reviewing and reconciling ten years build millions of values and no cycle: the
    # cyclic collector's passes over them would find nothing.
    with collector_paused(keep=True):
        inputs = read_practice_inputs(practice, config, progress)
        review = _review(inputs, config, last)
        history = _reconcile(inputs, config, decided, last)
        movements = {m.id: m for m in _movements(inputs)}
        books: tuple[MonthBooks, ...] = ()
        if ledger:
            months = _ledger_months(practice, inputs, month, last)
            books = _books(inputs, config, months, review, history)
    return _Computed(
        month, first, last, config, inputs, review, history,
        _month_slice(history, movements, first, last), books, movements,
    )  # fmt: skip


def _unexplained(result: ReconciliationResult, movements: dict[str, Movement]) -> Decimal:
    return sum(
        (
            abs(movements[r.movement].amount)
            for r in result.results
            if r.status is MatchStatus.PENDING
        ),
        ZERO,
    )


def run_review(
    practice: Practice,
    month: str,
    *,
    config: PracticeConfig | None = None,
    progress: Progress = _no_progress,
) -> tuple[ReviewResult, list[Path]]:
    """The settlement review (punteo) alone: read the inputs, review, write its files."""
    month, _first, last = month_bounds(month)
    config = config or practice.load_config()
    with practice_lock(practice.root):
        inputs = read_practice_inputs(practice, config, progress)
        review = _review(inputs, config, last)
        services = {service.id: service for service in inputs.services}
        return review, write_review_outputs(practice.output_dir(month), review, services)


def _read_store(
    where: str | Path | None, config: PracticeConfig
) -> tuple[tuple[Claim, ...], Decisions]:
    if where is None:
        return (), Decisions()
    from conciliacion.claims.store import open_store  # noqa: PLC0415 - SQLAlchemy, when needed

    with open_store(where, chain=config.practice.nif) as store:
        return claims(store), decisions(store)


def run_reconciliation(
    practice: Practice,
    month: str,
    *,
    config: PracticeConfig | None = None,
    db: str | Path | None = None,
    progress: Progress = _no_progress,
) -> tuple[ReconciliationResult, list[Path]]:
    """The bank reconciliation of one month alone: read, reconcile, write its two files."""
    month_bounds(month)
    config = config or practice.load_config()
    with practice_lock(practice.root):
        _claims, decided = _read_store(_store_location(practice, config, db), config)
        computed = _compute(practice, month, config, decided, progress=progress, ledger=False)
        out_dir = practice.output_dir(computed.month)
        written = write_reconciliation_outputs(out_dir, computed.reconciliation, computed.movements)
        return computed.reconciliation, written


def run_month(  # noqa: PLR0913 - the practice, the month and keyword-only options
    practice: Practice,
    month: str,
    *,
    config: PracticeConfig | None = None,
    db: str | Path | None = None,
    progress: Progress = _no_progress,
    ledger: bool = True,
    report: bool = True,
    print_aside: bool = False,
    printer: ReportPrinter | None = None,
) -> MonthSummary:
    """Run the month ``AAAA-MM`` for ``practice`` and write its outputs.

    Args:
        practice: the practice folder.
        month: ``AAAA-MM``.
        config: the configuration, if already loaded (else the practice's).
        db: the event store's path or URL (else the configuration's, or the practice's
            ``conciliacion.db`` when it exists; without one, no claims and no decisions).
        progress: called during long stages.
        ledger: write the month's ledger (and earlier months never written), checked as
            ``bean-check`` does.
        report: write the incident list and the monthly report (HTML, PDF, annex).
        print_aside: draw and print the report, and build the punteo's workbook, in a second
            process (which loads the report's libraries while this one reads and computes);
            the command does; same bytes either way.
        printer: the printer to use, entered by the caller (the command starts its worker
            before loading this module; see :func:`month_printer`); else one is made here, as
            ``print_aside`` says.
    """
    month_bounds(month)  # a bad month is the first thing to say
    config = config or practice.load_config()
    with ExitStack() as own:
        if printer is None:
            printer = own.enter_context(
                month_printer(practice, month, report=report, aside=print_aside)
            )
        own.enter_context(practice_lock(practice.root))
        where = _store_location(practice, config, db)
        known_claims, decided = _read_store(where, config)
        computed = _compute(practice, month, config, decided, progress=progress, ledger=ledger)
        own.enter_context(set_aside())  # the values read and computed: see conciliacion._gc
        payments = service_payments(computed.review, computed.inputs.settlements, known_claims)
        out_dir = practice.output_dir(computed.month)
        remove_stale_temporaries([out_dir, practice.ledger_dir])
        with ExitStack() as stack:
            store: EventStore | None = None
            if where is not None:
                from conciliacion.claims.store import open_store  # noqa: PLC0415 - as above

                store = stack.enter_context(open_store(where, chain=config.practice.nif))
            stack.enter_context(restored_on_failure([out_dir, practice.ledger_dir]))
            recorded = apply_payments(store, payments) if store is not None and payments else ()
            if recorded and store is not None:
                known_claims = claims(store)
            state = PracticeState(config, computed.inputs, known_claims, decided)
            summary = _write(
                practice, computed, state, len(recorded), progress, report=report, printer=printer
            )
    return summary


def _write(  # noqa: PLR0913 - the computed month and what the store says
    practice: Practice,
    computed: _Computed,
    state: PracticeState,
    recorded: int,
    progress: Progress,
    *,
    report: bool,
    printer: ReportPrinter | None,
) -> MonthSummary:
    out_dir = practice.output_dir(computed.month)
    inputs, config = computed.inputs, computed.config
    # The printer's worker builds the punteo's workbook (a row per service of every year, the
    # longest piece) and then draws the report, while the rest is computed and written here.
    services = {service.id: service for service in inputs.services}
    review_files = start_review_outputs(out_dir, computed.review, services, printer)
    reports = _start_reports(practice, computed, state, printer) if report else None
    written = write_reconciliation_outputs(out_dir, computed.reconciliation, computed.movements)
    ledger_file = _write_ledger(practice, computed, progress)
    # The reports first: the pieces of theirs the worker has not started yet are built here
    # (see ReportPrinter.build) while it finishes the punteo's workbook.
    if reports is not None:
        written += reports()
    written += review_files()
    fresh: NewClaims = new_claims(
        computed.review, {s.id: s.insurer for s in inputs.services}, state.claims
    )
    summary_path = out_dir / "resumen.json"
    counts = computed.review.counts
    summary = MonthSummary(
        practice=config.practice.name,
        month=computed.month,
        inputs=inputs.files,
        movements=len(computed.reconciliation.results),
        format_warnings=len(inputs.warnings),
        missing_statements=len(inputs.merged.gaps),
        review={str(status): counts.get(status, 0) for status in ReviewStatus},
        claimed=computed.review.total_claimed,
        incidents=len(inputs.incidents) + len(computed.review.incidents),
        output_dir=practice.relative(out_dir),
        outputs=tuple(sorted(practice.relative(path) for path in [*written, summary_path])),
        reconciliation=computed.reconciliation.counts(),
        unexplained=_unexplained(computed.reconciliation, computed.movements),
        new_claims=fresh.services,
        new_claims_amount=fresh.amount,
        payments_recorded=recorded,
        ledger=ledger_file,
        repeated=tuple(left_out for left_out, _same in inputs.repeated),
    )
    text = json.dumps(summary.to_json(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    atomic_write_text(summary_path, text)
    logger.info("mes %s escrito en %s", computed.month, summary.output_dir)
    return summary


def _ledger_digest(folder: Path) -> str:
    """The ledger's files and contents, to tell whether a run changed any of them."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*.beancount")):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _write_ledger(practice: Practice, computed: _Computed, progress: Progress) -> str:
    """Write the months' ledger files and check the whole ledger; the month's file, relative.

    The check (Beancount loading every entry of every year) is the slow part of a large ledger;
    when no file changed, the ledger is the one already checked, and it is skipped.
    """
    if not computed.books:
        return ""
    before = _ledger_digest(practice.ledger_dir)
    ledger_file = ""
    for done, books in enumerate(computed.books, start=1):
        path = write_month(practice.ledger_dir, books, check=False)
        progress("libro", done, len(computed.books))
        if books.month == computed.month:
            ledger_file = practice.relative(path)
    if _ledger_digest(practice.ledger_dir) != before:
        require_valid(practice.ledger_dir / MAIN_FILE)
    return ledger_file


def _start_reports(
    practice: Practice, computed: _Computed, state: PracticeState, printer: ReportPrinter | None
) -> Callable[[], list[Path]]:
    """The month's incident list (as of its last day), and the monthly report started."""
    from conciliacion.reports.files import start_month_reports  # noqa: PLC0415 - heavy imports

    matches = None
    if computed.history is not None:
        matches = tuple({r.match.id: r.match for r in computed.history.results}.values())
    return start_month_reports(
        practice, computed.month, state, matches, review=computed.review, printer=printer
    )


def register_claims(  # noqa: PLR0913 - the practice, the month, the store and the act's facts
    practice: Practice,
    month: str,
    store: EventStore,
    *,
    on: dt.date,
    actor: str,
    insurer: str | None = None,
) -> list[Claim]:
    """Register the month's claim lists as claims, one per insurer, for what is not claimed yet.

    The review is the one of ``conciliar puntear`` (everything known at the month's end), so the
    claims hold exactly the lines of the claim lists already written, less what an earlier claim
    covers: registering twice adds nothing.
    """
    month, _first, last = month_bounds(month)
    config = practice.load_config()
    inputs = read_practice_inputs(practice, config)
    review = _review(inputs, config, last)
    lists = claim_items(review, {s.id: s for s in inputs.services}, claims(store))
    if insurer is not None:
        lists = {key: items for key, items in lists.items() if key == insurer}
    return [create_claim(store, key, items, actor, on) for key, items in lists.items()]
