"""Small constructors of Beancount directives shared by the translation of every booking.

Directive metadata keys are Spanish (the accountant reads them in Fava). Nothing that can hold a
patient's name (a movement's concept texts, a settlement line's patient) is ever put in an entry:
movements are identified by id and by file and line.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, Final, NamedTuple

from beancount.core import data
from beancount.core.amount import Amount

from conciliacion.errors import ConciliacionError
from conciliacion.model import Invoice, Match, MatchKind, MatchStatus, Movement
from conciliacion.model.provenance import Source
from conciliacion.money import ZERO

__all__ = [
    "CURRENCY",
    "Draft",
    "Posting",
    "add_match_meta",
    "invoice_link",
    "link",
    "match_meta",
    "movement_meta",
    "source_text",
    "transaction",
]

CURRENCY: Final = "EUR"
_LINK_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")
_NO_LINKS: Final[frozenset[str]] = frozenset()

Posting = tuple[str, Decimal]
"""An account and a signed amount in euros: positive is a debit, negative a credit."""


class Draft(NamedTuple):
    """A balanced transaction, before it becomes beancount's objects or the file's text.

    The writer turns a million of these straight into text (:func:`_render.render`);
    building beancount's ``Transaction``, ``Posting`` and ``Amount`` for each only to print them
    cost more than the rules themselves. :meth:`directive` gives beancount's object for those who
    want one (:func:`entries.month_entries`).

    Attributes:
        date: the day it is booked on.
        flag: ``*``, or ``!`` for what a person still has to confirm.
        payee: the other party, ``None`` if none.
        narration: what it is, in words.
        links: the ``^links`` that tie it to others.
        meta: its metadata, in the order it is printed.
        postings: the non-zero postings, in order; they add up to zero.
    """

    date: dt.date
    flag: str
    payee: str | None
    narration: str
    links: frozenset[str]
    meta: dict[str, Any]
    postings: list[Posting]

    def directive(self) -> data.Transaction:
        """Beancount's transaction with the same content."""
        return data.Transaction(
            meta=dict(self.meta),
            date=self.date,
            flag=self.flag,
            payee=self.payee,
            narration=self.narration,
            tags=frozenset(),
            links=self.links,
            postings=[
                data.Posting(account, Amount(amount, CURRENCY), None, None, None, None)
                for account, amount in self.postings
            ],
        )


def link(prefix: str, *parts: str) -> str:
    """A Beancount link built from ids and numbers, made of the characters links accept.

    >>> link("liq", "Adeslas", "2026/01 7")
    'liq-Adeslas-2026-01-7'
    """
    text = prefix
    for part in parts:  # a loop rather than a list of parts: a month makes a million links
        text = f"{text}-{part if part.isascii() and part.isalnum() else _link_part(part)}"
    return text


def _link_part(part: str) -> str:
    """A part of a link that is not all ASCII letters and digits (:func:`link` keeps those).

    >>> _link_part("2026/01 7"), _link_part("Año"), _link_part("--")
    ('2026-01-7', 'A-o', 'x')
    """
    return _LINK_UNSAFE.sub("-", part).strip("-") or "x"


def invoice_link(invoice: Invoice) -> str:
    """The link that ties an invoice to its payment."""
    return link("fac", invoice.nif, invoice.number)


def source_text(source: Source) -> str:
    """Where a value came from, as ``file:line``."""
    return f"{source.file}:{source.line}"


def movement_meta(movement: Movement) -> dict[str, Any]:
    """The metadata every bank entry carries: where the movement is and which it is."""
    source = movement.source  # source_text()'s, without the call: a million movements
    return {"fuente": f"{source.file}:{source.line}", "movimiento": movement.id}


def match_meta(match: Match | None) -> dict[str, Any]:
    """What the reconciliation said: kind, status, confidence, reasons and the result's id."""
    meta: dict[str, Any] = {}
    add_match_meta(meta, match)
    return meta


def add_match_meta(meta: dict[str, Any], match: Match | None) -> None:
    """:func:`match_meta` added to ``meta`` in place, without a dictionary in between."""
    if match is not None:
        meta["conciliacion"] = match.id
        meta.update(_verdict(match.kind, match.status, match.confidence, match.reasons))


@functools.lru_cache(maxsize=1024)
def _verdict(
    kind: MatchKind, status: MatchStatus, confidence: float, reasons: tuple[str, ...]
) -> dict[str, Any]:
    """A match's kind, status, confidence and reasons as metadata, remembered.

    A month of a million matches repeats a few dozen of these. Callers copy it, never change it.
    """
    meta: dict[str, Any] = {
        "tipo": str(kind),
        "estado": str(status),
        "confianza": Decimal(str(round(confidence, 2))).quantize(Decimal("0.01")),
    }
    if reasons:
        meta["motivos"] = "; ".join(reasons)
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
) -> Draft:
    """A transaction that balances exactly, or a :class:`ConciliacionError` saying by how much."""
    lines = []
    total = ZERO
    for posting in postings:
        amount = posting[1]
        if amount:
            lines.append(posting)
            total += amount
    if total:
        detail = ", ".join(f"{account} {amount}" for account, amount in lines)
        msg = f"el asiento del {date} «{narration}» no cuadra (descuadre {total}): {detail}"
        raise ConciliacionError(msg)
    owned = meta if type(meta) is dict else dict(meta)  # callers hand over a fresh dict
    tied = frozenset(links) if links else _NO_LINKS  # most entries: no links, no new set
    return Draft(date, flag, payee, narration, tied, owned, lines)
