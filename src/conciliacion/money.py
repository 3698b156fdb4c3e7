"""The one way money enters the program.

An accounting tool that lets a float slip in loses cents silently, so every amount that reaches
a model value passes through :func:`to_money` (values already typed) or :func:`parse_amount` (text
as a bank or an insurer writes it). Both refuse floats and refuse to round: an amount with more
than two decimals is an error, never a quietly rounded figure.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Final, Literal

__all__ = [
    "CENT",
    "ZERO",
    "DecimalSeparator",
    "format_amount",
    "parse_amount",
    "to_money",
]

ZERO: Final = Decimal("0.00")
CENT: Final = Decimal("0.01")

DecimalSeparator = Literal[",", "."]

_CANONICAL = re.compile(r"[+-]?\d+(?:\.\d{1,2})?")


def to_money(value: object) -> Decimal:
    """Return ``value`` as a ``Decimal`` with exactly two places.

    Accepts ``Decimal``, ``int`` and canonical text (``"-1234.5"``); refuses floats and booleans,
    and refuses amounts that would need rounding.

    >>> to_money("12.3")
    Decimal('12.30')
    >>> to_money(7)
    Decimal('7.00')
    >>> to_money(0.1)
    Traceback (most recent call last):
    ...
    TypeError: un importe no puede ser un float (0.1): use Decimal o texto
    """
    if isinstance(value, bool) or not isinstance(value, (Decimal, int, str)):
        if isinstance(value, float):
            msg = f"un importe no puede ser un float ({value!r}): use Decimal o texto"
            raise TypeError(msg)
        msg = f"un importe debe ser Decimal, int o texto, no {type(value).__name__}"
        raise TypeError(msg)
    if isinstance(value, str):
        if not _CANONICAL.fullmatch(value):
            msg = f"importe no válido: {value!r} (se esperaba 1234.56)"
            raise ValueError(msg)
        value = Decimal(value)
    amount = Decimal(value)
    if not amount.is_finite():
        msg = f"importe no válido: {value!r}"
        raise ValueError(msg)
    cents = amount.quantize(CENT)
    if cents != amount:
        msg = f"importe con más de dos decimales: {value}"
        raise ValueError(msg)
    return cents + ZERO  # normalises -0.00 to 0.00


def _amount_pattern(decimal_sep: str, thousands_sep: str) -> re.Pattern[str]:
    d, t = re.escape(decimal_sep), re.escape(thousands_sep)
    integer = rf"(?:\d{{1,3}}(?:{t}\d{{3}})+|\d+)"
    return re.compile(rf"(?P<sign>[+-]?)(?P<int>{integer})(?:{d}(?P<frac>\d{{1,2}}))?(?P<tsign>-?)")


_PATTERNS: Final = {
    ",": _amount_pattern(",", "."),
    ".": _amount_pattern(".", ","),
}


def parse_amount(text: str, decimal_separator: DecimalSeparator = ",") -> Decimal:
    """Turn an amount as written in a Spanish file into money, never guessing the separator.

    The separator is the file profile's to state: ``1.234`` is one thousand two hundred and
    thirty-four with a decimal comma, and an error with a decimal point (three decimals). Thousands
    separators must group by three. A trailing minus (``12,30-``, as some banks print) is accepted.

    >>> parse_amount("1.234,56")
    Decimal('1234.56')
    >>> parse_amount("-12,3")
    Decimal('-12.30')
    >>> parse_amount("1,234.56", ".")
    Decimal('1234.56')
    >>> parse_amount("1.234", ".")
    Traceback (most recent call last):
    ...
    ValueError: importe no válido: '1.234' (se esperaba un número como 1234.56)
    """
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "").removesuffix("€")
    match = _PATTERNS[decimal_separator].fullmatch(cleaned)
    sample = "1234,56" if decimal_separator == "," else "1234.56"
    if match is None or (match["sign"] and match["tsign"]):
        msg = f"importe no válido: {text!r} (se esperaba un número como {sample})"
        raise ValueError(msg)
    thousands = "." if decimal_separator == "," else ","
    digits = match["int"].replace(thousands, "")
    frac = match["frac"] or "0"
    try:
        amount = Decimal(f"{digits}.{frac}")
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only digits
        msg = f"importe no válido: {text!r}"
        raise ValueError(msg) from exc
    if match["sign"] == "-" or match["tsign"] == "-":
        amount = -amount
    return to_money(amount)


def format_amount(amount: Decimal, decimal_separator: DecimalSeparator = ",") -> str:
    """Write money as the inverse of :func:`parse_amount`, without thousands separators.

    >>> format_amount(Decimal("-1234.5"))
    '-1234,50'
    """
    text = f"{to_money(amount):.2f}"
    return text.replace(".", ",") if decimal_separator == "," else text
