"""Field positions of the Norma 43 records, shared by the reader and the writer.

Positions are those of the AEB booklet and ``shared/DOMAIN.md``: 1-based and inclusive, as the
booklet prints them; :meth:`Field.cut` turns them into a Python slice. Field names are the user's
words because they appear in error messages.
"""

from __future__ import annotations

from typing import Final

import attrs

__all__ = [
    "ACCOUNT_END",
    "ACCOUNT_HEADER",
    "CONCEPT",
    "CURRENCY_EQUIVALENCE",
    "CURRENCY_NUMERIC",
    "END_OF_FILE",
    "MOVEMENT",
    "RECORD_LENGTH",
    "Field",
]

RECORD_LENGTH: Final = 80


@attrs.frozen
class Field:
    """One field of a record: its name for messages and its 1-based inclusive positions."""

    name: str
    start: int
    end: int

    @property
    def width(self) -> int:
        """Number of characters."""
        return self.end - self.start + 1

    def cut(self, record: str) -> str:
        """The field's text in ``record``."""
        return record[self.start - 1 : self.end]


@attrs.frozen
class AccountHeader:
    """Record 11: the start of an account's statement."""

    bank: Field = Field("entidad", 3, 6)
    branch: Field = Field("oficina", 7, 10)
    account: Field = Field("número de cuenta", 11, 20)
    start_date: Field = Field("fecha inicial", 21, 26)
    end_date: Field = Field("fecha final", 27, 32)
    sign: Field = Field("clave debe/haber del saldo inicial", 33, 33)
    balance: Field = Field("saldo inicial", 34, 47)
    currency: Field = Field("divisa", 48, 50)
    mode: Field = Field("modalidad de información", 51, 51)
    name: Field = Field("nombre abreviado", 52, 77)
    free: Field = Field("libre", 78, 80)


@attrs.frozen
class MovementRecord:
    """Record 22: one movement."""

    free: Field = Field("libre", 3, 6)
    branch: Field = Field("oficina de origen", 7, 10)
    booking_date: Field = Field("fecha de operación", 11, 16)
    value_date: Field = Field("fecha valor", 17, 22)
    common_concept: Field = Field("concepto común", 23, 24)
    own_concept: Field = Field("concepto propio", 25, 27)
    sign: Field = Field("clave debe/haber", 28, 28)
    amount: Field = Field("importe", 29, 42)
    document: Field = Field("número de documento", 43, 52)
    reference1: Field = Field("referencia 1", 53, 64)
    reference2: Field = Field("referencia 2", 65, 80)


@attrs.frozen
class ConceptRecord:
    """Record 23: up to five per movement, two texts each."""

    data_code: Field = Field("código de dato", 3, 4)
    text1: Field = Field("concepto 1", 5, 42)
    text2: Field = Field("concepto 2", 43, 80)


@attrs.frozen
class CurrencyEquivalenceRecord:
    """Record 24: the movement's amount in its original currency."""

    data_code: Field = Field("código de dato", 3, 4)
    currency: Field = Field("divisa origen", 5, 7)
    amount: Field = Field("importe equivalencia", 8, 21)
    free: Field = Field("libre", 22, 80)


@attrs.frozen
class AccountEnd:
    """Record 33: the end of an account's statement, with its totals."""

    bank: Field = Field("entidad", 3, 6)
    branch: Field = Field("oficina", 7, 10)
    account: Field = Field("número de cuenta", 11, 20)
    debit_count: Field = Field("número de apuntes al debe", 21, 25)
    debit_total: Field = Field("total importes al debe", 26, 39)
    credit_count: Field = Field("número de apuntes al haber", 40, 44)
    credit_total: Field = Field("total importes al haber", 45, 58)
    sign: Field = Field("clave debe/haber del saldo final", 59, 59)
    balance: Field = Field("saldo final", 60, 73)
    currency: Field = Field("divisa", 74, 76)
    free: Field = Field("libre", 77, 80)


@attrs.frozen
class EndOfFile:
    """Record 88: the end of the file."""

    nines: Field = Field("nueves", 3, 20)
    record_count: Field = Field("número de registros", 21, 26)
    free: Field = Field("libre", 27, 80)


ACCOUNT_HEADER: Final = AccountHeader()
MOVEMENT: Final = MovementRecord()
CONCEPT: Final = ConceptRecord()
CURRENCY_EQUIVALENCE: Final = CurrencyEquivalenceRecord()
ACCOUNT_END: Final = AccountEnd()
END_OF_FILE: Final = EndOfFile()

MAX_CONCEPT_RECORDS: Final = 5
TEXT_WIDTH: Final = 38

DEBIT: Final = "1"
"""Debit/credit key of a charge (cargo): money out."""
CREDIT: Final = "2"
"""Debit/credit key of a payment in (abono): money in."""

CURRENCY_NUMERIC: Final = {"978": "EUR", "840": "USD", "826": "GBP", "756": "CHF"}
"""ISO 4217 numeric codes the files use, to alphabetic codes."""
