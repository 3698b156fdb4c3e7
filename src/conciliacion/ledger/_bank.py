"""Entries for the bookings that explain one bank movement: one side is always the bank (572)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any

from conciliacion.errors import ConciliacionError
from conciliacion.ledger._build import (
    Draft,
    Posting,
    add_match_meta,
    invoice_link,
    link,
    movement_meta,
    source_text,
    transaction,
)
from conciliacion.ledger.accounts import AccountTree
from conciliacion.ledger.bookings import (
    CardBatch,
    InvoicePayment,
    PrivateReceipt,
    ReturnedDebit,
    RuleBooking,
    SettlementReceipt,
    Unexplained,
)
from conciliacion.model import (
    PRIVATE,
    Match,
    MatchKind,
    MatchStatus,
    Movement,
    Settlement,
    Statement,
)
from conciliacion.money import ZERO

__all__ = ["TRANSLATIONS", "movement_entry", "statement_movements", "unexplained"]

MovementBooking = (
    SettlementReceipt
    | CardBatch
    | PrivateReceipt
    | InvoicePayment
    | RuleBooking
    | ReturnedDebit
    | Unexplained
)

_NARRATIONS = {
    MatchKind.TAX: "Pago de impuestos",
    MatchKind.SOCIAL_SECURITY: "Seguros sociales",
    MatchKind.PAYROLL: "Nómina",
    MatchKind.BANK_FEE: "Comisiones e intereses bancarios",
    MatchKind.LOAN: "Cuota de préstamo",
    MatchKind.INTERNAL_TRANSFER: "Traspaso entre cuentas",
    MatchKind.BIZUM: "Cobro de particular por Bizum",
    MatchKind.PRIVATE_TRANSFER: "Cobro de particular por transferencia",
    MatchKind.CASH_DEPOSIT: "Ingreso de efectivo de particulares",
    MatchKind.RETURN: "Devolución de recibo",
}


def statement_movements(statements: Iterable[Statement]) -> dict[str, Movement]:
    """The month's movements by id: one movement downloaded in two statements counts once."""
    return {m.id: m for statement in statements for m in statement.movements}


def _sum(values: Iterable[Decimal]) -> Decimal:
    total = ZERO
    for value in values:
        total += value
    return total


def _flag(match: Match | None) -> str:
    """``!`` for what a person still has to confirm."""
    return "!" if match is not None and match.status is not MatchStatus.RECONCILED else "*"


def _entry(  # noqa: PLR0913 - the parts of an entry; all but the first four keyword-only
    tree: AccountTree,
    booking: MovementBooking,
    narration: str,
    others: list[Posting],
    *,
    payee: str | None = None,
    extra: dict[str, object] | None = None,
    links: Iterable[str] = (),
    flag: str | None = None,
) -> Draft:
    movement = booking.movement
    if movement.currency != "EUR":
        msg = (
            f"{source_text(movement.source)}: el libro lleva euros; el movimiento está en "
            f"{movement.currency}"
        )
        raise ConciliacionError(msg)
    meta = movement_meta(movement)
    if extra:
        meta.update(extra)
    add_match_meta(meta, booking.match)
    return transaction(
        date=movement.booking_date,
        payee=payee,
        narration=narration,
        postings=[(tree.bank(movement.account), movement.amount), *others],
        meta=meta,
        links=links,
        flag=flag or _flag(booking.match),
    )


def _settlement(tree: AccountTree, booking: SettlementReceipt) -> Draft:
    settlements = booking.settlements
    if len(settlements) == 1:  # most receipts: its figures and number as they are
        (only,) = settlements
        insurer, numbers = only.insurer, [only.number]
        net, gross, deductions, withholding = (
            only.net,
            only.gross,
            only.deductions,
            only.withholding,
        )
    else:
        insurer, net, gross, deductions, withholding = _totals(booking, settlements)
        numbers = sorted([s.number for s in settlements])
    config = tree.insurer(insurer)
    if net != booking.movement.amount:
        msg = (
            f"{_where(booking)}: el movimiento ({booking.movement.amount}) no es el neto de las "
            f"liquidaciones ({net})"
        )
        raise ConciliacionError(msg)
    if withholding and tree.is_company:
        msg = f"{_where(booking)}: una SL no sufre retención de IRPF ({withholding})"
        raise ConciliacionError(msg)
    postings = [(tree.receivable(insurer), -gross), (tree.returns(insurer), deductions)]
    if withholding:
        postings.append((tree.withholding_receivable(), withholding))
    plural = "liquidaciones" if len(numbers) > 1 else "liquidación"
    joined = ", ".join(numbers)
    return _entry(
        tree,
        booking,
        f"Cobro de la {plural} {joined}",
        postings,
        payee=config.name,
        extra={"liquidacion": joined, "nif": config.nif},
        links=[link("liq", insurer, number) for number in numbers],
    )


def _where(booking: MovementBooking) -> str:
    return source_text(booking.movement.source)


