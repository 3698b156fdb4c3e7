"""Beancount text of the directives the ledger writes, the same bytes for the same directives.

Our own printer rather than beancount's: it is several times faster on a million entries and its
output depends on nothing but the directive (no display context gathered from other entries).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Final

from beancount.core import data
from beancount.core.amount import Amount

__all__ = ["format_entry", "quote"]

_WIDTH: Final = 64
_HIDDEN: Final = frozenset({"filename", "lineno"})


def quote(text: str) -> str:
    r"""A Beancount string; quotes, backslashes and line breaks cannot break out of it.

    >>> quote('Dice "hola"\n')
    '"Dice \'hola\' "'
    """
    cleaned = text.replace("\\", "/").replace('"', "'").replace("\r", " ").replace("\n", " ")
    return f'"{cleaned}"'


def _value(value: object) -> str:
    if type(value) is str:
        return quote(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Amount):
        return f"{value.number} {value.currency}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return quote(str(value))


def _meta(meta: data.Meta | None, indent: str) -> list[str]:
    if not meta:
        return []
    return [f"{indent}{key}: {_value(value)}" for key, value in meta.items() if key not in _HIDDEN]


def _links(links: frozenset[str] | set[str] | None) -> str:
    return "".join(f" ^{name}" for name in sorted(links or ()))


def _transaction(entry: data.Transaction) -> list[str]:
    head = [entry.date.isoformat(), entry.flag or "*"]
    if entry.payee:
        head.append(quote(entry.payee))
    head.append(quote(entry.narration or ""))
    lines = [" ".join(head) + _links(entry.links), *_meta(entry.meta, "  ")]
    for posting in entry.postings:
        units = posting.units
        if units is None:
            msg = f"apunte sin importe en la cuenta {posting.account}"
            raise TypeError(msg)
        amount = f"{units.number:.2f} {units.currency}"
        lines.append(f"  {posting.account:<{_WIDTH}} {amount:>18}")
    return lines


def format_entry(entry: data.Directive) -> str:
    """The directive as Beancount text, ending with a blank line."""
    date = entry.date.isoformat()
    if isinstance(entry, data.Transaction):
        lines = _transaction(entry)
    elif isinstance(entry, data.Balance):
        amount = f"{entry.amount.number:.2f} {entry.amount.currency}"
        lines = [f"{date} balance {entry.account:<{_WIDTH}} {amount:>18}"]
        lines += _meta(entry.meta, "  ")
    elif isinstance(entry, data.Open):
        currencies = ",".join(entry.currencies or ())
        lines = [f"{date} open {entry.account} {currencies}".rstrip()]
    elif isinstance(entry, data.Note):
        lines = [f"{date} note {entry.account} {quote(entry.comment)}{_links(entry.links)}"]
        lines += _meta(entry.meta, "  ")
    elif isinstance(entry, data.Document):
        lines = [f"{date} document {entry.account} {quote(entry.filename)}{_links(entry.links)}"]
        lines += _meta(entry.meta, "  ")
    elif isinstance(entry, data.Custom):
        values = " ".join(_value(value.value) for value in entry.values)
        lines = [f"{date} custom {quote(entry.type)} {values}".rstrip()]
    else:
        msg = f"directiva no prevista: {type(entry).__name__}"
        raise TypeError(msg)
    return "\n".join(lines) + "\n\n"
