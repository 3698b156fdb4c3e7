"""Beancount text of the directives the ledger writes, the same bytes for the same directives.

Our own printer rather than beancount's: it is several times faster on a million entries and its
output depends on nothing but the directive (no display context gathered from other entries).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Final

from beancount.core import data
from beancount.core.amount import Amount

__all__ = ["WIDTH", "format_entry", "links_text", "money", "quote", "value_text"]

WIDTH: Final = 64
"""The width of a posting's account: the amounts of a transaction line up after it."""
_HIDDEN: Final = frozenset({"filename", "lineno"})


def quote(text: str) -> str:
    r"""A Beancount string; quotes, backslashes and line breaks cannot break out of it.

    >>> quote('Dice "hola"\n')
    '"Dice \'hola\' "'
    """
    if '"' in text or "\\" in text or "\r" in text or "\n" in text:
        text = text.replace("\\", "/").replace('"', "'").replace("\r", " ").replace("\n", " ")
    return f'"{text}"'


def money(number: Decimal) -> str:
    """An amount with two decimals; ``str`` when it already has them, several times faster.

    >>> money(Decimal("-12.30")), money(Decimal("5")), money(Decimal("0.125"))
    ('-12.30', '5.00', '0.12')
    """
    text = str(number)
    if text[-3:-2] == "." and "E" not in text:
        return text
    return f"{number:.2f}"


def value_text(value: object) -> str:
    """A metadata value as Beancount text: strings quoted, amounts with their currency."""
    printer = _PRINTERS.get(type(value))
    if printer is not None:
        return printer(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Amount):
        return f"{value.number} {value.currency}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return quote(str(value))


_PRINTERS: Final[dict[type, Callable[[Any], str]]] = {
    str: quote,
    Decimal: str,
    bool: lambda value: "TRUE" if value else "FALSE",
    Amount: lambda value: f"{value.number} {value.currency}",
    dt.date: dt.date.isoformat,
}
"""How each type of metadata value is printed, by exact type (subclasses take the long way)."""


def _meta(meta: data.Meta | None, indent: str) -> list[str]:
    if not meta:
        return []
    return [
        f"{indent}{key}: {value_text(value)}" for key, value in meta.items() if key not in _HIDDEN
    ]


def links_text(links: frozenset[str] | set[str] | None) -> str:
    """The ``^links`` after a directive's text, sorted, each after a space."""
    if links and len(links) == 1:  # the usual case: no sorting, no generator
        (name,) = links
        return f" ^{name}"
    return "".join(f" ^{name}" for name in sorted(links or ()))


def _transaction(entry: data.Transaction) -> str:
    head = f"{entry.date.isoformat()} {entry.flag or '*'}"
    if entry.payee:
        head = f"{head} {quote(entry.payee)}"
    lines = [f"{head} {quote(entry.narration or '')}{links_text(entry.links)}"]
    lines += _meta(entry.meta, "  ")
    for posting in entry.postings:
        units = posting.units
        if units is None:
            msg = f"apunte sin importe en la cuenta {posting.account}"
            raise TypeError(msg)
        amount = f"{units.number:.2f} {units.currency}"
        lines.append(f"  {posting.account:<{WIDTH}} {amount:>18}")
    return "\n".join(lines) + "\n\n"


def format_entry(entry: data.Directive) -> str:
    """The directive as Beancount text, ending with a blank line."""
    date = entry.date.isoformat()
    if isinstance(entry, data.Transaction):
        return _transaction(entry)
    if isinstance(entry, data.Balance):
        amount = f"{entry.amount.number:.2f} {entry.amount.currency}"
        lines = [f"{date} balance {entry.account:<{WIDTH}} {amount:>18}"]
        lines += _meta(entry.meta, "  ")
    elif isinstance(entry, data.Open):
        currencies = ",".join(entry.currencies or ())
        lines = [f"{date} open {entry.account} {currencies}".rstrip()]
    elif isinstance(entry, data.Note):
        lines = [f"{date} note {entry.account} {quote(entry.comment)}{links_text(entry.links)}"]
        lines += _meta(entry.meta, "  ")
    elif isinstance(entry, data.Document):
        lines = [
            f"{date} document {entry.account} {quote(entry.filename)}{links_text(entry.links)}"
        ]
        lines += _meta(entry.meta, "  ")
    elif isinstance(entry, data.Custom):
        values = " ".join(value_text(value.value) for value in entry.values)
        lines = [f"{date} custom {quote(entry.type)} {values}".rstrip()]
    else:
        msg = f"directiva no prevista: {type(entry).__name__}"
        raise TypeError(msg)
    return "\n".join(lines) + "\n\n"