def _totals(
    booking: SettlementReceipt, settlements: Sequence[Settlement]
) -> tuple[str, Decimal, Decimal, Decimal, Decimal]:
    """The insurer, net, gross, deductions and withholding of several settlements, in one pass.

    One loop instead of five generators: a month books a third of a million receipts. None, or
    settlements of several insurers, are refused: a receipt pays one insurer.
    """
    if not settlements:
        msg = f"{_where(booking)}: un cobro de liquidación sin liquidaciones"
        raise ConciliacionError(msg)
    insurers: set[str] = set()
    net = gross = deductions = withholding = ZERO
    for settlement in settlements:
        insurers.add(settlement.insurer)
        net += settlement.net
        gross += settlement.gross
        deductions += settlement.deductions
        withholding += settlement.withholding
    if len(insurers) != 1:
        msg = f"{_where(booking)}: un cobro con liquidaciones de varias aseguradoras"
        raise ConciliacionError(msg)
    (insurer,) = insurers
    return insurer, net, gross, deductions, withholding


def _card(tree: AccountTree, booking: CardBatch) -> Draft:
    if booking.gross - booking.commission != booking.movement.amount:
        msg = (
            f"{source_text(booking.movement.source)}: la remesa de TPV no cuadra: bruto "
            f"{booking.gross} - comisión {booking.commission} ≠ abono {booking.movement.amount}"
        )
        raise ConciliacionError(msg)
    return _entry(
        tree,
        booking,
        "Remesa de TPV",
        [(tree.fees(), booking.commission), (tree.receivable(PRIVATE), -booking.gross)],
    )


def _private(tree: AccountTree, booking: PrivateReceipt) -> Draft:
    kind = booking.match.kind if booking.match else MatchKind.PRIVATE_TRANSFER
    return _entry(
        tree,
        booking,
        _NARRATIONS.get(kind, "Cobro de particular"),
        [(tree.receivable(PRIVATE), -booking.movement.amount)],
    )


def _invoice_payment(tree: AccountTree, booking: InvoicePayment) -> Draft:
    where = source_text(booking.movement.source)
    if not booking.invoices:
        msg = f"{where}: un pago de facturas sin facturas"
        raise ConciliacionError(msg)
    total = _sum(i.total for i in booking.invoices)
    if total != -booking.movement.amount:
        msg = (
            f"{where}: el cargo ({booking.movement.amount}) no paga el total de las facturas "
            f"({total})"
        )
        raise ConciliacionError(msg)
    postings = []
    for invoice in booking.invoices:
        supplier = tree.supplier_name(invoice.nif, invoice.supplier)
        code = tree.expense_code(invoice.nif, invoice.account)
        postings.append((tree.payable(code, supplier), invoice.total))
    numbers = sorted(i.number for i in booking.invoices)
    suppliers = sorted({tree.supplier_name(i.nif, i.supplier) for i in booking.invoices})
    return _entry(
        tree,
        booking,
        f"Pago de {'facturas' if len(numbers) > 1 else 'la factura'} {', '.join(numbers)}",
        postings,
        payee=", ".join(suppliers),
        extra={
            "factura": ", ".join(numbers),
            "nif": ", ".join(sorted({i.nif for i in booking.invoices})),
        },
        links=sorted({invoice_link(i) for i in booking.invoices}),
    )


def _rule(tree: AccountTree, booking: RuleBooking) -> Draft:
    narration = booking.description or _NARRATIONS.get(booking.kind, "Movimiento por regla")
    return _entry(
        tree,
        booking,
        narration,
        [(tree.code(booking.account), -booking.movement.amount)],
        extra={"tipo": str(booking.kind), "cuenta_pgc": booking.account},
    )


def _returned(tree: AccountTree, booking: ReturnedDebit) -> Draft:
    extra: dict[str, object] = {"tipo": str(MatchKind.RETURN)}
    if booking.original:
        extra["original"] = booking.original
    return _entry(
        tree,
        booking,
        _NARRATIONS[MatchKind.RETURN],
        [(tree.code(booking.account, _sub(tree, booking.sub)), -booking.movement.amount)],
        extra=extra,
    )


def _sub(tree: AccountTree, sub: str) -> str:
    """A sub-account path given as text (``Aseguradoras:DKV``), each part a valid component."""
    return ":".join(tree.sub(part) for part in sub.split(":")) if sub else ""


def unexplained(tree: AccountTree, booking: Unexplained) -> Draft:
    """An unexplained movement: bank against 555, always flagged ``!`` for review."""
    return _entry(
        tree,
        booking,
        "Movimiento sin explicar: pendiente de aplicación",
        [(tree.suspense(), -booking.movement.amount)],
        extra={"tipo": str(MatchKind.UNEXPLAINED)},
        flag="!",
    )


TRANSLATIONS: dict[type, Callable[[AccountTree, Any], Draft]] = {
    SettlementReceipt: _settlement,
    CardBatch: _card,
    PrivateReceipt: _private,
    InvoicePayment: _invoice_payment,
    RuleBooking: _rule,
    ReturnedDebit: _returned,
    Unexplained: unexplained,
}
"""The translation of each kind of booking that explains a bank movement."""


def movement_entry(tree: AccountTree, booking: object) -> Draft:
    """The entry of a booking that explains a bank movement."""
    translate = TRANSLATIONS.get(type(booking))
    if translate is None:
        msg = f"el libro no sabe asentar {type(booking).__name__}"
        raise ConciliacionError(msg)
    return translate(tree, booking)
