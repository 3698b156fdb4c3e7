"""The figures of the «Conciliación» page, computed from ledger entries alone (no Fava, no Flask).

Kept apart from the extension class so that they can be tested on a loaded ledger without a server.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

import attrs
from beancount.core import data

from conciliacion.ledger.accounts import pgc_code
from conciliacion.money import ZERO

__all__ = ["ClaimRow", "EntryRow", "MonthView", "month_view"]

_BANK = "572"
_SUSPENSE = "555"


@attrs.frozen
class EntryRow:
    """One bank entry as the page lists it.

    Attributes:
        date: the entry's date.
        narration: what it is.
        amount: the bank side of the entry.
        source: statement file and line.
        movement: the movement's id, which the journal filter finds.
        kind: the match kind, ``""`` if none.
        confidence: the match's confidence, ``None`` if none.
        reasons: why the match was suggested.
    """

    date: dt.date
    narration: str
    amount: Decimal
    source: str
    movement: str
    kind: str = ""
    confidence: Decimal | None = None
    reasons: str = ""

    @property
    def journal_filter(self) -> str:
        """Fava's filter that shows this entry in the journal."""
        return f'movimiento:"{self.movement}"'


@attrs.frozen
class ClaimRow:
    """An open claim, from its note.

    Attributes:
        date: the day it was sent.
        claim: its id.
        comment: the note's text.
        amount: what is claimed, as text (``12.00 EUR``).
        status: its state.
        links: the links that join it with its settlements and transfers.
    """

    date: dt.date
    claim: str
    comment: str
    amount: str
    status: str
    links: tuple[str, ...]

    @property
    def journal_filter(self) -> str:
        """Fava's filter that shows the claim with its settlement and transfer."""
        return " ".join(f"^{name}" for name in self.links)


@attrs.frozen
class MonthView:
    """Everything the page shows.

    Attributes:
        movements: bank entries in the period.
        explained: those not waiting in 555.
        amount: absolute amount moved in the bank.
        explained_amount: absolute amount of the explained ones.
        suspense: entries with a 555 posting.
        suggested: entries whose match a person must still confirm.
        claims: open claims.
    """

    movements: int
    explained: int
    amount: Decimal
    explained_amount: Decimal
    suspense: tuple[EntryRow, ...]
    suggested: tuple[EntryRow, ...]
    claims: tuple[ClaimRow, ...]

    @property
    def coverage(self) -> str:
        """Share of movements explained, as a person reads it (``97,5 %``)."""
        if not self.movements:
            return "—"
        share = (Decimal(self.explained) * 100 / Decimal(self.movements)).quantize(Decimal("0.1"))
        return f"{share} %".replace(".", ",")


def _bank_amount(entry: data.Transaction) -> Decimal:
    total = ZERO
    for posting in entry.postings:
        if pgc_code(posting.account) == _BANK and posting.units is not None:
            total += posting.units.number or ZERO
    return total


def _row(entry: data.Transaction) -> EntryRow:
    meta = entry.meta
    confidence = meta.get("confianza")
    return EntryRow(
        date=entry.date,
        narration=entry.narration or "",
        amount=_bank_amount(entry),
        source=str(meta.get("fuente", "")),
        movement=str(meta.get("movimiento", "")),
        kind=str(meta.get("tipo", "")),
        confidence=confidence if isinstance(confidence, Decimal) else None,
        reasons=str(meta.get("motivos", "")),
    )


def month_view(entries: Iterable[data.Directive]) -> MonthView:
    """The page's figures for the given (already filtered) entries."""
    movements = explained = 0
    amount = explained_amount = ZERO
    suspense: list[EntryRow] = []
    suggested: list[EntryRow] = []
    claims: list[ClaimRow] = []
    for entry in entries:
        if isinstance(entry, data.Note) and entry.meta.get("reclamacion"):
            if entry.meta.get("abierta") is True:
                claims.append(
                    ClaimRow(
                        entry.date,
                        str(entry.meta["reclamacion"]),
                        entry.comment,
                        str(entry.meta.get("importe", "")),
                        str(entry.meta.get("estado", "")),
                        tuple(sorted(entry.links or ())),
                    )
                )
            continue
        if not isinstance(entry, data.Transaction) or "movimiento" not in entry.meta:
            continue
        movements += 1
        moved = abs(_bank_amount(entry))
        amount += moved
        if any(pgc_code(p.account) == _SUSPENSE for p in entry.postings):
            suspense.append(_row(entry))
        else:
            explained += 1
            explained_amount += moved
        if entry.meta.get("estado") == "sugerido":
            suggested.append(_row(entry))
    return MonthView(
        movements,
        explained,
        amount,
        explained_amount,
        tuple(suspense),
        tuple(suggested),
        tuple(claims),
    )
