"""Bank statements: the drafts of each account and month put in order, numbered and written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Final

import attrs

from conciliacion.demo.dates import month_end
from conciliacion.demo.movements import Draft
from conciliacion.demo.parties import Account
from conciliacion.demo.truth import MovementKey, MovementTruth
from conciliacion.importers.norma43 import write_norma43
from conciliacion.model import Movement, Source, Statement

__all__ = ["BANK_FOLDER", "StatementFile", "build_statements"]

BANK_FOLDER: Final = "entrada/banco"


@attrs.frozen
class StatementFile:
    """One Norma 43 file: its path relative to the practice folder, its statement, its bytes."""

    file: str
    statement: Statement
    data: bytes


def build_statements(
    drafts: Sequence[Draft],
    accounts: Sequence[tuple[Account, Decimal]],
    months: Sequence[dt.date],
) -> tuple[list[StatementFile], list[MovementTruth]]:
    """One statement per account and month, each opening with the previous closing balance.

    ``accounts`` pairs each account with its balance before the first month. Returns the files and
    the truth of every movement in them, in file order.
    """
    files: list[StatementFile] = []
    placed: list[tuple[Draft, str, Movement]] = []
    keys: dict[int, MovementKey] = {}
    by_place: dict[tuple[str, dt.date], list[Draft]] = {}
    for draft in drafts:
        by_place.setdefault((draft.account.iban, draft.date.replace(day=1)), []).append(draft)
    for account, opening in accounts:
        balance = opening
        for month in months:
            file = f"{BANK_FOLDER}/{account.file_prefix}_{month:%Y-%m}.n43"
            chosen = sorted(by_place.get((account.iban, month), []), key=lambda d: (d.date, d.uid))
            movements: list[Movement] = []
            line = 2
            for number, draft in enumerate(chosen, start=1):
                movement = Movement(
                    account=account.iban,
                    booking_date=draft.date,
                    value_date=draft.date,
                    amount=draft.amount,
                    source=Source(file, line),
                    common_concept=draft.common,
                    own_concept=draft.own,
                    document=f"{month:%y%m}{number:06d}",
                    reference2=draft.reference2,
                    concepts=draft.concepts,
                )
                movements.append(movement)
                placed.append((draft, file, movement))
                keys[draft.uid] = (file, line)
                line += 1 + (len(draft.concepts) + 1) // 2
            closing = balance + sum((m.amount for m in movements), start=Decimal("0.00"))
            statement = Statement(
                account=account.iban,
                start_date=month,
                end_date=month_end(month),
                opening_balance=balance,
                closing_balance=closing,
                movements=movements,
                source=Source(file, 1),
                bank_name=account.holder,
            )
            files.append(StatementFile(file, statement, write_norma43([statement])))
            balance = closing
    truths = [
        MovementTruth(
            file=file,
            line=movement.source.line,
            movement=movement,
            kind=draft.kind,
            settlements=draft.settlements,
            invoices=draft.invoices,
            services=draft.services,
            account=draft.pgc,
            related=tuple(keys[uid] for uid in draft.related if uid in keys),
            partial=draft.partial,
        )
        for draft, file, movement in placed
    ]
    return files, truths
