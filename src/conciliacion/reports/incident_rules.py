"""Which incidents the weekly list holds, one function per source of them.

Each rule keeps the kind and subject the rest of the program uses for the same thing (the
settlement review's service id, the bank reconciliation's movement or match id), so an item has
the same id here as in the review's and reconciliation's own incident lists, week after week.
Messages never name a patient; the name of a private debtor travels apart (``patient``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Final

from conciliacion.claims.lifecycle import ClaimState
from conciliacion.model import Incident, IncidentKind, ReviewStatus
from conciliacion.money import ZERO
from conciliacion.reports.facts import ServiceFact, private_debts
from conciliacion.reports.formatting import euros, short_date
from conciliacion.reports.incident_item import WeeklyItem, make_item
from conciliacion.reports.report_inputs import ReportInputs

__all__ = [
    "claim_items",
    "other_items",
    "private_items",
    "service_items",
]

_CLAIM_WAITING: Final = frozenset({ClaimState.SENT, ClaimState.ESCALATED})
_OTHER_ACTIONS: Final = {
    IncidentKind.NO_FEE_SCHEDULE: "Añadir el precio del acto al baremo (entrada/baremos/)",
    IncidentKind.UNKNOWN_INSURER: "Añadir la aseguradora a conciliacion.toml o corregir la "
    "actividad",
    IncidentKind.DATA: "Revisar el dato en el fichero de origen",
}


def _service_item(
    fact: ServiceFact, kind: IncidentKind, data: ReportInputs, as_of: dt.date
) -> WeeklyItem:
    service, review = fact.service, fact.review
    name = data.insurer_name(service.insurer)
    where = f"servicio {service.reference or service.id} del {short_date(service.date)} "
    where += f"({name}, código {service.act_code})"
    since: dt.date | None
    if kind is IncidentKind.MISSING_AUTHORISATION:
        message, since = f"{where}: falta el volante", service.date
        action = f"Conseguir el volante de {name} y facturar el acto"
    elif kind is IncidentKind.UNPAID:
        message = f"{where}: impagado, plazo vencido el {short_date(fact.deadline)}"
        since = min(fact.deadline + dt.timedelta(days=1), as_of)
        action = f"Reclamarlo a {name} (lista de reclamaciones del mes) y registrar la reclamación"
    elif kind is IncidentKind.FEE_DIFFERENCE:
        message = f"{where}: pagado {euros(review.paid)}, baremo {euros(review.expected)}"
        since = fact.paid_on
        action = (
            f"Reclamar la diferencia a {name} o aceptarla "
            f"(conciliar decidir aceptar-diferencia {review.id} --cuenta 708)"
        )
    else:
        message, since = f"{where}: pagado dos veces ({euros(review.paid)})", fact.paid_on
        action = f"Avisar a {name} y acordar la devolución o la compensación"
    if kind is IncidentKind.DUPLICATE_PAYMENT:
        amount = review.paid - (review.expected or ZERO) if review.expected else None
    else:
        amount = fact.outstanding
    return make_item(
        Incident(kind, service.id, message, service.source),
        as_of=as_of, party=service.insurer, since=since, amount=amount, action=action,
        reference=service.reference or service.id,
    )  # fmt: skip


def service_items(
    data: ReportInputs, facts: Sequence[ServiceFact], as_of: dt.date
) -> list[WeeklyItem]:
    """Volantes to get, unpaid services and differences not yet claimed, double payments."""
    items = []
    for fact in facts:
        status = fact.review.status
        if status is ReviewStatus.NO_AUTHORISATION:
            items.append(_service_item(fact, IncidentKind.MISSING_AUTHORISATION, data, as_of))
        elif status is ReviewStatus.UNPAID and fact.claim is None:
            items.append(_service_item(fact, IncidentKind.UNPAID, data, as_of))
        elif status is ReviewStatus.FEE_DIFFERENCE and fact.outstanding and fact.claim is None:
            items.append(_service_item(fact, IncidentKind.FEE_DIFFERENCE, data, as_of))
        elif status is ReviewStatus.DUPLICATE:
            items.append(_service_item(fact, IncidentKind.DUPLICATE_PAYMENT, data, as_of))
    for line in data.review.lines:
        message = (
            f"línea de la liquidación {line.settlement} de {data.insurer_name(line.insurer)} "
            f"({euros(line.amount)}) sin ningún servicio registrado"
        )
        items.append(
            make_item(
                Incident(IncidentKind.PAID_WITHOUT_SERVICE, line.line_id, message, line.source),
                as_of=as_of,
                party=line.insurer,
                since=line.act_date,
                amount=line.amount,
                action="Buscar el servicio en la actividad de la clínica; si no existe, "
                "aclararlo con la aseguradora",
                reference=line.settlement,
            )
        )
    return items


def claim_items(data: ReportInputs, as_of: dt.date) -> list[WeeklyItem]:
    """Claims sent with no answer for longer than their insurer's follow-up days.

    The rule of :func:`conciliacion.claims.overdue_claims`, on the claims already read.
    """
    items = []
    for claim in data.claims:
        days = data.follow_up_days(claim.insurer)
        if claim.state not in _CLAIM_WAITING or (as_of - claim.last_action_on).days <= days:
            continue
        message = (
            f"reclamación a {data.insurer_name(claim.insurer)} de {euros(claim.outstanding)} sin "
            f"respuesta desde el {short_date(claim.last_action_on)}"
        )
        items.append(
            make_item(
                Incident(IncidentKind.CLAIM_WITHOUT_ANSWER, claim.id, message),
                as_of=as_of,
                party=claim.insurer,
                since=claim.last_action_on + dt.timedelta(days=days + 1),
                amount=claim.outstanding,
                reference=claim.id,
                action=f"Reclamar de nuevo o escalar (conciliar reclamaciones escalar {claim.id})",
            )
        )
    return items


def private_items(data: ReportInputs, as_of: dt.date) -> list[WeeklyItem]:
    """Private patients whose Bizum or transfer has not reached the bank."""
    items = []
    for service in private_debts(data, as_of) or ():
        reference = service.reference or service.id
        message = (
            f"el pago por {service.payment_method} de {euros(service.amount)} del servicio "
            f"{reference} del {short_date(service.date)} no ha llegado al banco"
        )
        items.append(
            make_item(
                Incident(IncidentKind.PRIVATE_DEBT, service.id, message, service.source),
                as_of=as_of,
                party="particular",
                since=service.date,
                amount=service.amount,
                action=f"Recordar el pago al paciente ({service.payment_method})",
                reference=reference,
                patient=service.patient,
            )
        )
    return items


def other_items(
    data: ReportInputs, as_of: dt.date, handled: frozenset[IncidentKind]
) -> list[WeeklyItem]:
    """The importers' and the review's incidents no other rule covers (data to correct)."""
    items = []
    for incident in (*data.incidents, *data.review.incidents):
        if incident.kind in handled:
            continue
        items.append(
            make_item(
                incident,
                as_of=as_of,
                party="",
                since=None,
                amount=None,
                action=_OTHER_ACTIONS.get(incident.kind, "Revisar y decidir"),
                reference=str(incident.source or ""),
            )
        )
    return items
