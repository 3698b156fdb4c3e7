"""Any statement importer as a beangulp importer, for beangulp's CLI and Fava's import page.

The adapter posts every movement to one Beancount account, leaving the other leg to the user (or
to the reconciliation, which writes the ledger itself); it adds a balance assertion for the
closing balance on the day after the statement ends, since Beancount checks a balance at the start
of its day. Files whose format gives no balances (a bank export without a balance column) get no
assertion: it would assert a figure the bank never stated.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import beangulp
from beancount.core import amount as bc_amount
from beancount.core import data as bc_data

from conciliacion.errors import FormatError
from conciliacion.importers.base import ImportResult, StatementImporter
from conciliacion.model import Movement, Statement

__all__ = ["BeangulpImporter"]

_NO_BALANCES = "sin_saldos"


class BeangulpImporter(beangulp.Importer):  # type: ignore[misc] # beangulp has no type hints
    """Wraps a :class:`StatementImporter` and the Beancount account its movements go to.

    Attributes:
        importer: the format's importer.
        account_name: the Beancount account of the bank account (``Activo:572:Banco``).
        flag: the flag of the extracted transactions (``!`` to review, ``*`` to accept).
    """

    def __init__(self, importer: StatementImporter, account_name: str, flag: str = "!") -> None:
        self.importer = importer
        self.account_name = account_name
        self.flag = flag

    @property
    def name(self) -> str:
        """The name beangulp shows: ``conciliacion.`` and the format's name."""
        return f"conciliacion.{self.importer.name}"

    def _read(self, filepath: str) -> ImportResult:
        path = Path(filepath)
        return self.importer.read(path, path.read_bytes())

    def identify(self, filepath: str) -> bool:
        """Whether the wrapped importer recognises the file's content."""
        path = Path(filepath)
        try:
            data = path.read_bytes()
        except OSError:
            return False
        return self.importer.identify(path, data)

    def account(self, filepath: str) -> str:
        """The account the file is filed under: the one the movements are posted to."""
        del filepath
        return self.account_name

    def date(self, filepath: str) -> dt.date | None:
        """The last day the file's statements cover; ``None`` if it cannot be read."""
        try:
            result = self._read(filepath)
        except FormatError:
            return None
        return max((s.end_date for s in result.statements), default=None)

    def filename(self, filepath: str) -> str | None:
        """The file's own name, kept: the bank's name tells the user which download it was."""
        return Path(filepath).name

    def _transaction(self, movement: Movement) -> bc_data.Transaction:
        meta = bc_data.new_metadata(movement.source.file, movement.source.line)
        meta["movimiento"] = movement.id
        if movement.value_date != movement.booking_date:
            meta["fecha_valor"] = movement.value_date
        posting = bc_data.Posting(
            self.account_name,
            bc_amount.Amount(movement.amount, movement.currency),
            None,
            None,
            None,
            None,
        )
        payee = movement.counterparty.name if movement.counterparty else None
        return bc_data.Transaction(
            meta,
            movement.booking_date,
            self.flag,
            payee or None,
            movement.text,
            bc_data.EMPTY_SET,
            bc_data.EMPTY_SET,
            [posting],
        )

    def _balance(self, statement: Statement) -> bc_data.Balance:
        meta = bc_data.new_metadata(statement.source.file, statement.source.line)
        meta["extracto"] = statement.id
        return bc_data.Balance(
            meta,
            statement.end_date + dt.timedelta(days=1),
            self.account_name,
            bc_amount.Amount(statement.closing_balance, statement.currency),
            None,
            None,
        )

    def extract(self, filepath: str, existing: bc_data.Entries) -> bc_data.Entries:
        """One transaction per movement and a balance assertion per statement."""
        del existing
        result = self._read(filepath)
        assert_balances = not any(w.code == _NO_BALANCES for w in result.warnings)
        entries: list[bc_data.Directive] = []
        for statement in result.statements:
            entries.extend(self._transaction(m) for m in statement.movements)
            if assert_balances:
                entries.append(self._balance(statement))
        return entries
