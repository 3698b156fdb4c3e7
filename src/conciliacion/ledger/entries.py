"""The translation of a month's bookings into Beancount directives: the accounting rules.

A pure function of its input: the same books give the same directives in the same order. Every
rule of DOMAIN.md's bookkeeping table is here, one function per kind of booking.

Transactions are made as :class:`~conciliacion.ledger._build.Draft` values: the writer prints
them straight away (:mod:`conciliacion.ledger._render`), and :func:`month_entries` turns them into
beancount's directives for those who want the objects. One set of rules serves both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterator
from decimal import Decimal
from typing import Any, NoReturn

from beancount.core import data
from beancount.core.amount import Amount

from conciliacion.errors import ConciliacionError
from conciliacion.ledger import _bank
from conciliacion.ledger._build import (
    CURRENCY,
    Draft,
    invoice_link,
    link,
    match_meta,
    source_text,
    transaction,
)
from conciliacion.ledger.accounts import AccountTree
from conciliacion.ledger.bookings import (
    MOVEMENT_BOOKINGS,
    AcceptedDifference,
    Accrual,
    Claim,
    InvoiceBooking,
    MonthBooks,
    SettlementReceipt,
    Unexplained,
    month_end,
)
from conciliacion.model import Movement, Statement

__all__ = [
    "Directive",
    "Entry",
    "document_path",
    "iter_entries",
    "month_entries",
    "sort_key",
    "text_sort_key",
]

Directive = data.Directive
Entry = Draft | data.Directive
"""What the translation gives: transactions as drafts, the few other directives as beancount's."""

_RANK = {data.Open: 0, data.Balance: 1, data.Note: 2, data.Transaction: 3, data.Document: 4}


def _accrual(tree: AccountTree, booking: Accrual) -> Draft:
    who = "particulares" if booking.insurer == "particular" else "asegurados"
    count = f" ({booking.services} servicios)" if booking.services else ""
    meta: dict[str, Any] = {"tipo": "devengo", "mes": booking.month}
    payee = None
    if booking.insurer != "particular":
        insurer = tree.insurer(booking.insurer)
        payee = insurer.name
        meta["nif"] = insurer.nif
    return transaction(
        date=month_end(booking.month),
        payee=payee,
        narration=f"Servicios prestados a {who} en {booking.month}{count}",
        postings=[
            (tree.receivable(booking.insurer), booking.amount),
            (tree.income(booking.insurer), -booking.amount),
        ],
        meta=meta,
    )


def _difference(tree: AccountTree, booking: AcceptedDifference) -> Draft:
    debit = tree.code("650") if booking.bad_debt else tree.returns(booking.insurer)
    meta: dict[str, Any] = {"tipo": "diferencia_aceptada"}
    links = []
    if booking.settlement:
        meta["liquidacion"] = booking.settlement
        links.append(link("liq", booking.insurer, booking.settlement))
    if booking.claim:
        meta["reclamacion"] = booking.claim
        links.append(link("rec", booking.claim))
    meta.update(match_meta(booking.match))
    what = "incobrable" if booking.bad_debt else "aceptada"
    return transaction(
        date=booking.date,
        payee=tree.insurer(booking.insurer).name,
        narration=f"Diferencia {what} con la aseguradora",
        postings=[(debit, booking.amount), (tree.receivable(booking.insurer), -booking.amount)],
        meta=meta,
        links=links,
    )


def _claim(tree: AccountTree, booking: Claim) -> data.Note:
    insurer = tree.insurer(booking.insurer).name
    links = frozenset(
        [link("rec", booking.id)]
        + [link("liq", booking.insurer, number) for number in booking.settlements]
    )
    meta = {
        "reclamacion": booking.id,
        "importe": Amount(booking.amount, CURRENCY),
        "estado": booking.status,
        "abierta": booking.is_open,
    }
    comment = f"Reclamación {booking.id} a {insurer} por {booking.amount} {CURRENCY}"
    return data.Note(
        meta, booking.date, tree.receivable(booking.insurer), comment, frozenset(), links
    )


