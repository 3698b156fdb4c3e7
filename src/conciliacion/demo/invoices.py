"""Received invoices (facturas recibidas) and how each one is paid."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from decimal import Decimal
from typing import Final

import attrs

from conciliacion.demo.dates import add_working_days, next_working_day, working_days
from conciliacion.demo.fees import percent
from conciliacion.demo.parties import Supplier
from conciliacion.model import Invoice, Source
from conciliacion.money import to_money

__all__ = ["INVOICES_FOLDER", "InvoiceMonth", "InvoicePayment", "build_invoices"]

INVOICES_FOLDER: Final = "entrada/facturas"
_VARYING: Final = {"628": 15, "602": 40}
"""Accounts whose invoices vary from month to month, and by how many percent at most."""


@attrs.frozen
class InvoicePayment:
    """How and when an invoice leaves the bank.

    Attributes:
        invoice: the invoice paid.
        supplier: who is paid.
        date: the day of the charge.
        direct_debit: charged by the supplier (else a transfer the practice orders).
        returned: a direct debit the practice sends back, paid again by transfer later.
    """

    invoice: Invoice
    supplier: Supplier
    date: dt.date
    direct_debit: bool
    returned: bool = False


@attrs.frozen
class InvoiceMonth:
    """The invoices received in one month, as written to their file."""

    month: dt.date
    file: str
    invoices: tuple[Invoice, ...]
    payments: tuple[InvoicePayment, ...]


def build_invoices(
    rng: random.Random,
    suppliers: Sequence[Supplier],
    month: dt.date,
    counters: dict[str, int],
    *,
    return_one: bool,
) -> InvoiceMonth:
    """The month's invoices; ``return_one`` makes one direct debit come back.

    ``counters`` holds each supplier's last invoice number and is advanced.
    """
    days = working_days(month)
    drafts: list[tuple[dt.date, Supplier, Decimal, dt.date, bool]] = []
    for supplier in suppliers:
        spec = supplier.spec
        if (month.month - 1) % spec.every:
            continue
        copies = rng.randint(1, 2) if spec.account == "602" else 1
        for _ in range(copies):
            base = spec.base
            spread = _VARYING.get(spec.account)
            if spread:
                base = to_money(percent(base, 100 + rng.randint(-spread, spread)))
            if spec.account == "621":
                date, due = month, next_working_day(month + dt.timedelta(days=4))
            elif spec.direct_debit:
                date = rng.choice(days[:12])
                due = add_working_days(date, rng.randint(3, 8))
            else:
                date = rng.choice(days)
                due = next_working_day(date + dt.timedelta(days=30))
            drafts.append((date, supplier, base, due, spec.direct_debit))
    drafts.sort(key=lambda d: (d[0], d[1].spec.name))
    file = f"{INVOICES_FOLDER}/facturas_{month:%Y-%m}.csv"
    invoices: list[Invoice] = []
    payments: list[InvoicePayment] = []
    debits = [i for i, d in enumerate(drafts) if d[4]]
    returned = rng.choice(debits) if return_one and debits else -1
    for index, (date, supplier, base, due, debit) in enumerate(drafts):
        spec = supplier.spec
        counters[spec.name] = counters.get(spec.name, rng.randrange(100, 5000)) + rng.randint(1, 9)
        vat = percent(base, spec.vat)
        withholding = percent(base, spec.withholding)
        invoice = Invoice(
            supplier=spec.name,
            nif=supplier.nif,
            number=f"{spec.prefix}{date.year}{counters[spec.name]:05d}",
            date=date,
            base=base,
            vat=vat,
            withholding=withholding,
            total=base + vat - withholding,
            due_date=due,
            account=spec.account,
            source=Source(file, index + 2),
        )
        invoices.append(invoice)
        payments.append(InvoicePayment(invoice, supplier, due, debit, returned=index == returned))
    return InvoiceMonth(month, file, tuple(invoices), tuple(payments))
