"""The body of a monthly file from the month's entries, in one pass over them.

The writer needs three things from a month's entries: each one's text, its place in the file, and
the first date each account is used (the file's header and the accounts file). Doing all three in
one walk, on drafts rather than beancount's objects, with each date printed once and a sort key
that is one string, is what lets a million movements be written in seconds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from operator import itemgetter
from typing import NamedTuple

from beancount.core import data

from conciliacion.ledger._build import Draft
from conciliacion.ledger._format import draft_text, format_entry
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


def render(entries: Iterable[Entry]) -> Rendered:
    """The sorted text of ``entries``, the accounts they use and their documents."""
    printed: dict[dt.date, str] = {}
    uses: dict[str, dt.date] = {}
    documents: list[data.Document] = []
    keyed: list[tuple[str, str]] = []
    for entry in entries:
        date = entry.date
        day = printed.get(date)
        if day is None:
            day = printed[date] = date.isoformat()
        if isinstance(entry, Draft):
            text = draft_text(entry, day)
            for name, _ in entry.postings:
                known = uses.get(name)
                if known is None or date < known:
                    uses[name] = date
            movement = entry.meta.get("movimiento")
            if movement is not None:  # text_sort_key's answer for a bank entry, without the call
                keyed.append((f"{day}3{movement}", text))
                continue
        else:
            text = format_entry(entry)
            if isinstance(entry, _ACCOUNT_KINDS):
                uses[entry.account] = min(date, uses.get(entry.account, date))
            if isinstance(entry, data.Document):
                documents.append(entry)
        keyed.append((text_sort_key(entry, day), text))
    keyed.sort(key=itemgetter(0))
    return Rendered([text for _, text in keyed], uses, documents)
