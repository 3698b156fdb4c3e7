"""Small constructors of Beancount directives shared by the translation of every booking.

Directive metadata keys are Spanish (the accountant reads them in Fava). Nothing that can hold a
patient's name (a movement's concept texts, a settlement line's patient) is ever put in an entry:
movements are identified by id and by file and line.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, Final

from beancount.core import data
from beancount.core.amount import Amount

from conciliacion.errors import ConciliacionError
from conciliacion.model import Invoice, Match, Movement
from conciliacion.model.provenance import Source
from conciliacion.money import ZERO

__all__ = [
    "CURRENCY",
    "Posting",
    "invoice_link",
    "link",
    "match_meta",
    "movement_meta",
    "source_text",
    "transaction",
]

CURRENCY: Final = "EUR"
_LINK_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")

Posting = tuple[str, Decimal]
"""An account and a signed amount in euros: positive is a debit, negative a credit."""


def link(prefix: str, *parts: str) -> str:
    """A Beancount link built from ids and numbers, made of the characters links accept.

    >>> link("liq", "Adeslas", "2026/01 7")
    'liq-Adeslas-2026-01-7'
    """
    cleaned = [_LINK_UNSAFE.sub("-", part).strip("-") or "x" for part in parts]
    return "-".join([prefix, *cleaned])


def invoice_link(invoice: Invoice) -> str:
    """The link that ties an invoice to its payment."""
    return link("fac", invoice.nif, invoice.number)


def source_text(source: Source) -> str:
    """Where a value came from, as ``file:line``."""
    return f"{source.file}:{source.line}"


def movement_meta(movement: Movement) -> dict[str, Any]:
    """The metadata every bank entry carries: where the movement is and which it is."""
    return {"fuente": source_text(movement.source), "movimiento": movement.id}


def match_meta(match: Match | None) -> dict[str, Any]:
    """What the reconciliation said: kind, status, confidence, reasons and the result's id."""
    if match is None:
        return {}
    meta: dict[str, Any] = {
        "conciliacion": match.id,
        "tipo": str(match.kind),
        "estado": str(match.status),
        "confianza": Decimal(str(round(match.confidence, 2))).quantize(Decimal("0.01")),
    }
    if match.reasons:
        meta["motivos"] = "; ".join(match.reasons)
    return meta


def transaction(  # noqa: PLR0913 - the parts of a journal entry, all keyword-only
    *,
    date: dt.date,
    payee: str | None,
    narration: str,
    postings: Iterable[Posting],
    meta: Mapping[str, Any],
    links: Iterable[str] = (),
    flag: str = "*",
) -> data.Transaction:
    """A transaction that balances exactly, or a :class:`ConciliacionError` saying by how much."""
    lines = [(account, amount) for account, amount in postings if amount != ZERO]
    total = sum((amount for _, amount in lines), start=ZERO)
    if total != ZERO:
        detail = ", ".join(f"{account} {amount}" for account, amount in lines)
        msg = f"el asiento del {date} «{narration}» no cuadra (descuadre {total}): {detail}"
        raise ConciliacionError(msg)
    return data.Transaction(
        meta=dict(meta),
        date=date,
        flag=flag,
        payee=payee,
        narration=narration,
        tags=frozenset(),
        links=frozenset(links),
        postings=[
            data.Posting(account, Amount(amount, CURRENCY), None, None, None, None)
            for account, amount in lines
        ],
    )
