"""The outcome of one service once its lines are known, and the reasons a person reads for it.

Which differences count as justified (documented in docs/punteo.md):

- the amount paid is the price of another fee-schedule entry of the same insurer and act code
  whose validity reaches the act date within ``schedule_change_days`` (the old price paid just
  after a change, the new one applied early, or two overlapping entries);
- the original payment was the expected price and the insurer clawed part back with a line that
  states its concept (a documented regularisation);
- a deduction line of the insurer's settlements carries the service's authorisation and accounts
  for exactly the missing amount (a documented deduction).

Anything else is unjustified and goes to the claim list.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Final, NamedTuple

import attrs

from conciliacion.config import InsurerConfig
from conciliacion.matchers._review_candidates import AUTHORISATION, CARD, Hit, id_key
from conciliacion.model import (
    FeeScheduleEntry,
    Incident,
    IncidentKind,
    ReviewStatus,
    Service,
    ServiceReview,
    Settlement,
    SettlementLine,
)
from conciliacion.model._fields import stable_id
from conciliacion.money import ZERO

if TYPE_CHECKING:
    from conciliacion.matchers.settlement_review import ReviewOptions

__all__ = ["Context", "Tie", "service_outcome", "service_review"]


class Tie(NamedTuple):
    """A settlement line tied to a service, and the key that tied them."""

    line: SettlementLine
    hit: Hit


def _eur(amount: Decimal) -> str:
    """Money already quantised, written the Spanish way; ``format_amount`` would re-check it."""
    return f"{amount:.2f} €".replace(".", ",")


@attrs.frozen
class Context:
    """What every service's outcome needs: fee schedules, terms, deductions and the review date."""

    schedules: dict[tuple[str, str], list[FeeScheduleEntry]]
    terms: dict[str, int]
    deductions: dict[tuple[str, str], list[SettlementLine]]
    settlement_dates: dict[tuple[str, str], dt.date]
    as_of: dt.date
    options: ReviewOptions

    @classmethod
    def build(
        cls,
        settlements: Sequence[Settlement],
        fee_schedule: Iterable[FeeScheduleEntry],
        insurers: Iterable[InsurerConfig],
        as_of: dt.date,
        options: ReviewOptions,
    ) -> Context:
        """Index the inputs once for the whole review."""
        schedules: dict[tuple[str, str], list[FeeScheduleEntry]] = defaultdict(list)
        for entry in fee_schedule:
            schedules[entry.insurer, entry.act_code].append(entry)
        for entries in schedules.values():
            entries.sort(key=lambda e: (e.valid_from, e.id))
        deductions: dict[tuple[str, str], list[SettlementLine]] = defaultdict(list)
        for settlement in settlements:
            for line in settlement.lines:
                if line.is_deduction and (auth := id_key(line.authorisation)):
                    deductions[line.insurer, auth].append(line)
        return cls(
            schedules=dict(schedules),
            terms={insurer.id: insurer.payment_term_days for insurer in insurers},
            deductions=dict(deductions),
            settlement_dates={(s.insurer, s.number): s.date for s in settlements},
            as_of=as_of,
            options=options,
        )

    def fee_entry(self, service: Service) -> FeeScheduleEntry | None:
        """The price in force on the act date; the latest to start where several overlap."""
        entries = self.schedules.get((service.insurer, service.act_code), [])
        in_force = [entry for entry in entries if entry.applies_on(service.date)]
        return in_force[-1] if in_force else None

    def order(self, tie: Tie) -> tuple[dt.date, str, int]:
        """Lines in the order the insurer sent them."""
        line = tie.line
        date = self.settlement_dates.get((line.insurer, line.settlement), dt.date.min)
        return (date, line.source.file, line.source.line)


def _where(service: Service) -> str:
    return f"el servicio de {service.date} ({service.insurer}, código {service.act_code})"