def _invoice(tree: AccountTree, booking: InvoiceBooking) -> Draft:
    invoice = booking.invoice
    supplier = tree.supplier_name(invoice.nif, invoice.supplier)
    code = tree.expense_code(invoice.nif, invoice.account)
    meta = {
        "tipo": "factura_recibida",
        "factura": invoice.number,
        "nif": invoice.nif,
        "fuente": source_text(invoice.source),
        "base": Amount(invoice.base, CURRENCY),
        "iva": Amount(invoice.vat, CURRENCY),
    }
    meta.update(match_meta(booking.match))
    return transaction(
        date=invoice.date,
        payee=supplier,
        narration=f"Factura {invoice.number}",
        postings=[
            (tree.code(code, tree.sub(supplier)), invoice.cost),
            (tree.payable(code, supplier), -invoice.total),
            (tree.code("4751"), -invoice.withholding),
        ],
        meta=meta,
        links=[invoice_link(invoice)],
    )


def _statement_entries(tree: AccountTree, statement: Statement) -> list[data.Balance]:
    account = tree.bank(statement.account)
    meta = {"fuente": source_text(statement.source), "extracto": statement.id}
    after = statement.end_date + dt.timedelta(days=1)
    return [
        data.Balance(
            dict(meta),
            statement.start_date,
            account,
            Amount(statement.opening_balance, CURRENCY),
            None,
            None,
        ),
        data.Balance(
            dict(meta), after, account, Amount(statement.closing_balance, CURRENCY), None, None
        ),
    ]


def _opening(tree: AccountTree, statements: list[Statement], first: Collection[str]) -> list[Draft]:
    """The opening entry of a bank account the ledger has not seen before this month."""
    entries: list[Draft] = []
    seen: set[str] = set()
    for statement in sorted(statements, key=lambda s: (s.start_date, s.account)):
        if statement.account in seen or statement.account not in first:
            continue
        seen.add(statement.account)
        entries.append(
            transaction(
                date=statement.start_date - dt.timedelta(days=1),
                payee=None,
                narration="Asiento de apertura: saldo inicial del banco",
                postings=[
                    (tree.bank(statement.account), statement.opening_balance),
                    (tree.owner(), -statement.opening_balance),
                ],
                meta={"tipo": "apertura", "fuente": source_text(statement.source)},
            )
        )
    return entries


def _documents(books: MonthBooks, tree: AccountTree) -> list[Directive]:
    found: dict[tuple[str, str], dt.date] = {}

    def add(account: str, file: str, date: dt.date) -> None:
        key = (account, file)
        found[key] = min(date, found.get(key, date))

    for statement in books.statements:
        add(tree.bank(statement.account), statement.source.file, statement.end_date)
    for (insurer, file), date in _settlement_files(books).items():
        add(tree.receivable(insurer), file, date)
    return [
        data.Document({"tipo": "documento"}, date, account, document_path(file), None, None)
        for (account, file), date in found.items()
    ]


def _settlement_files(books: MonthBooks) -> dict[tuple[str, str], dt.date]:
    """Each insurer's settlement files, with the earliest settlement date read from each.

    Gathered by insurer, in the order first seen, and only then named as accounts: a month has
    a third of a million settlements and a handful of files.
    """
    earliest: dict[tuple[str, str], dt.date] = {}
    for booking in books.bookings:
        if isinstance(booking, SettlementReceipt):
            for settlement in booking.settlements:
                key = (settlement.insurer, settlement.source.file)
                known = earliest.get(key)
                if known is None or settlement.date < known:
                    earliest[key] = settlement.date
    return earliest


def document_path(file: str) -> str:
    """A practice file as seen from a monthly file (``libro/AAAA/``), absolute paths unchanged."""
    return file if file.startswith("/") else f"../../{file}"


