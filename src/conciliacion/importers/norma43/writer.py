"""Write statements as Norma 43, as a Spanish bank would.

The demo practice delivers its bank statements in this format, and the tests write random statements
and read them back. The writer is strict: what it cannot represent (a text too long, an amount over
the 14 digits, an account that is not a Spanish IBAN) is an error, never a truncated field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from stdnum import iban as iban_mod

from conciliacion.importers.norma43.layout import (
    ACCOUNT_END,
    ACCOUNT_HEADER,
    CONCEPT,
    CREDIT,
    CURRENCY_NUMERIC,
    DEBIT,
    END_OF_FILE,
    MAX_CONCEPT_RECORDS,
    MOVEMENT,
    RECORD_LENGTH,
    TEXT_WIDTH,
    Field,
)
from conciliacion.model import Movement, Statement
from conciliacion.money import to_money

__all__ = ["account_parts", "write_norma43"]

_NUMERIC_CURRENCY = {alpha: numeric for numeric, alpha in CURRENCY_NUMERIC.items()}


def account_parts(account: str) -> tuple[str, str, str]:
    """Bank, branch and account number of a Spanish IBAN (the check digits are not in Norma 43).

    >>> account_parts("ES91 2100 0418 4502 0005 1332")
    ('2100', '0418', '0200051332')
    """
    compact = iban_mod.compact(account)
    if not compact.startswith("ES") or not iban_mod.is_valid(compact):
        msg = f"la cuenta {account!r} no es un IBAN español válido"
        raise ValueError(msg)
    return compact[4:8], compact[8:12], compact[14:24]


def _put(record: list[str], field: Field, value: str) -> None:
    if len(value) > field.width:
        msg = f"{field.name}: {value!r} no cabe en {field.width} caracteres"
        raise ValueError(msg)
    record[field.start - 1 : field.end] = list(value.ljust(field.width))


def _digits(value: int, width: int) -> str:
    text = str(value)
    if value < 0 or len(text) > width:
        msg = f"{value} no cabe en {width} dígitos"
        raise ValueError(msg)
    return text.zfill(width)


def _cents(amount: Decimal, width: int = 14) -> str:
    return _digits(abs(int(to_money(amount) * 100)), width)


def _date(day: dt.date) -> str:
    return day.strftime("%y%m%d")


def _blank() -> list[str]:
    return [" "] * RECORD_LENGTH


def _header(statement: Statement, bank: str, branch: str, number: str) -> str:
    rec = _blank()
    rec[0:2] = list("11")
    h = ACCOUNT_HEADER
    _put(rec, h.bank, bank)
    _put(rec, h.branch, branch)
    _put(rec, h.account, number)
    _put(rec, h.start_date, _date(statement.start_date))
    _put(rec, h.end_date, _date(statement.end_date))
    _put(rec, h.sign, DEBIT if statement.opening_balance < 0 else CREDIT)
    _put(rec, h.balance, _cents(statement.opening_balance))
    _put(rec, h.currency, _NUMERIC_CURRENCY[statement.currency])
    _put(rec, h.mode, "3")
    _put(rec, h.name, statement.bank_name[: h.name.width])
    return "".join(rec)


def _movement(movement: Movement) -> list[str]:
    rec = _blank()
    rec[0:2] = list("22")
    m = MOVEMENT
    _put(rec, m.branch, "0000")
    _put(rec, m.booking_date, _date(movement.booking_date))
    _put(rec, m.value_date, _date(movement.value_date))
    _put(rec, m.common_concept, (movement.common_concept or "99").zfill(2))
    _put(rec, m.own_concept, movement.own_concept.zfill(3))
    _put(rec, m.sign, DEBIT if movement.amount < 0 else CREDIT)
    _put(rec, m.amount, _cents(movement.amount))
    _put(rec, m.document, movement.document.zfill(10))
    _put(rec, m.reference1, movement.reference1)
    _put(rec, m.reference2, movement.reference2)
    records = ["".join(rec)]
    texts = list(movement.concepts)
    if len(texts) > 2 * MAX_CONCEPT_RECORDS:
        msg = f"un movimiento admite {2 * MAX_CONCEPT_RECORDS} textos de concepto, no {len(texts)}"
        raise ValueError(msg)
    for index in range(0, len(texts), 2):
        rec = _blank()
        rec[0:2] = list("23")
        pair = [*texts[index : index + 2], ""][:2]
        for text in pair:
            if len(text) > TEXT_WIDTH:
                msg = f"concepto {text!r}: más de {TEXT_WIDTH} caracteres"
                raise ValueError(msg)
        _put(rec, CONCEPT.data_code, f"{index // 2 + 1:02d}")
        _put(rec, CONCEPT.text1, pair[0])
        _put(rec, CONCEPT.text2, pair[1])
        records.append("".join(rec))
    return records


def _end(statement: Statement, bank: str, branch: str, number: str) -> str:
    debits = [m.amount for m in statement.movements if m.amount < 0]
    credit_amounts = [m.amount for m in statement.movements if m.amount >= 0]
    rec = _blank()
    rec[0:2] = list("33")
    e = ACCOUNT_END
    _put(rec, e.bank, bank)
    _put(rec, e.branch, branch)
    _put(rec, e.account, number)
    _put(rec, e.debit_count, _digits(len(debits), e.debit_count.width))
    _put(rec, e.debit_total, _cents(sum(debits, start=Decimal(0))))
    _put(rec, e.credit_count, _digits(len(credit_amounts), e.credit_count.width))
    _put(rec, e.credit_total, _cents(sum(credit_amounts, start=Decimal(0))))
    _put(rec, e.sign, DEBIT if statement.closing_balance < 0 else CREDIT)
    _put(rec, e.balance, _cents(statement.closing_balance))
    _put(rec, e.currency, _NUMERIC_CURRENCY[statement.currency])
    return "".join(rec)


def write_norma43(statements: Iterable[Statement], encoding: str = "latin-1") -> bytes:
    """Write the statements as one Norma 43 file: CRLF line ends, latin-1 unless told otherwise.

    Each movement's concept texts become 23 records, two texts per record; ``reference1`` and
    ``reference2`` and the document number are written as given.
    """
    lines: list[str] = []
    for statement in statements:
        bank, branch, number = account_parts(statement.account)
        lines.append(_header(statement, bank, branch, number))
        for movement in statement.movements:
            lines.extend(_movement(movement))
        lines.append(_end(statement, bank, branch, number))
    end = _blank()
    end[0:2] = list("88")
    _put(end, END_OF_FILE.nines, "9" * END_OF_FILE.nines.width)
    _put(end, END_OF_FILE.record_count, _digits(len(lines), END_OF_FILE.record_count.width))
    lines.append("".join(end))
    return "".join(f"{line}\r\n" for line in lines).encode(encoding)