def _tie_reason(tie: Tie, *, first: bool) -> str:
    line, hit = tie.line, tie.hit
    where = f"la línea {line.source} de la liquidación {line.settlement} ({_eur(line.amount)})"
    if hit.key == AUTHORISATION:
        key = "por número de autorización"
    elif hit.key == CARD:
        key = "por tarjeta, fecha del acto y código"
    else:
        key = f"por nombre del paciente ({hit.score:.0f} %) y código de acto"
    if hit.days:
        key += f", fechas a {hit.days} días"
    if line.amount < 0:
        return f"regularización, casa {key}: {where}"
    return f"{'casa' if first else 'otro pago, casa'} {key} con {where}"


def _justify(
    service: Service, entry: FeeScheduleEntry, ties: Sequence[Tie], net: Decimal, ctx: Context
) -> tuple[bool, str]:
    window = dt.timedelta(days=ctx.options.schedule_change_days)
    for other in ctx.schedules.get((service.insurer, service.act_code), []):
        reaches = other.valid_from - window <= service.date and (
            other.valid_to is None or service.date <= other.valid_to + window
        )
        if other is not entry and other.price == net and reaches:
            until = f" al {other.valid_to}" if other.valid_to else ""
            return (
                True,
                f"justificada: es el precio del baremo vigente desde el {other.valid_from}{until}",
            )
    clawbacks = [tie.line for tie in ties if tie.line.amount < 0]
    paid_first = sum((tie.line.amount for tie in ties if tie.line.amount > 0), start=ZERO)
    if clawbacks and paid_first == entry.price and all(line.concept for line in clawbacks):
        where = ", ".join(f"{line.settlement}" for line in clawbacks)
        return True, f"justificada: regularización documentada por la aseguradora ({where})"
    auth = id_key(service.authorisation)
    documented = ctx.deductions.get((service.insurer, auth), []) if auth else []
    deducted = -sum((line.amount for line in documented), start=ZERO)
    if documented and deducted == entry.price - net:
        where = ", ".join(f"{line.settlement}" for line in documented)
        return True, f"justificada: deducción documentada en la liquidación {where}"
    if net < entry.price:
        return False, f"sin justificar: faltan {_eur(entry.price - net)}"
    return False, f"sin justificar: sobran {_eur(net - entry.price)}"


def _not_paid(
    service: Service,
    entry: FeeScheduleEntry | None,
    net: Decimal,
    ctx: Context,
    *,
    clawed_back: bool,
) -> tuple[ReviewStatus, str, Incident | None]:
    """The outcome of a service with nothing paid: annulled, volante missing, within term or not."""
    where = _where(service)
    if clawed_back:
        # Paid and then clawed back in full: the insurer has answered, no term to wait for.
        why = f"pagado y anulado por la aseguradora: neto {_eur(net)}"
        incident = Incident(IncidentKind.UNPAID, service.id, f"{where} fue anulado", service.source)
        return ReviewStatus.UNPAID, why, incident
    if entry is not None and entry.requires_authorisation and not id_key(service.authorisation):
        message = f"{where} requiere autorización: conseguir el volante"
        return (
            ReviewStatus.NO_AUTHORISATION,
            "sin cobrar: el acto requiere autorización y no consta ninguna",
            Incident(IncidentKind.MISSING_AUTHORISATION, service.id, message, service.source),
        )
    term = ctx.terms.get(service.insurer, ctx.options.default_payment_term_days)
    deadline = service.date + dt.timedelta(days=term)
    if ctx.as_of <= deadline:
        why = f"sin cobrar; el plazo de pago de {term} días vence el {deadline}"
        return ReviewStatus.PENDING, why, None
    why = f"sin cobrar; el plazo de pago de {term} días venció el {deadline}"
    incident = Incident(IncidentKind.UNPAID, service.id, f"{where} está impagado", service.source)
    return ReviewStatus.UNPAID, why, incident