def sort_key(entry: Directive) -> tuple[dt.date, int, str]:
    """The order of the monthly file: by date, then kind, then a text that tells entries apart.

    A bank entry is told apart by its movement's id; other entries by their source, narration,
    links or account, whichever they have.
    """
    return (entry.date, _RANK.get(type(entry), 9), _tie(entry))


def text_sort_key(entry: Entry, date: str) -> str:
    """:func:`sort_key` as one string (``date`` is the entry's, printed): the same order.

    The date's text has a fixed width and the rank one digit, so comparing the joined text
    compares the parts in turn; strings sort several times faster than tuples of a date.
    """
    if type(entry) is Draft:
        movement = entry.meta.get("movimiento")  # most entries: no need to build the tie
        return f"{date}3{movement if movement is not None else _tie(entry)}"
    return f"{date}{_RANK.get(type(entry), 9)}{_tie(entry)}"


def _tie(entry: Entry) -> str:
    meta = entry.meta
    movement = meta.get("movimiento")
    if movement is not None:
        return str(movement)
    tie = str(meta.get("fuente", ""))
    if isinstance(entry, (Draft, data.Transaction)):
        tie = f"{tie}\x00{entry.narration}\x00{' '.join(sorted(entry.links or ()))}"
    elif isinstance(entry, (data.Balance, data.Document, data.Note)):
        extra = getattr(entry, "filename", "") or str(getattr(entry, "amount", ""))
        tie = f"{entry.account}\x00{tie}\x00{extra}"
    return tie


def month_entries(books: MonthBooks, first: Collection[str] = ()) -> list[Directive]:
    """The month's directives, sorted; ``first`` holds the IBANs the ledger opens this month.

    Statement movements that no booking explains are booked to 555 with the ``!`` flag. A booking
    for a movement outside the statements, two bookings for one movement, or any entry that does
    not balance is a :class:`ConciliacionError`.
    """
    entries = iter_entries(books, first)
    directives = [e.directive() if isinstance(e, Draft) else e for e in entries]
    return sorted(directives, key=sort_key)


def _refuse_movement(month: str, movement: Movement, *, booked: bool) -> NoReturn:
    """A booking for a movement outside the month's statements, or booked once already."""
    where = f"{source_text(movement.source)}: el movimiento {movement.id}"
    if booked:
        msg = f"{where} tiene dos asientos"
    else:
        msg = f"{where} no está en los extractos de {month}"
    raise ConciliacionError(msg)


def iter_entries(books: MonthBooks, first: Collection[str] = ()) -> Iterator[Entry]:
    """:func:`month_entries` unsorted, transactions left as drafts: the writer's input.

    One at a time, so that the writer prints each while it is fresh and keeps only its text;
    refusals come as the entries are made, before anything is written.
    """
    tree = AccountTree(books.config)
    movements = _bank.statement_movements(books.statements)
    pending = dict(movements)  # what no booking has explained yet: one look-up per booking
    translations: dict[type, Callable[[AccountTree, Any], Entry]] = {
        **_bank.TRANSLATIONS,
        Accrual: _accrual,
        AcceptedDifference: _difference,
        Claim: _claim,
        InvoiceBooking: _invoice,
    }
    for booking in books.bookings:
        if isinstance(booking, MOVEMENT_BOOKINGS) and (
            pending.pop(booking.movement.id, None) is None
        ):
            _refuse_movement(books.month, booking.movement, booked=booking.movement.id in movements)
        translate = translations.get(type(booking))
        if translate is None:
            msg = f"el libro no sabe asentar {type(booking).__name__}"
            raise ConciliacionError(msg)
        yield translate(tree, booking)
    for movement_id in sorted(pending):
        yield _bank.unexplained(tree, Unexplained(pending[movement_id]))
    statements = list(books.statements)
    yield from _opening(tree, statements, first)
    balances: dict[tuple[dt.date, str, Decimal | None], Directive] = {}
    for statement in statements:
        for entry in _statement_entries(tree, statement):
            balances.setdefault((entry.date, entry.account, entry.amount.number), entry)
    yield from balances.values()
    yield from _documents(books, tree)
