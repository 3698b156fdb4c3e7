"""The demo practice's ground truth, booked and written: the ledger loads with no error."""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from beancount.core import data

from conciliacion.config import load_config
from conciliacion.ledger.bookings import (
    Booking,
    InvoiceBooking,
    InvoicePayment,
    MonthBooks,
    PrivateReceipt,
    ReturnedDebit,
    RuleBooking,
    SettlementReceipt,
    Unexplained,
)
from conciliacion.ledger.check import load_ledger
from conciliacion.ledger.writer import MAIN_FILE, write_month
from conciliacion.model import Invoice, MatchKind, Movement, Settlement

demo = pytest.importorskip("conciliacion.demo.generate")

_PRIVATE = {
    MatchKind.CARD_BATCH,
    MatchKind.BIZUM,
    MatchKind.PRIVATE_TRANSFER,
    MatchKind.CASH_DEPOSIT,
}


def _booking(
    truth: object,
    movement: Movement,
    settlements: Mapping[tuple[str, str], Settlement],
    invoices: Mapping[tuple[str, str], Invoice],
) -> Booking:
    kind = truth.kind
    if kind is MatchKind.SETTLEMENT_PAYMENT and not truth.partial:
        paid = [settlements[key] for key in truth.settlements]
        if sum(s.net for s in paid) == movement.amount:
            return SettlementReceipt(movement, paid)
    if kind is MatchKind.INVOICE_PAYMENT:
        paid_invoices = [invoices[key] for key in truth.invoices]
        if sum(i.total for i in paid_invoices) == -movement.amount:
            return InvoicePayment(movement, paid_invoices)
    if kind in _PRIVATE:
        return PrivateReceipt(movement)
    if kind is MatchKind.RETURN and truth.invoices:
        return ReturnedDebit(movement, "410", invoices[truth.invoices[0]].supplier)
    if truth.account and kind is not MatchKind.INTERNAL_TRANSFER:
        return RuleBooking(movement, truth.account, kind)
    return Unexplained(movement)


@pytest.mark.slow
@pytest.mark.parametrize("form", ["autonomo", "SL"])
def test_demo_ground_truth_makes_a_valid_ledger(tmp_path, form):
    truth = demo.generate_demo(tmp_path, months=2, services_per_month=120, form=form)
    config = load_config(tmp_path / "conciliacion.toml")
    settlements = {(s.insurer, s.number): s for s in truth.settlements}
    invoices = {(i.nif, i.number): i for i in truth.invoices}
    booked_invoices: set[str] = set()
    for month in truth.months:
        statements = [s for s in truth.statements if s.start_date.isoformat()[:7] == month]
        bookings: list[Booking] = [
            InvoiceBooking(invoice)
            for invoice in truth.invoices
            if invoice.date.isoformat()[:7] <= month and invoice.id not in booked_invoices
        ]
        booked_invoices |= {b.invoice.id for b in bookings if isinstance(b, InvoiceBooking)}
        for statement in statements:
            for movement in statement.movements:
                movement_truth = truth.movements[(movement.source.file, movement.source.line)]
                bookings.append(_booking(movement_truth, movement, settlements, invoices))
        write_month(tmp_path / "libro", MonthBooks(month, config, statements, bookings))
    entries, errors, _options = load_ledger(tmp_path / "libro" / MAIN_FILE)
    assert errors == []
    text = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "libro").rglob("*.beancount"))
    for service in list(truth.services.values())[:50]:
        assert service.id not in text
    assert any(isinstance(e, data.Balance) for e in entries)
