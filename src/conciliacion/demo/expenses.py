"""Money out that a document or the bank explains: invoices, bank fees, transfers between accounts.

Also the two movements that undo others: a direct debit the practice sends back (devolución, common
concept 14) and a fee the bank reverses (anulación, common concept 98).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Final

from conciliacion.demo.dates import add_working_days, next_working_day
from conciliacion.demo.invoices import InvoiceMonth, InvoicePayment
from conciliacion.demo.movements import DraftBook, texts
from conciliacion.demo.parties import Cast
from conciliacion.model import MatchKind

__all__ = ["MONTH_NAMES", "add_bank_fees", "add_internal_transfers", "add_invoice_payments"]

MONTH_NAMES: Final = (
    "ENERO", "FEBRERO", "MARZO", "ABRIL", "MAYO", "JUNIO", "JULIO", "AGOSTO", "SEPTIEMBRE",
    "OCTUBRE", "NOVIEMBRE", "DICIEMBRE",
)  # fmt: skip
_MAINTENANCE: Final = {"caixabank": Decimal("15.00"), "sabadell": Decimal("9.00")}
_INTERNAL: Final = Decimal("2500.00")


def add_invoice_payments(
    book: DraftBook, cast: Cast, months: Sequence[InvoiceMonth], as_of: dt.date
) -> None:
    """Each invoice charged by direct debit or paid by transfer on its due date."""
    for month in months:
        for payment in month.payments:
            if payment.date > as_of:
                continue
            uid = _pay(book, cast, payment, payment.date, direct_debit=payment.direct_debit)
            if not payment.returned:
                continue
            back = add_working_days(payment.date, 2)
            if back > as_of:
                continue
            invoice, spec = payment.invoice, payment.supplier.spec
            book.add(
                cast.account_of(secondary=spec.secondary), back, invoice.total, "14", "041",
                texts(f"DEVOLUCION RECIBO {spec.bank_name}", "MOTIVO MD06 ORDEN DEL DEUDOR"),
                MatchKind.RETURN, invoices=((invoice.nif, invoice.number),), related=(uid,),
            )  # fmt: skip
            again = add_working_days(back, 5)
            if again <= as_of:
                _pay(book, cast, payment, again, direct_debit=False)


def _pay(
    book: DraftBook, cast: Cast, payment: InvoicePayment, day: dt.date, *, direct_debit: bool
) -> int:
    invoice, spec = payment.invoice, payment.supplier.spec
    if direct_debit:
        common, own = "03", "042"
        concepts = texts(
            "ADEUDO DOMICILIADO SEPA", spec.bank_name, f"REF. MANDATO {invoice.nif}-001",
            f"FRA {invoice.number}",
        )  # fmt: skip
    else:
        common, own = "04", "077"
        detail = f"FACTURA {invoice.number}"
        if spec.account == "621":
            detail = f"ALQUILER LOCAL {MONTH_NAMES[invoice.date.month - 1]} {invoice.date.year}"
        concepts = texts(f"TRANSFERENCIA A {spec.bank_name}", detail)
    return book.add(
        cast.account_of(secondary=spec.secondary), day, -invoice.total, common, own, concepts,
        MatchKind.INVOICE_PAYMENT, invoices=((invoice.nif, invoice.number),),
    )  # fmt: skip


def add_bank_fees(book: DraftBook, cast: Cast, months: Sequence[dt.date], as_of: dt.date) -> None:
    """A maintenance fee per account and month.

    The second month's fee on the main account is reversed a few days later.
    """
    for index, month in enumerate(months):
        for account in (cast.main, cast.secondary):
            day = next_working_day(month)
            period = f"PERIODO {month:%m/%Y}"
            fee = _MAINTENANCE[account.file_prefix]
            uid = book.add(
                account, day, -fee, "17", "017", ("COMISION MANTENIMIENTO", period),
                MatchKind.BANK_FEE, pgc="626",
            )  # fmt: skip
            reversal = add_working_days(day, 3)
            if account is cast.main and index == min(1, len(months) - 1) and reversal <= as_of:
                book.add(
                    account, reversal, fee, "98", "098",
                    ("ANULACION COMISION MANTENIMIENTO", period), MatchKind.RETURN,
                    pgc="626", related=(uid,),
                )  # fmt: skip


def add_internal_transfers(book: DraftBook, cast: Cast, months: Sequence[dt.date]) -> None:
    """Each month the main account feeds the secondary one, which pays the rent."""
    to_secondary = f"{cast.secondary.name.upper()} {cast.secondary.iban[-4:]}"
    from_main = f"{cast.main.name.upper()} {cast.main.iban[-4:]}"
    for month in months:
        day = add_working_days(month, 2)
        out_uid = book.next_uid()
        book.add(
            cast.main, day, -_INTERNAL, "04", "077",
            ("TRASPASO A CUENTA PROPIA", to_secondary),
            MatchKind.INTERNAL_TRANSFER, pgc="572", related=(out_uid + 1,),
        )  # fmt: skip
        book.add(
            cast.secondary, day, _INTERNAL, "04", "076",
            ("TRASPASO DE CUENTA PROPIA", from_main),
            MatchKind.INTERNAL_TRANSFER, pgc="572", related=(out_uid,),
        )  # fmt: skip
