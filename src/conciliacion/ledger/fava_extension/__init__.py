"""The Fava extension «Conciliación»: the month's reconciliation, seen from the ledger.

Declared in ``main.beancount`` with
``custom "fava-extension" "conciliacion.ledger.fava_extension"``. For the month chosen in
Fava's time filter it shows how much of the bank is explained, what waits in 555, the suggested
matches with their reasons and the open claims, each linked to its entries. Everything is read
from the entries' metadata, so the page needs nothing but the ledger.
"""

from __future__ import annotations

from fava.ext import FavaExtensionBase
from flask import g

from conciliacion.ledger.fava_extension.view import MonthView, month_view

__all__ = ["Conciliacion"]


class Conciliacion(FavaExtensionBase):
    """The report page; its template is ``templates/Conciliacion.html``."""

    report_title = "Conciliación"

    def view(self) -> MonthView:
        """What the page shows, for the entries of Fava's current filter."""
        return month_view(g.filtered.entries)
