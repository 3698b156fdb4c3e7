"""The outcome of the settlement review (punteo): what happened to each service and each line.

Every insured service up to the review date gets exactly one :class:`ServiceReview`; every
settlement line that pays no service gets a :class:`LineReview`. Both carry their reasons in
Spanish words, without patient names, and a stable id so that decisions and claims attach to them
from one run to the next.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal

import attrs

from conciliacion.model._fields import optional_money, optional_strict_date, stable_id, text_tuple
from conciliacion.model.incident import Incident
from conciliacion.model.provenance import Source
from conciliacion.money import ZERO, to_money

__all__ = ["LineReview", "ReviewResult", "ReviewStatus", "ServiceReview"]


class ReviewStatus(enum.StrEnum):
    """The outcome of one service or line; the values are the ``estado`` column of punteo.csv."""

    PAID = "cobrado"
    FEE_DIFFERENCE = "diferencia_baremo"
    PENDING = "pendiente"
    UNPAID = "impagado"
    DUPLICATE = "duplicado"
    NO_AUTHORISATION = "sin_autorizacion"
    PAID_WITHOUT_SERVICE = "cobrado_sin_actividad"


_SERVICE_STATUSES = frozenset(ReviewStatus) - {ReviewStatus.PAID_WITHOUT_SERVICE}


def _status_of_service(_instance: object, _attribute: object, value: ReviewStatus) -> None:
    if not isinstance(value, ReviewStatus) or value not in _SERVICE_STATUSES:
        msg = f"estado de servicio no válido: {value!r}"
        raise ValueError(msg)


def _service_reviews(values: Iterable[ServiceReview]) -> tuple[ServiceReview, ...]:
    return tuple(values)


def _line_reviews(values: Iterable[LineReview]) -> tuple[LineReview, ...]:
    return tuple(values)


def _incidents(values: Iterable[Incident]) -> tuple[Incident, ...]:
    return tuple(values)


@attrs.frozen
class ServiceReview:
    """The outcome of one insured service.

    Attributes:
        service_id: the service's ``id``.
        status: what happened to it.
        expected: the fee-schedule price in force on the act date; ``None`` without fee schedule.
        paid: net of every line tied to the service (payments, duplicates and clawbacks).
        difference: ``paid - expected`` (negative when underpaid); ``None`` without fee schedule.
        justified: for a fee difference, whether the schedule or the insurer explains it;
            ``None`` for other outcomes.
        settlements: numbers of the settlements whose lines are tied to the service, sorted.
        lines: ids of those lines, in the order they weighed (the matched payment first).
        reasons: why, in Spanish, one sentence each.
        id: derived from the service id, so it stays the same run after run.
    """

    service_id: str = attrs.field(validator=attrs.validators.instance_of(str))
    status: ReviewStatus = attrs.field(validator=_status_of_service)
    expected: Decimal | None = attrs.field(converter=optional_money)
    paid: Decimal = attrs.field(converter=to_money)
    difference: Decimal | None = attrs.field(converter=optional_money)
    justified: bool | None = attrs.field(default=None)
    settlements: tuple[str, ...] = attrs.field(default=(), converter=text_tuple)
    lines: tuple[str, ...] = attrs.field(default=(), converter=text_tuple)
    reasons: tuple[str, ...] = attrs.field(default=(), converter=text_tuple)
    id: str = attrs.field(init=False)

    @id.default
    def _derive_id(self) -> str:
        return stable_id("pun", self.service_id)

    @property
    def claimable(self) -> bool:
        """Whether it goes to the claim list: unpaid past the term, or underpaid without reason."""
        if self.status is ReviewStatus.UNPAID:
            return True
        return (
            self.status is ReviewStatus.FEE_DIFFERENCE
            and self.justified is False
            and self.difference is not None
            and self.difference < 0
        )

    @property
    def claimed(self) -> Decimal | None:
        """What to claim: the expected amount not paid; ``None`` when unknown (no fee schedule)."""
        if not self.claimable:
            return ZERO
        if self.expected is None:
            return None
        return max(self.expected - self.paid, ZERO)

    @property
    def claim_reason(self) -> str:
        """Why it is claimed, as the claim list and the claim say it; ``""`` if not claimable."""
        if not self.claimable:
            return ""
        if self.status is ReviewStatus.UNPAID:
            return "servicio no pagado en el plazo de pago"
        return "diferencia de baremo no justificada"


@attrs.frozen
class LineReview:
    """A settlement line that pays no service the practice recorded (cobrado sin actividad).

    Attributes:
        line_id: the line's ``id``.
        settlement: the settlement number.
        insurer: insurer id.
        amount: the line's amount.
        act_date: the date of the act the insurer states, if any.
        act_code: the act code the insurer states.
        authorisation: the authorisation the insurer states, if any.
        source: file and line of the settlement line.
        reasons: why nothing was matched, in Spanish.
        status: always ``cobrado_sin_actividad``.
        id: derived from the line id.
    """

    line_id: str = attrs.field(validator=attrs.validators.instance_of(str))
    settlement: str = attrs.field(validator=attrs.validators.instance_of(str))
    insurer: str = attrs.field(validator=attrs.validators.instance_of(str))
    amount: Decimal = attrs.field(converter=to_money)
    act_date: dt.date | None = attrs.field(validator=optional_strict_date)
    act_code: str = attrs.field(validator=attrs.validators.instance_of(str))
    authorisation: str | None = attrs.field()
    source: Source = attrs.field(validator=attrs.validators.instance_of(Source))
    reasons: tuple[str, ...] = attrs.field(default=(), converter=text_tuple)
    status: ReviewStatus = attrs.field(default=ReviewStatus.PAID_WITHOUT_SERVICE)
    id: str = attrs.field(init=False)

    @id.default
    def _derive_id(self) -> str:
        return stable_id("pun", self.line_id)


@attrs.frozen
class ReviewResult:
    """Everything a settlement review decided, in a deterministic order.

    Attributes:
        as_of: the review date (last day of the month run).
        services: one review per insured service up to ``as_of``, sorted by service date and id.
        lines: the settlement lines that pay no service, sorted by settlement and line.
        incidents: what needs a person (no fee schedule, missing authorisation, unpaid...).
    """

    as_of: dt.date = attrs.field()
    services: tuple[ServiceReview, ...] = attrs.field(converter=_service_reviews)
    lines: tuple[LineReview, ...] = attrs.field(converter=_line_reviews)
    incidents: tuple[Incident, ...] = attrs.field(converter=_incidents)

    @property
    def counts(self) -> dict[ReviewStatus, int]:
        """How many services and lines ended in each outcome (every outcome listed, zeros too)."""
        found = Counter(review.status for review in self.services)
        found[ReviewStatus.PAID_WITHOUT_SERVICE] += len(self.lines)
        return {status: found[status] for status in ReviewStatus}

    @property
    def total_expected(self) -> Decimal:
        """Sum of the fee-schedule prices of the reviewed services that have one."""
        return sum((r.expected for r in self.services if r.expected is not None), start=ZERO)

    @property
    def total_paid(self) -> Decimal:
        """Sum paid for the services, plus the lines that pay none."""
        paid = sum((r.paid for r in self.services), start=ZERO)
        return paid + sum((line.amount for line in self.lines), start=ZERO)

    @property
    def total_claimed(self) -> Decimal:
        """Sum of what the claim lists ask the insurers for."""
        return sum((r.claimed for r in self.services if r.claimed is not None), start=ZERO)
