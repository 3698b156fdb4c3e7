"""Bank movements before they have a place in a statement, and the texts banks give them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Final

import attrs

from conciliacion.demo.parties import Account
from conciliacion.model import MatchKind
from conciliacion.money import to_money

__all__ = ["TEXT_WIDTH", "Draft", "DraftBook", "chunks", "texts"]

TEXT_WIDTH: Final = 38
_MAX_TEXTS: Final = 10


def chunks(text: str, width: int = TEXT_WIDTH) -> list[str]:
    """``text`` cut every ``width`` characters, as banks cut long names, wherever the cut falls.

    >>> chunks("TRANSFERENCIA DE SEGURCAIXA ADESLAS SA DE SEGUROS Y REASEGUROS")
    ['TRANSFERENCIA DE SEGURCAIXA ADESLAS SA', 'DE SEGUROS Y REASEGUROS']
    """
    pieces = (text[i : i + width].strip() for i in range(0, len(text), width))
    return [piece for piece in pieces if piece]


def texts(*parts: str) -> tuple[str, ...]:
    """The concept texts of a movement: each part cut to fit, empty parts left out, ten at most."""
    return tuple(piece for part in parts for piece in chunks(part))[:_MAX_TEXTS]


@attrs.frozen
class Draft:
    """A movement to be written, with what it really is.

    Attributes:
        uid: its number in the run, by which other drafts refer to it.
        account: the practice's account it moves.
        date: booking and value date.
        amount: signed, positive for money in.
        common: Norma 43 common concept.
        own: the bank's own concept code.
        concepts: the texts of its ``23`` records.
        kind: what explains it.
        reference2: the second reference field.
        settlements: (insurer id, number) it pays.
        invoices: (NIF, number) it pays or undoes.
        services: private services it collects.
        pgc: the PGC account that explains it, when no document does.
        related: uids of the drafts it cancels or mirrors.
        partial: pays part of a settlement.
    """

    uid: int
    account: Account
    date: dt.date
    amount: Decimal = attrs.field(converter=to_money)
    common: str
    own: str
    concepts: tuple[str, ...]
    kind: MatchKind
    reference2: str = ""
    settlements: tuple[tuple[str, str], ...] = ()
    invoices: tuple[tuple[str, str], ...] = ()
    services: tuple[str, ...] = ()
    pgc: str | None = None
    related: tuple[int, ...] = ()
    partial: bool = False


class DraftBook:
    """Collects the drafts of one run and numbers them; a helper of one generation, not shared."""

    def __init__(self) -> None:
        self.drafts: list[Draft] = []

    def next_uid(self) -> int:
        """The uid the next draft will get, for a pair of drafts that refer to each other."""
        return len(self.drafts)

    def add(  # noqa: PLR0913, PLR0917 - a movement's fields in record order; the optional ones keyword-only
        self,
        account: Account,
        date: dt.date,
        amount: Decimal,
        common: str,
        own: str,
        concepts: Iterable[str],
        kind: MatchKind,
        *,
        reference2: str = "",
        settlements: tuple[tuple[str, str], ...] = (),
        invoices: tuple[tuple[str, str], ...] = (),
        services: tuple[str, ...] = (),
        pgc: str | None = None,
        related: tuple[int, ...] = (),
        partial: bool = False,
    ) -> int:
        """Record a movement; returns its uid."""
        uid = len(self.drafts)
        self.drafts.append(
            Draft(
                uid=uid,
                account=account,
                date=date,
                amount=amount,
                common=common,
                own=own,
                concepts=tuple(concepts),
                kind=kind,
                reference2=reference2,
                settlements=settlements,
                invoices=invoices,
                services=services,
                pgc=pgc,
                related=related,
                partial=partial,
            )
        )
        return uid
