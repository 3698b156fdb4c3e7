"""Fields of one record: digits, dates, signs and amounts, each refused with its position.

The reader's hot loop checks a whole run of digit fields with one ``str`` call; when that fails it
comes here to find which field is wrong and to say so. The records that occur once per statement
(11, 24, 33, 88) are parsed here field by field.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from itertools import compress, repeat
from operator import and_, itemgetter, mod, mul, ne, rshift, sub
from pathlib import Path
from typing import Literal, NoReturn

import attrs
from stdnum.es import ccc

from conciliacion.errors import FormatError
from conciliacion.importers.norma43.layout import (
    ACCOUNT_END,
    ACCOUNT_HEADER,
    CREDIT,
    CURRENCY_EQUIVALENCE,
    CURRENCY_NUMERIC,
    DEBIT,
    END_OF_FILE,
    MOVEMENT,
    Field,
)

__all__ = [
    "AccountEnd",
    "Header",
    "account_iban",
    "check_currency",
    "check_digits",
    "fail",
    "invalid_references1",
    "parse_account_end",
    "parse_date",
    "parse_equivalence",
    "parse_header",
    "parse_record_count",
    "reference1_is_valid",
    "signed_cents",
]

PIVOT_YEAR = 70
"""Two-digit years below this are 20YY, the rest 19YY."""

_MOVEMENT_DIGITS = (
    MOVEMENT.branch,
    MOVEMENT.booking_date,
    MOVEMENT.value_date,
    MOVEMENT.common_concept,
    MOVEMENT.own_concept,
    MOVEMENT.sign,
    MOVEMENT.amount,
    MOVEMENT.document,
)
"""The fields of record 22 that must be digits: positions 7 to 52 without a gap."""

_REF1_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4)
_REF1_OFFSET = ord("0") * sum(_REF1_WEIGHTS)
"""The weighted sum of the ASCII codes exceeds that of the digits by this much."""
_REF1_DIGITS = re.compile(r"[0-9]{12}")
_REF1_BODY = itemgetter(slice(-2, None, -1))
_REF1_CHECK = itemgetter(-1)
_REF1_LANES = sum(weight << (16 * (10 - index)) for index, weight in enumerate(_REF1_WEIGHTS))
"""The weights as 16-bit lanes of one integer, the first weight in the highest lane."""
_REF1_SHIFT = 16 * 10
_LANE = 0xFFFF
_LITTLE: Literal["little"] = "little"


def fail(path: Path, line: int, field: Field | str | None, message: str) -> NoReturn:
    """Raise the format error of one field."""
    name = field.name if isinstance(field, Field) else field
    raise FormatError(path, line, name, message)


def _is_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def digits(path: Path, line: int, record: str, field: Field) -> str:
    """The field's text, which must be ASCII digits."""
    text = field.cut(record)
    if not _is_digits(text):
        fail(
            path,
            line,
            field,
            f"se esperaban {field.width} dígitos en las posiciones {field.start}-{field.end}, "
            f"se encontró {text!r}",
        )
    return text


def check_digits(path: Path, line: int, record: str) -> NoReturn:
    """Name the first field of a record 22 that is not digits (called after the fast check)."""
    for field in _MOVEMENT_DIGITS:
        digits(path, line, record, field)
    msg = "registro 22 con caracteres no numéricos"  # pragma: no cover - a field failed above
    raise AssertionError(msg)  # pragma: no cover


def parse_date(path: Path, line: int, field: Field, text: str) -> dt.date:
    """A YYMMDD date; the century follows :data:`PIVOT_YEAR`."""
    year, month, day = int(text[0:2]), int(text[2:4]), int(text[4:6])
    year += 2000 if year < PIVOT_YEAR else 1900
    try:
        return dt.date(year, month, day)
    except ValueError:
        fail(path, line, field, f"fecha imposible {text!r}: se esperaba AAMMDD")


def signed_cents(path: Path, line: int, field: Field, sign: str, amount: str) -> int:
    """Cents with the debit/credit key applied: ``1`` (debe) negative, ``2`` (haber) positive."""
    if sign == DEBIT:
        return -int(amount)
    if sign == CREDIT:
        return int(amount)
    fail(path, line, field, f"se esperaba 1 (debe) o 2 (haber), se encontró {sign!r}")


def currency(path: Path, line: int, record: str, field: Field) -> str:
    """The alphabetic code of a numeric ISO 4217 field."""
    code = digits(path, line, record, field)
    try:
        return CURRENCY_NUMERIC[code]
    except KeyError:
        known = ", ".join(sorted(CURRENCY_NUMERIC))
        fail(path, line, field, f"divisa desconocida {code!r}: se esperaba una de {known}")


def account_iban(bank: str, branch: str, number: str) -> str:
    """The compact IBAN of a Spanish account given without its two CCC check digits.

    >>> account_iban("2100", "0418", "0200051332")
    'ES9121000418450200051332'
    """
    check = ccc.calc_check_digits(f"{bank}{branch}00{number}")
    return ccc.to_iban(f"{bank}{branch}{check}{number}").replace(" ", "")


def reference1_is_valid(reference: str) -> bool:
    """Whether a numeric reference 1 ends in its check digit (information mode 3).

    The weights 2 to 9 repeat from the right; the check digit is the sum modulo 11, modulo 10.

    >>> reference1_is_valid("000000000000"), reference1_is_valid("123456789013")
    (True, False)
    """
    codes = reference[-2::-1].encode("ascii")
    total = sum(map(int.__mul__, codes, _REF1_WEIGHTS)) - _REF1_OFFSET
    return total % 11 % 10 == int(reference[-1])


