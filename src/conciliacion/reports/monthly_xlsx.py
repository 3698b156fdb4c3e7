"""The report's annex: ``informe_anexo.xlsx``, the detail behind the month's figures.

One row per service that counts in the month: rendered in it, paid in it, or still owed at its
end; and one per private service of the month. The columns say which figure each row feeds
(``facturado_mes``, ``cobrado_mes``, ``importe_pendiente`` and its ``antiguedad``), so a total of
the report can be rebuilt with a filter. The patient's name is filled only for unpaid services,
the rows the practice may need to discuss with the patient or the insurer.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Final

from conciliacion.model import ReviewStatus, Service
from conciliacion.reports.facts import (
    AGEING_BUCKETS,
    ageing_bucket,
    in_period,
    month_span,
)
from conciliacion.reports.report_inputs import ReportInputs
from conciliacion.reports.review_files import Row
from conciliacion.spreadsheet import Builder, start_xlsx, xlsx_bytes

__all__ = ["ANNEX_COLUMNS", "annex_rows", "annex_xlsx", "start_annex_xlsx"]

ANNEX_COLUMNS: Final = (
    "servicio_id",
    "fecha",
    "aseguradora",
    "codigo_acto",
    "autorizacion",
    "importe_esperado",
    "importe_pagado",
    "diferencia",
    "estado",
    "liquidacion",
    "fecha_cobro",
    "dias_cobro",
    "importe_pendiente",
    "antiguedad",
    "reclamacion",
    "forma_pago",
    "facturado_mes",
    "cobrado_mes",
    "paciente",
)


def _yes(flag: bool) -> str:  # noqa: FBT001 - a cell's value
    return "sí" if flag else "no"


def _private_row(service: Service) -> Row:
    method = str(service.payment_method or "")
    reference = service.reference or service.id
    amount = service.amount
    head = (reference, service.date, "particular", service.act_code, None, amount, amount, None)
    return (*head, "particular", "", None, None, None, "", "", method, "sí", "sí", "")


def annex_rows(month: str, data: ReportInputs) -> list[Row]:
    """The annex's rows: insured services by date, then the month's private services."""
    _, first, last = month_span(month)
    rows: list[Row] = []
    for fact in data.facts:
        service, review = fact.service, fact.review
        billed = in_period(service.date, first, last)
        collected = in_period(fact.paid_on, first, last)
        if not (billed or collected or fact.outstanding):
            continue
        age = AGEING_BUCKETS[ageing_bucket((last - service.date).days)]
        unpaid = review.status is ReviewStatus.UNPAID
        rows.append(
            (
                service.reference or service.id,
                service.date,
                data.insurer_name(service.insurer),
                service.act_code,
                service.authorisation,
                review.expected,
                review.paid,
                review.difference,
                str(review.status),
                ";".join(review.settlements),
                fact.paid_on,
                fact.days_to_payment,
                fact.outstanding,
                age if fact.outstanding else "",
                fact.claim or "",
                "",
                _yes(billed),
                _yes(collected),
                service.patient if unpaid else "",
            )
        )
    rows.extend(
        _private_row(service)
        for service in data.services
        if service.is_private and in_period(service.date, first, last)
    )
    return rows


def annex_xlsx(month: str, data: ReportInputs, reuse: Path | None = None) -> bytes:
    """The annex workbook, stamped with the month's last day (``reuse`` as for ``xlsx_bytes``)."""
    rows = annex_rows(month, data)
    return xlsx_bytes("detalle", ANNEX_COLUMNS, rows, data.as_of, reuse=reuse)


def start_annex_xlsx(
    month: str, data: ReportInputs, reuse: Path | None, builder: Builder
) -> Callable[[], bytes]:
    """:func:`annex_xlsx`, the workbook built by ``builder`` (a worker, on ten years of services).

    The rows are found here, from the inputs already in memory; only they go to the worker.
    """
    rows = annex_rows(month, data)
    return start_xlsx("detalle", ANNEX_COLUMNS, rows, data.as_of, reuse=reuse, builder=builder)
