"""Received invoices (facturas recibidas): what the practice owes its suppliers.

Each row must add up (``total = base + iva - retencion``) and carry a valid NIF, because a wrong
figure or party would reach the books. The expense account is the row's own or the configured
supplier's; an invoice with neither is read and reported, for a person to decide the account.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Final

import attrs
from stdnum.es import nif as nif_mod

from conciliacion.config import PracticeConfig
from conciliacion.importers.columns import InputKind
from conciliacion.importers.input_profiles import InputProfile
from conciliacion.importers.tabular import Row, Table, read_table
from conciliacion.importers.tabular_detect import check_kind, choose_profile
from conciliacion.model import Incident, IncidentKind, Invoice, Source
from conciliacion.money import ZERO

__all__ = ["InvoiceImport", "read_invoices"]

_PGC_ACCOUNT: Final = re.compile(r"[1-7]\d{2,9}")


def _invoices(values: Iterable[Invoice]) -> tuple[Invoice, ...]:
    return tuple(values)


def _incidents(values: Iterable[Incident]) -> tuple[Incident, ...]:
    return tuple(values)


@attrs.frozen
class InvoiceImport:
    """The invoices of one file and the incidents met.

    Attributes:
        invoices: in file order; ``account`` filled from the row or the configured supplier.
        incidents: invoices without an expense account.
    """

    invoices: tuple[Invoice, ...] = attrs.field(converter=_invoices)
    incidents: tuple[Incident, ...] = attrs.field(default=(), converter=_incidents)


def _nif(row: Row) -> str:
    text = row.text("nif", required=True)
    compact = str(nif_mod.compact(text))
    if not nif_mod.is_valid(compact):
        raise row.error("nif", f"NIF/CIF/NIE no válido: {text!r} (revise la letra o el dígito)")
    return compact


def _invoice(row: Row, table: Table, accounts: dict[str, str]) -> Invoice:
    nif = _nif(row)
    base = row.required_amount("base")
    vat = row.amount("iva") or ZERO
    withholding = row.amount("retencion") or ZERO
    total = row.required_amount("total")
    if base + vat - withholding != total:
        msg = (
            f"no cuadra: base {base} + IVA {vat} - retención {withholding} = "
            f"{base + vat - withholding}, pero el total es {total}"
        )
        raise row.error("total", msg)
    account = row.text("cuenta") or None
    if account is not None and not _PGC_ACCOUNT.fullmatch(account):
        raise row.error("cuenta", f"se esperaba una cuenta del PGC como 628, no {account!r}")
    return Invoice(
        supplier=row.text("proveedor", required=True),
        nif=nif,
        number=row.text("numero", required=True),
        date=row.required_date("fecha"),
        base=base,
        vat=vat,
        withholding=withholding,
        total=total,
        source=Source(table.path, row.line, row.raw()),
        due_date=row.date("vencimiento"),
        account=account or accounts.get(nif),
    )


def read_invoices(
    path: str | Path,
    data: bytes,
    config: PracticeConfig,
    profile: InputProfile | None = None,
) -> InvoiceImport:
    """Read one file of received invoices; FormatError naming file, line and column."""
    kind = InputKind.INVOICES
    profile = check_kind(profile or choose_profile(path, data, config, kind), kind)
    table = read_table(path, data, profile)
    accounts = {supplier.nif: supplier.account for supplier in config.suppliers}
    invoices: list[Invoice] = []
    incidents: list[Incident] = []
    seen: dict[str, int] = {}
    for row in table.rows:
        invoice = _invoice(row, table, accounts)
        first = seen.setdefault(invoice.id, row.line)
        if first != row.line:
            msg = f"la factura {invoice.number} de {invoice.nif} ya aparece en la línea {first}"
            raise row.error("numero", msg)
        if invoice.account is None:
            message = (
                f"la factura {invoice.number} de {invoice.supplier} ({invoice.nif}) no tiene "
                "cuenta de gasto: añada el proveedor a [[proveedores]] o rellene «cuenta»"
            )
            incidents.append(Incident(IncidentKind.DATA, invoice.id, message, invoice.source))
        invoices.append(invoice)
    return InvoiceImport(invoices, incidents)