def service_outcome(
    service: Service, primary: Tie | None, extras: Sequence[Tie], ctx: Context
) -> tuple[ServiceReview, list[Incident]]:
    """Decide the outcome of one service from the lines tied to it."""
    entry = ctx.fee_entry(service)
    expected = None if entry is None else entry.price
    reasons: list[str] = []
    incidents: list[Incident] = []
    if entry is None:
        text = (
            f"sin baremo de {service.insurer} para el código {service.act_code} el {service.date}"
        )
        reasons.append(text)
        incidents.append(Incident(IncidentKind.NO_FEE_SCHEDULE, service.id, text, service.source))
    ties = [primary] if primary else []
    if extras:
        ties.extend(sorted(extras, key=ctx.order))
    reasons.extend(_tie_reason(tie, first=index == 0) for index, tie in enumerate(ties))
    net = sum((tie.line.amount for tie in ties), start=ZERO)
    positives = [tie.line.amount for tie in ties if tie.line.amount > 0]
    justified = None
    once = max(positives, default=ZERO) if expected is None else expected
    if len(positives) > 1 and net > once:
        status = ReviewStatus.DUPLICATE
        reasons.append(f"pagado {len(positives)} veces: neto {_eur(net)}")
        incidents.append(
            Incident(
                IncidentKind.DUPLICATE_PAYMENT,
                service.id,
                f"{_where(service)} está pagado dos veces",
            )
        )
    elif net > 0:
        if entry is None or net == entry.price:
            status = ReviewStatus.PAID
            if entry is not None:
                reasons.append(f"pagado {_eur(net)}, igual al baremo")
        else:
            status = ReviewStatus.FEE_DIFFERENCE
            justified, why = _justify(service, entry, ties, net, ctx)
            reasons.append(f"esperado {_eur(entry.price)}, pagado {_eur(net)}; diferencia {why}")
            if not justified:
                incidents.append(
                    Incident(
                        IncidentKind.FEE_DIFFERENCE,
                        service.id,
                        f"{_where(service)}: diferencia {why}",
                    )
                )
    else:
        status, why, incident = _not_paid(service, entry, net, ctx, clawed_back=bool(ties))
        reasons.append(why)
        if incident is not None:
            incidents.append(incident)
    review = service_review(
        service.id,
        status,
        expected,
        net,
        justified,
        sorted({tie.line.settlement for tie in ties}),
        [tie.line.id for tie in ties],
        reasons,
    )
    return review, incidents


_REVIEW_SLOTS: Final = (
    "service_id",
    "status",
    "expected",
    "paid",
    "difference",
    "justified",
    "settlements",
    "lines",
    "reasons",
    "id",
)
_review_setters: Final = tuple(ServiceReview.__dict__[name].__set__ for name in _REVIEW_SLOTS)


def service_review(  # noqa: PLR0913, PLR0917 - the review's fields, in their order
    service_id: str,
    status: ReviewStatus,
    expected: Decimal | None,
    net: Decimal,
    justified: bool | None,  # noqa: FBT001 - a field's value
    settlements: Sequence[str],
    lines: Sequence[str],
    reasons: Sequence[str],
) -> ServiceReview:
    """``ServiceReview(...)`` of values this module computed, without the validating constructor.

    Ten years of activity are 200,000 reviews, and the constructor's checks (money converted
    three times, texts frozen, the status checked) were half of deciding each one. Here the
    amounts are already money (fee-schedule prices, sums of settlement lines: two places), so
    only ``-0.00`` is normalised as ``to_money`` does, and the identity is the model's. A property
    test checks equal results.
    """
    review: ServiceReview = object.__new__(ServiceReview)
    values = (
        service_id,
        status,
        expected,
        net + ZERO,
        None if expected is None else net - expected + ZERO,
        justified,
        tuple(settlements),
        tuple(lines),
        tuple(reasons),
        stable_id("pun", service_id),
    )
    for setter, value in zip(_review_setters, values, strict=True):
        setter(review, value)
    return review
