"""The settlement review (punteo): which settlement line pays which service, and what is left.

Lines are tied to services in three passes, from the surest key down: the authorisation number,
card + date of act + act code, and the patient's name within a date window. Each pass is a global
optimal assignment (:mod:`conciliacion.matchers.assignment`), so a line never goes to the first
service that fits when another needs it more. Lines left over, and clawbacks, are then tied to the
service they refer to: a second payment makes it a duplicate, a clawback nets what was paid.

The run for a month looks at everything known on its last day (services rendered and settlements
dated up to then, from every earlier month too), so services stay open until a later settlement
pays them and running a month again gives the same result.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TypeVar

import attrs

from conciliacion._gc import collector_paused
from conciliacion.config import InsurerConfig
from conciliacion.matchers._review_candidates import Hit, KeyIndex, NameIndex
from conciliacion.matchers._review_outcome import Context, Tie, service_outcome
from conciliacion.matchers.assignment import Candidate, assign
from conciliacion.model import (
    FeeScheduleEntry,
    Incident,
    IncidentKind,
    LineReview,
    ReviewResult,
    Service,
    Settlement,
    SettlementLine,
)
from conciliacion.money import ZERO

__all__ = ["ReviewOptions", "review_settlements"]


@attrs.frozen
class ReviewOptions:
    """How forgiving the review is.

    Attributes:
        date_tolerance_days: how far apart the act dates of the clinic and the insurer may be for
            a match by the patient's name.
        name_threshold: lowest name score (0-100) accepted as the same patient.
        card_mismatch_penalty: points a name score loses when both sides have a card and they
            differ.
        schedule_change_days: how close to a change of fee schedule an act may be for the other
            price to count as justified (insurers apply the old price for a while, or the new one
            early).
        default_payment_term_days: the payment term of an insurer missing from the configuration.
    """

    date_tolerance_days: int = attrs.field(default=7, validator=attrs.validators.ge(0))
    name_threshold: float = attrs.field(default=85.0, validator=attrs.validators.le(100))
    card_mismatch_penalty: float = attrs.field(default=15.0, validator=attrs.validators.ge(0))
    schedule_change_days: int = attrs.field(default=31, validator=attrs.validators.ge(0))
    default_payment_term_days: int = attrs.field(default=60, validator=attrs.validators.ge(0))


_Record = TypeVar("_Record", Service, Settlement, SettlementLine)


def _unique_by_id(values: Iterable[_Record]) -> list[_Record]:
    """The first of each id: the same file given twice must not make duplicates."""
    seen: dict[str, _Record] = {}
    for value in values:
        seen.setdefault(value.id, value)
    return list(seen.values())


def _assign_stage(lines: Sequence[SettlementLine], hits_of: dict[str, list[Hit]]) -> dict[str, Tie]:
    best: dict[tuple[str, str], Hit] = {}
    by_id = {line.id: line for line in lines}
    for line_id, hits in hits_of.items():
        for hit in hits:
            key = (hit.service.id, line_id)
            if key not in best or hit.weight > best[key].weight:
                best[key] = hit
    chosen = assign(Candidate(sid, lid, hit.weight) for (sid, lid), hit in best.items())
    return {c.right: Tie(by_id[c.right], best[c.left, c.right]) for c in chosen}


def _match_payments(
    services: Sequence[Service],
    payments: Sequence[SettlementLine],
    index: KeyIndex,
    options: ReviewOptions,
) -> dict[str, Tie]:
    """Positive lines to services, one to one: sure keys first, then names for lines with none."""
    ranks = index.ranks(payments)
    exact = {line.id: index.exact(line, ranks[line.id]) for line in payments}
    ties = _assign_stage(payments, exact)
    paid = {tie.hit.service.id for tie in ties.values()}
    # A line whose sure key points at a service already paid is that service's extra line,
    # not a payment of someone else with a similar name.
    left_lines = [line for line in payments if not exact[line.id]]
    left_index = NameIndex(service for service in services if service.id not in paid)
    by_name = {
        line.id: left_index.by_name(
            line,
            options.date_tolerance_days,
            options.name_threshold,
            options.card_mismatch_penalty,
        )
        for line in left_lines
    }
    ties.update(_assign_stage(left_lines, by_name))
    return ties


def _attach(
    lines: Sequence[SettlementLine],
    services: Sequence[Service],
    index: KeyIndex,
    primary: dict[str, Tie],
    context: Context,
) -> dict[str, Tie]:
    """Tie extra payments and clawbacks to the service they refer to, paid services first.

    Between equally good services (two equal acts on one day), the line goes where it brings
    the amount paid closest to the fee schedule: a regularisation completes the short-paid one.
    """
    options = context.options
    net = {tie.hit.service.id: tie.line.amount for tie in primary.values()}
    ties = {}
    names: NameIndex | None = None
    for line in lines:
        hits = index.exact(line)
        if not hits:
            names = names or NameIndex(services)
            hits = names.by_name(
                line,
                options.date_tolerance_days,
                options.name_threshold,
                options.card_mismatch_penalty,
            )
        if line.amount > 0:
            hits = [hit for hit in hits if hit.service.id in net]

        def preference(hit: Hit, amount: Decimal = line.amount) -> tuple[object, ...]:
            entry = context.fee_entry(hit.service)
            paid = net.get(hit.service.id, ZERO) + amount
            gap = abs(entry.price - paid) if entry is not None else ZERO
            sid = hit.service.id
            return (sid not in net, -round(hit.weight), gap, -hit.weight, sid)

        if hits:
            best = min(hits, key=preference)
            ties[line.id] = Tie(line, best)
            net[best.service.id] = net.get(best.service.id, ZERO) + line.amount
    return ties


def _line_review(line: SettlementLine, options: ReviewOptions) -> LineReview:
    if line.amount < 0:
        why = "regularización negativa sin ningún servicio al que aplicarla"
    else:
        why = (
            "ningún servicio casa por autorización, por tarjeta + fecha + código ni por nombre "
            f"del paciente (umbral {options.name_threshold:.0f} %, ±{options.date_tolerance_days}"
            " días)"
        )
    return LineReview(
        line_id=line.id,
        settlement=line.settlement,
        insurer=line.insurer,
        amount=line.amount,
        act_date=line.act_date,
        act_code=line.act_code,
        authorisation=line.authorisation,
        source=line.source,
        reasons=(f"línea {line.source} de la liquidación {line.settlement}", why),
    )


def review_settlements(  # noqa: PLR0913 - the review's inputs, the options keyword-only
    services: Iterable[Service],
    settlements: Iterable[Settlement],
    fee_schedule: Iterable[FeeScheduleEntry],
    insurers: Iterable[InsurerConfig],
    as_of: dt.date,
    *,
    options: ReviewOptions = ReviewOptions(),
) -> ReviewResult:
    """Tick the settlements known on ``as_of`` off against the insured services rendered by then.

    Private patients' services are left out (bank reconciliation explains them); services and
    settlements dated after ``as_of`` are ignored, so re-running an earlier month gives what was
    known then.

    The cyclic collector is paused meanwhile: the review builds a value per service and holds no
    cycle, and on ten years of activity the collector's passes over the inputs cost a fifth of
    the review.
    """
    with collector_paused(keep=True):
        return _review(services, settlements, fee_schedule, insurers, as_of, options=options)


def _review(  # noqa: PLR0913 - review_settlements' arguments
    services: Iterable[Service],
    settlements: Iterable[Settlement],
    fee_schedule: Iterable[FeeScheduleEntry],
    insurers: Iterable[InsurerConfig],
    as_of: dt.date,
    *,
    options: ReviewOptions,
) -> ReviewResult:
    in_scope = sorted(
        _unique_by_id(s for s in services if not s.is_private and s.date <= as_of),
        key=lambda s: (s.date, s.source.file, s.source.line, s.id),
    )
    known = sorted(
        _unique_by_id(s for s in settlements if s.date <= as_of),
        key=lambda s: (s.insurer, s.date, s.number),
    )
    lines = _unique_by_id(
        line
        for settlement in known
        for line in sorted(settlement.lines, key=lambda x: (x.source.file, x.source.line, x.id))
    )
    payments = [line for line in lines if not line.is_deduction and line.amount > 0]
    keys = KeyIndex(in_scope)
    primary = _match_payments(in_scope, payments, keys, options)
    context = Context.build(known, fee_schedule, insurers, as_of, options)
    rest = [line for line in lines if not line.is_deduction and line.id not in primary]
    extra = _attach(rest, in_scope, keys, primary, context)

    primary_of = {tie.hit.service.id: tie for tie in primary.values()}
    extras_of: dict[str, list[Tie]] = defaultdict(list)
    for tie in extra.values():
        extras_of[tie.hit.service.id].append(tie)
    reviews = []
    incidents: list[Incident] = []
    for service in in_scope:
        review, found = service_outcome(
            service, primary_of.get(service.id), extras_of.get(service.id, []), context
        )
        reviews.append(review)
        incidents.extend(found)
    unmatched = [_line_review(line, options) for line in rest if line.id not in extra]
    unmatched.sort(key=lambda r: (r.insurer, r.settlement, r.source.file, r.source.line, r.id))
    incidents.extend(
        Incident(
            IncidentKind.PAID_WITHOUT_SERVICE,
            review.line_id,
            f"la línea de la liquidación {review.settlement} ({review.amount} €) no corresponde "
            "a ninguna actividad registrada",
            review.source,
        )
        for review in unmatched
    )
    return ReviewResult(as_of=as_of, services=reviews, lines=unmatched, incidents=incidents)
