"""Movements explained by another movement: returns, reversals, transfers between own accounts.

A returned direct debit (Norma 43 common concept 14) or a reversal (98) undoes an earlier movement
of the same account for the opposite amount: it takes that movement's explanation, reversed, and
what the earlier one paid is unpaid again. A transfer between two accounts of the practice shows
twice, once in each, for opposite amounts within a few days; each half explains the other.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict, deque
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Final

from conciliacion.matchers.bank_keys import MovementKeys
from conciliacion.matchers.bank_proposal import Proposal
from conciliacion.matchers.bank_rules import account_label
from conciliacion.model import MatchKind, Movement

__all__ = ["History", "is_internal", "is_return", "pair_transfers", "return_proposal"]

_RETURN_WORDS: Final = frozenset({"DEVOLUCION", "ANULACION", "RETROCESION", "EXTORNO"})
_RETURN_CONCEPTS: Final = frozenset({"14", "98"})


def is_return(movement: Movement, keys: MovementKeys) -> bool:
    """Whether the movement says it undoes another (its concept code or its words)."""
    return movement.common_concept in _RETURN_CONCEPTS or not _RETURN_WORDS.isdisjoint(keys.words)


def is_internal(keys: MovementKeys, own_ibans: Mapping[str, str]) -> bool:
    """Whether the movement says it goes to or comes from one of the practice's accounts."""
    return "TRASPASO" in keys.words or any(i in own_ibans for i in keys.ibans)


class History:
    """Movements already explained, by account and signed amount, to find what a return undoes.

    Movements come in date order and a return looks back ``days`` at most. Returns are few, so a
    movement is only filed under its account and amount when a return looks: until then it waits
    in a queue (a reference each), and one older than the window by then is dropped unfiled. A run
    over years keeps a few weeks filed, and a run without returns files nothing.
    """

    def __init__(self, days: int) -> None:
        self._span = dt.timedelta(days=days)
        self._waiting: deque[Movement] = deque()
        self._seen: dict[tuple[str, Decimal], list[Movement]] = defaultdict(list)
        self._order: deque[tuple[dt.date, tuple[str, Decimal]]] = deque()
        self._undone: set[str] = set()

    def add(self, movement: Movement) -> None:
        """Remember a movement once it has been explained (in date order)."""
        self._waiting.append(movement)

    def _file(self, first: dt.date) -> None:
        """File the waiting movements from ``first`` on; forget the filed ones before it."""
        waiting, seen, order = self._waiting, self._seen, self._order
        while waiting:
            movement = waiting.popleft()
            if movement.booking_date >= first:
                key = (movement.account, movement.amount)
                seen[key].append(movement)
                order.append((movement.booking_date, key))
        while order and order[0][0] < first:
            _, old = order.popleft()
            same = seen[old]
            del same[0]
            if not same:
                del seen[old]

    def original(self, movement: Movement) -> Movement | None:
        """The latest earlier movement of the same account that this one undoes, if any."""
        first = movement.booking_date - self._span
        self._file(first)
        for earlier in reversed(self._seen.get((movement.account, -movement.amount), ())):
            if earlier.booking_date < first:
                break
            if earlier.id not in self._undone and earlier.booking_date <= movement.booking_date:
                self._undone.add(earlier.id)
                return earlier
        return None


def return_proposal(movement: Movement, original: Movement, undone: Proposal | None) -> Proposal:
    """The return takes the explanation of the movement it undoes."""
    where = f"{original.booking_date:%d/%m/%Y} ({original.source})"
    reasons = [f"devuelve el movimiento del {where} por el mismo importe"]
    if undone is None or undone.confidence == 0:
        reasons.append("el movimiento devuelto tampoco está explicado")
        return Proposal(
            MatchKind.RETURN, (movement.id,), (), 0.6, tuple(reasons),
            account_label("555"), related=(original.id,), automatic=False,
        )  # fmt: skip
    reasons.append(f"deshace un movimiento de tipo {undone.kind}")
    return Proposal(
        MatchKind.RETURN, (movement.id,), undone.targets, 0.95, tuple(reasons), undone.account,
        undone.references, related=(original.id,),
    )  # fmt: skip


def pair_transfers(
    movements: Sequence[Movement], own_accounts: Mapping[str, str], days: int
) -> dict[str, Proposal]:
    """Each transfer between own accounts with its other half; a lone half is a suggestion.

    ``own_accounts`` gives the contrapartida of each of the practice's IBANs.
    """
    found: dict[str, Proposal] = {}
    waiting: dict[Decimal, list[Movement]] = defaultdict(list)
    window = dt.timedelta(days=days)
    for movement in sorted(movements, key=lambda m: (m.booking_date, m.account, m.source.line)):
        partners = waiting.get(-movement.amount, [])
        match = next(
            (
                other
                for other in partners
                if other.account != movement.account
                and movement.booking_date - other.booking_date <= window
            ),
            None,
        )
        if match is None:
            waiting[movement.amount].append(movement)
            continue
        partners.remove(match)
        for one, other in ((movement, match), (match, movement)):
            account = own_accounts.get(other.account, account_label("572", other.account[-4:]))
            reason = f"traspaso entre cuentas propias: la otra mitad es {other.source}"
            found[one.id] = Proposal(
                MatchKind.INTERNAL_TRANSFER, (one.id,), (), 0.96, (reason, "importe opuesto"),
                account, related=(other.id,),
            )  # fmt: skip
    for alone in (m for ms in waiting.values() for m in ms):
        found[alone.id] = Proposal(
            MatchKind.INTERNAL_TRANSFER, (alone.id,), (), 0.6,
            ("dice ser un traspaso entre cuentas propias, pero falta la otra mitad",),
            account_label("572"), automatic=False,
        )  # fmt: skip
    return found
