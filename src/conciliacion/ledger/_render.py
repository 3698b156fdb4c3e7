"""The body of a monthly file from the month's entries, in one pass over them.

The writer needs three things from a month's entries: each one's text, its place in the file, and
the first date each account is used (the file's header and the accounts file). Doing all three in
one walk, on drafts rather than beancount's objects, with each date printed once and a sort key
that is one string, is what lets a million movements be written in seconds.

Drafts are printed here, each by one call: a month has a million of them, and the smaller calls
of a general printer, the padding of the same few accounts over and over and a second walk over
the postings for the accounts' first use cost a tenth of the whole write. An account's column is
remembered per date, so that its first use on a date is noted when the column is first made.
The bytes are :func:`_format.format_entry`'s for the draft's directive
(``tests/test_ledger_render.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from operator import itemgetter
from typing import NamedTuple

from beancount.core import data

from conciliacion.ledger._build import CURRENCY, Draft
from conciliacion.ledger._format import WIDTH, format_entry, links_text, quote, value_text
from conciliacion.ledger.entries import Entry, text_sort_key

__all__ = ["Rendered", "render"]

_ACCOUNT_KINDS = (data.Open, data.Balance, data.Note, data.Document)


class Rendered(NamedTuple):
    """A month's entries as text.

    Attributes:
        texts: the entries' texts, sorted as :func:`entries.sort_key` sorts them (left apart, so
            that the file's text is joined once, header included: half a gigabyte at a million).
        uses: every account the entries name, with the first date it is named on.
        documents: the ``document`` entries, whose files must exist.
    """

    texts: list[str]
    uses: dict[str, dt.date]
    documents: list[data.Document]


class _Day(NamedTuple):
    """What a month repeats on one date: the date printed and the accounts named on it.

    Attributes:
        printed: the date as the file prints it.
        columns: each account named on the date, as its posting line prints it up to the amount;
            an account missing here is one whose first use on that date is still to be noted.
    """

    printed: str
    columns: dict[str, str]


def render(entries: Iterable[Entry]) -> Rendered:
    """The sorted text of ``entries``, the accounts they use and their documents."""
    days: dict[dt.date, _Day] = {}
    quoted: dict[str, str] = {}  # payees: a month names a few parties a million times
    uses: dict[str, dt.date] = {}
    documents: list[data.Document] = []
    keyed: list[tuple[str, str]] = []
    for entry in entries:
        date = entry.date
        day = days.get(date)
        if day is None:
            day = days[date] = _Day(date.isoformat(), {})
        if isinstance(entry, Draft):
            text = _draft_text(entry, day, uses, quoted)
            movement = entry.meta.get("movimiento")
            if movement is not None:  # text_sort_key's answer for a bank entry, without the call
                keyed.append((f"{day.printed}3{movement}", text))
                continue
        else:
            text = format_entry(entry)
            if isinstance(entry, _ACCOUNT_KINDS):
                uses[entry.account] = min(date, uses.get(entry.account, date))
            if isinstance(entry, data.Document):
                documents.append(entry)
        keyed.append((text_sort_key(entry, day.printed), text))
    keyed.sort(key=itemgetter(0))
    return Rendered([text for _, text in keyed], uses, documents)


def _draft_text(entry: Draft, day: _Day, uses: dict[str, dt.date], quoted: dict[str, str]) -> str:
    """A draft's text; the accounts it names for the first time on its date go in ``uses``.

    ``quoted`` remembers the payees already quoted. The bytes are those of
    :func:`_format.format_entry` for the draft's directive.
    """
    date, flag, payee, narration, links, meta, postings = entry
    head = f"{day.printed} {flag or '*'}"
    if payee:
        payee_text = quoted.get(payee)
        if payee_text is None:
            payee_text = quoted[payee] = quote(payee)
        head = f"{head} {payee_text}"
    # quote()'s result, without the call, for the usual text that needs no cleaning
    if '"' in narration or "\\" in narration or "\n" in narration or "\r" in narration:
        head = f"{head} {quote(narration)}"
    else:
        head = f'{head} "{narration}"'
    lines = [f"{head}{links_text(links)}" if links else head]
    for key, value in meta.items():
        if (
            type(value) is str
            and '"' not in value
            and "\\" not in value
            and "\n" not in value
            and "\r" not in value
        ):
            lines.append(f'  {key}: "{value}"')
        else:
            lines.append(f"  {key}: {value_text(value)}")
    columns = day.columns
    for account, number in postings:
        column = columns.get(account)
        if column is None:  # the account's first posting on this date
            column = columns[account] = f"  {account:<{WIDTH}} "
            known = uses.get(account)
            if known is None or date < known:
                uses[account] = date
        amount = str(number)  # money()'s text, without the call
        if amount[-3:-2] != "." or "E" in amount:
            amount = f"{number:.2f}"
        lines.append(f"{column}{amount:>14} {CURRENCY}")  # 18 wide with " EUR"
    lines.append("\n")
    return "\n".join(lines)
