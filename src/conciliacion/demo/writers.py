"""The demo's input files in the generic CSV formats: what a user would drop into ``entrada/``.

The formats are a contract with the importers: ``;`` as separator, UTF-8 with BOM (as Excel saves
it), decimal comma, dates ``dd/mm/aaaa``, and a first line naming the columns exactly as here.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Final

from conciliacion.model import FeeScheduleEntry, Invoice, Service, Settlement
from conciliacion.money import format_amount

__all__ = [
    "ACTIVITY_COLUMNS",
    "FEE_COLUMNS",
    "INVOICE_COLUMNS",
    "SETTLEMENT_COLUMNS",
    "activity_csv",
    "fees_csv",
    "invoices_csv",
    "settlement_csv",
]

ACTIVITY_COLUMNS: Final = (
    "id", "fecha", "paciente", "tarjeta", "aseguradora", "codigo_acto", "acto", "autorizacion",
    "importe", "forma_pago",
)  # fmt: skip
SETTLEMENT_COLUMNS: Final = (
    "liquidacion", "fecha_liquidacion", "aseguradora", "paciente", "tarjeta", "fecha_acto",
    "codigo_acto", "autorizacion", "importe", "retencion", "concepto",
)  # fmt: skip
FEE_COLUMNS: Final = (
    "aseguradora", "codigo_acto", "acto", "importe", "desde", "hasta", "requiere_autorizacion",
)  # fmt: skip
INVOICE_COLUMNS: Final = (
    "proveedor", "nif", "numero", "fecha", "vencimiento", "base", "iva", "retencion", "total",
    "cuenta",
)  # fmt: skip


def _date(day: dt.date | None) -> str:
    """A date as Spanish files write it.

    >>> _date(dt.date(2026, 7, 1))
    '01/07/2026'
    """
    return "" if day is None else f"{day:%d/%m/%Y}"


def _csv(header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def activity_csv(services: Iterable[Service]) -> bytes:
    """An actividad file: one row per service, in the given order."""
    return _csv(
        ACTIVITY_COLUMNS,
        (
            (
                s.reference or "",
                _date(s.date),
                s.patient,
                s.card,
                s.insurer,
                s.act_code,
                s.act,
                s.authorisation or "",
                "" if s.amount is None else format_amount(s.amount),
                "" if s.payment_method is None else str(s.payment_method),
            )
            for s in services
        ),
    )


def settlement_csv(settlement: Settlement) -> bytes:
    """A liquidación file: one row per line, the header fields repeated on each."""
    return _csv(
        SETTLEMENT_COLUMNS,
        (
            (
                settlement.number,
                _date(settlement.date),
                line.insurer,
                line.patient,
                line.card,
                _date(line.act_date),
                line.act_code,
                line.authorisation or "",
                format_amount(line.amount),
                "" if line.withholding is None else format_amount(line.withholding),
                line.concept,
            )
            for line in settlement.lines
        ),
    )


def fees_csv(entries: Iterable[FeeScheduleEntry]) -> bytes:
    """A baremos file: one row per price and period."""
    return _csv(
        FEE_COLUMNS,
        (
            (
                e.insurer,
                e.act_code,
                e.act,
                format_amount(e.price),
                _date(e.valid_from),
                _date(e.valid_to),
                "si" if e.requires_authorisation else "no",
            )
            for e in entries
        ),
    )


def invoices_csv(invoices: Iterable[Invoice]) -> bytes:
    """A facturas file: one row per received invoice."""
    return _csv(
        INVOICE_COLUMNS,
        (
            (
                i.supplier,
                i.nif,
                i.number,
                _date(i.date),
                _date(i.due_date),
                format_amount(i.base),
                format_amount(i.vat),
                format_amount(i.withholding),
                format_amount(i.total),
                i.account or "",
            )
            for i in invoices
        ),
    )
