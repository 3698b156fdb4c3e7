"""Merge statements of the same account that overlap, keeping every movement exactly once.

A practice downloads the same period twice, or two files share some days. The same movement then
arrives twice and must count once, while two genuine identical movements (two 50.00 EUR Bizum
payments on one day) must both stay. Norma 43 has no transaction id, so an amount-and-date
heuristic cannot tell these apart; the bank's running balance can. A movement's fingerprint is

    (account, booking date, position within that day in its statement, amount, balance after)

Two equal movements on the same day differ in their position and in the balance after them; the
same movement downloaded twice has the same position in its day (statements start at a day's
beginning) and the same balance. Between statements that do not overlap, the closing balance of
one must be the opening balance of the next; when it is not, a statement is missing, and the
difference is reported as a :class:`Gap`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

import attrs

from conciliacion.model import Movement, Statement

__all__ = ["Duplicate", "Gap", "MergeResult", "MergedAccount", "fingerprints", "merge_statements"]

Fingerprint = tuple[str, dt.date, int, Decimal, Decimal | None]


def fingerprints(statement: Statement) -> list[Fingerprint]:
    """The fingerprint of each movement of ``statement``, in its order."""
    seen: dict[dt.date, int] = {}
    result: list[Fingerprint] = []
    for movement in statement.movements:
        position = seen.get(movement.booking_date, 0) + 1
        seen[movement.booking_date] = position
        result.append(
            (
                movement.account,
                movement.booking_date,
                position,
                movement.amount,
                movement.balance_after,
            )
        )
    return result


@attrs.frozen
class Duplicate:
    """A movement dropped because an earlier statement already holds it.

    Attributes:
        dropped: the repeated movement (its ``source.file`` says where it came from).
        kept: the movement kept in its place.
    """

    dropped: Movement
    kept: Movement

    def __str__(self) -> str:
        return f"{self.dropped.source}: movimiento repetido de {self.kept.source}"


@attrs.frozen
class Gap:
    """A missing statement: one statement's closing balance is not the next one's opening.

    Attributes:
        account: the account.
        previous_end: the last day of the earlier statement.
        next_start: the first day of the later statement.
        closing_balance: where the earlier statement ends.
        opening_balance: where the later statement starts.
    """

    account: str
    previous_end: dt.date
    next_start: dt.date
    closing_balance: Decimal
    opening_balance: Decimal

    @property
    def missing(self) -> Decimal:
        """The net amount of the movements nobody has seen."""
        return self.opening_balance - self.closing_balance

    def __str__(self) -> str:
        return (
            f"cuenta {self.account}: falta un extracto entre el {self.previous_end} "
            f"(saldo final {self.closing_balance}) y el {self.next_start} "
            f"(saldo inicial {self.opening_balance}): diferencia {self.missing}"
        )


@attrs.frozen
class MergedAccount:
    """The merged movements of one account, each once, in the order the statements give them."""

    account: str
    movements: tuple[Movement, ...]
    start_date: dt.date
    end_date: dt.date


@attrs.frozen
class MergeResult:
    """What merging gives: the movements per account, what was dropped and what is missing."""

    accounts: tuple[MergedAccount, ...]
    duplicates: tuple[Duplicate, ...]
    gaps: tuple[Gap, ...]

    def movements(self, account: str) -> tuple[Movement, ...]:
        """The merged movements of ``account``; empty if no statement has it."""
        for merged in self.accounts:
            if merged.account == account:
                return merged.movements
        return ()


def _order(statement: Statement) -> tuple[dt.date, dt.date, str, int]:
    return (statement.start_date, statement.end_date, statement.source.file, statement.source.line)


def _merge_account(
    account: str, statements: list[Statement]
) -> tuple[MergedAccount, list[Duplicate], list[Gap]]:
    kept: dict[Fingerprint, Movement] = {}
    movements: list[Movement] = []
    duplicates: list[Duplicate] = []
    gaps: list[Gap] = []
    previous: Statement | None = None
    for statement in sorted(statements, key=_order):
        if (
            previous is not None
            and statement.start_date > previous.end_date
            and statement.opening_balance != previous.closing_balance
        ):
            gaps.append(
                Gap(
                    account=account,
                    previous_end=previous.end_date,
                    next_start=statement.start_date,
                    closing_balance=previous.closing_balance,
                    opening_balance=statement.opening_balance,
                )
            )
        for fingerprint, movement in zip(fingerprints(statement), statement.movements, strict=True):
            earlier = kept.get(fingerprint)
            if earlier is None:
                kept[fingerprint] = movement
                movements.append(movement)
            else:
                duplicates.append(Duplicate(dropped=movement, kept=earlier))
        if previous is None or statement.end_date >= previous.end_date:
            previous = statement
    merged = MergedAccount(
        account=account,
        movements=tuple(movements),
        start_date=min(s.start_date for s in statements),
        end_date=max(s.end_date for s in statements),
    )
    return merged, duplicates, gaps


def merge_statements(statements: Iterable[Statement]) -> MergeResult:
    """Merge the statements of every account by identity and balances.

    Statements are taken in the order of their periods (then file and line), so the movements of
    the earlier download are the ones kept.
    """
    by_account: dict[str, list[Statement]] = {}
    for statement in statements:
        by_account.setdefault(statement.account, []).append(statement)
    accounts: list[MergedAccount] = []
    duplicates: list[Duplicate] = []
    gaps: list[Gap] = []
    for account in sorted(by_account):
        merged, dropped, missing = _merge_account(account, by_account[account])
        accounts.append(merged)
        duplicates.extend(dropped)
        gaps.extend(missing)
    return MergeResult(accounts=tuple(accounts), duplicates=tuple(duplicates), gaps=tuple(gaps))