def invalid_references1(lines: Sequence[int], references: Sequence[str]) -> list[int]:
    """The lines whose reference 1, 12 ASCII digits, does not end in its check digit.

    The same test as :func:`reference1_is_valid`, for a whole batch of movements in C-level
    passes (a Python call per movement cost more than the rest of its check). Each body, its
    digits reversed and encoded as UTF-16, is an integer with one ASCII code per 16-bit lane;
    times the weights laid out in lanes the other way round, the middle lane of the product holds
    the weighted sum (at most 11 x 57 x 9, so no lane carries into the next).

    >>> invalid_references1([1, 2, 3], ["000000000000", "123456789013", "12345"])
    [2]
    """
    well_formed = list(map(bool, map(_REF1_DIGITS.fullmatch, references)))
    lines = list(compress(lines, well_formed))
    references = list(compress(references, well_formed))
    codes = map(str.encode, map(_REF1_BODY, references), repeat("utf-16-le"))
    products = map(mul, map(int.from_bytes, codes, repeat(_LITTLE)), repeat(_REF1_LANES))
    sums = map(
        sub,
        map(and_, map(rshift, products, repeat(_REF1_SHIFT)), repeat(_LANE)),
        repeat(_REF1_OFFSET),
    )
    checks = map(mod, map(mod, sums, repeat(11)), repeat(10))
    return list(compress(lines, map(ne, checks, map(int, map(_REF1_CHECK, references)))))


@attrs.frozen
class Header:
    """What a record 11 says about the statement that follows."""

    line: int
    raw: str
    bank: str
    branch: str
    number: str
    start: dt.date
    end: dt.date
    opening_cents: int
    currency: str
    mode: str
    name: str

    @property
    def account(self) -> str:
        """The compact IBAN."""
        return account_iban(self.bank, self.branch, self.number)


def parse_header(path: Path, line: int, record: str) -> Header:
    """Record 11."""
    h = ACCOUNT_HEADER
    bank = digits(path, line, record, h.bank)
    branch = digits(path, line, record, h.branch)
    number = digits(path, line, record, h.account)
    start = parse_date(path, line, h.start_date, digits(path, line, record, h.start_date))
    end = parse_date(path, line, h.end_date, digits(path, line, record, h.end_date))
    if end < start:
        fail(path, line, h.end_date, f"la fecha final {end} es anterior a la inicial {start}")
    balance = digits(path, line, record, h.balance)
    opening = signed_cents(path, line, h.sign, h.sign.cut(record), balance)
    code = currency(path, line, record, h.currency)
    mode = h.mode.cut(record)
    if mode not in {"1", "2", "3"}:
        fail(path, line, h.mode, f"se esperaba 1, 2 o 3, se encontró {mode!r}")
    return Header(
        line=line,
        raw=record,
        bank=bank,
        branch=branch,
        number=number,
        start=start,
        end=end,
        opening_cents=opening,
        currency=code,
        mode=mode,
        name=h.name.cut(record).strip(),
    )


def parse_equivalence(path: Path, line: int, record: str) -> tuple[str, int]:
    """Record 24: the original currency and the amount in it, in cents."""
    e = CURRENCY_EQUIVALENCE
    code = digits(path, line, record, e.data_code)
    if code != "01":
        fail(path, line, e.data_code, f"se esperaba 01, se encontró {code!r}")
    return currency(path, line, record, e.currency), int(digits(path, line, record, e.amount))


@attrs.frozen
class AccountEnd:
    """The figures of a record 33."""

    debit_count: int
    debit_cents: int
    credit_count: int
    credit_cents: int
    sign: str
    balance_cents: int


def parse_account_end(path: Path, line: int, record: str, header: Header) -> AccountEnd:
    """Record 33: digits checked, account and currency compared with the record 11."""
    e = ACCOUNT_END
    for field, expected in (
        (e.bank, header.bank),
        (e.branch, header.branch),
        (e.account, header.number),
    ):
        found = field.cut(record)
        if found != expected:
            fail(
                path,
                line,
                field,
                f"se esperaba {expected!r} (el del registro 11 de la línea {header.line}), "
                f"se encontró {found!r}",
            )
    figures = AccountEnd(
        debit_count=int(digits(path, line, record, e.debit_count)),
        debit_cents=int(digits(path, line, record, e.debit_total)),
        credit_count=int(digits(path, line, record, e.credit_count)),
        credit_cents=int(digits(path, line, record, e.credit_total)),
        sign=e.sign.cut(record),
        balance_cents=int(digits(path, line, record, e.balance)),
    )
    if figures.sign not in {DEBIT, CREDIT, "0"}:
        fail(path, line, e.sign, f"se esperaba 1 (debe) o 2 (haber), se encontró {figures.sign!r}")
    digits(path, line, record, e.currency)
    return figures


def check_currency(path: Path, line: int, record: str, header: Header) -> None:
    """The currency of a record 33, checked after its totals (which say more when wrong)."""
    code = currency(path, line, record, ACCOUNT_END.currency)
    if code != header.currency:
        fail(
            path,
            line,
            ACCOUNT_END.currency,
            f"se esperaba {header.currency} (la del registro 11), se encontró {code}",
        )


def parse_record_count(path: Path, line: int, record: str) -> int:
    """Record 88: the nines and the number of records."""
    f = END_OF_FILE
    nines = f.nines.cut(record)
    if nines != "9" * f.nines.width:
        fail(path, line, f.nines, f"se esperaban {f.nines.width} nueves, se encontró {nines!r}")
    return int(digits(path, line, record, f.record_count))
