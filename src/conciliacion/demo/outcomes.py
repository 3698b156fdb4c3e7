"""The true outcome of every service, from the settlement lines that really touched it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from conciliacion.demo.activity import Activity
from conciliacion.demo.fees import FeeBook
from conciliacion.demo.lines import Record
from conciliacion.demo.parties import Cast
from conciliacion.demo.truth import ServiceOutcome, ServiceTruth
from conciliacion.model import Service
from conciliacion.money import ZERO

__all__ = ["service_truths"]

_REASONS = {
    "antiguo": "baremo_antiguo",
    "descuento": "descuento",
    "regularizacion": "regularizado",
    "duplicado": "duplicado",
    "anulacion": "anulado",
}


def service_truths(
    cast: Cast,
    activities: Sequence[Activity],
    fees: FeeBook,
    records: dict[str, tuple[Record, ...]],
    as_of: dt.date,
) -> dict[str, ServiceTruth]:
    """Per service id, its outcome at the end of ``as_of``.

    A service with no line is pending until its insurer's term has run out, unpaid after. With
    lines: clawed back is unpaid, settled twice is duplicate, otherwise paid when the lines add up
    to the expected price and a fee difference when they do not.
    """
    truths: dict[str, ServiceTruth] = {}
    for activity in activities:
        for service in activity.services:
            reference = service.reference or ""
            expected = activity.expected[reference]
            if service.is_private:
                truths[reference] = ServiceTruth(
                    reference, service.insurer, ServiceOutcome.PAID, expected, expected
                )
                continue
            truths[reference] = _insured(
                cast=cast,
                fees=fees,
                service=service,
                expected=expected,
                lines=records.get(reference, ()),
                as_of=as_of,
            )
    return truths


def _insured(  # noqa: PLR0913 - a service and what is known about it
    *,
    cast: Cast,
    fees: FeeBook,
    service: Service,
    expected: Decimal,
    lines: tuple[Record, ...],
    as_of: dt.date,
) -> ServiceTruth:
    reference = service.reference or ""
    if not lines:
        term = cast.insurer(service.insurer).spec.term
        outcome = (
            ServiceOutcome.PENDING
            if as_of <= service.date + dt.timedelta(days=term)
            else ServiceOutcome.UNPAID
        )
        entry = fees.entry(service.insurer, service.act_code, service.date)
        missing = entry.requires_authorisation and service.authorisation is None
        reason = "sin_autorizacion" if missing else "no_liquidado"
        return ServiceTruth(reference, service.insurer, outcome, expected, ZERO, (), reason)
    kinds = {line.kind for line in lines}
    paid = sum((line.amount for line in lines), start=ZERO)
    settlements = tuple(dict.fromkeys(line.settlement for line in lines))
    if "anulacion" in kinds:
        outcome = ServiceOutcome.UNPAID
    elif "duplicado" in kinds:
        outcome = ServiceOutcome.DUPLICATE
    elif paid == expected:
        outcome = ServiceOutcome.PAID
    else:
        outcome = ServiceOutcome.FEE_DIFFERENCE
    reasons = [
        _REASONS[k]
        for k in ("anulacion", "duplicado", "regularizacion", "antiguo", "descuento")
        if k in kinds
    ]
    return ServiceTruth(
        reference,
        service.insurer,
        outcome,
        expected,
        paid,
        settlements,
        reasons[0] if reasons else "",
    )
