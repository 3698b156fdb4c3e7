"""Payroll, social security and taxes: the practice's monthly and quarterly obligations.

The quarterly tax payments follow from the generated figures when the quarter they declare was
generated (modelo 111: IRPF withheld from staff and professionals; 115: withheld from the rent; 130:
the self-employed physician's 20% on account), and are plausible round figures otherwise.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from decimal import Decimal
from typing import Final

from conciliacion.demo.activity import Activity
from conciliacion.demo.dates import month_end, next_working_day, shift_month
from conciliacion.demo.expenses import MONTH_NAMES
from conciliacion.demo.fees import percent
from conciliacion.demo.invoices import InvoiceMonth
from conciliacion.demo.movements import DraftBook, texts
from conciliacion.demo.names import bank_text
from conciliacion.demo.parties import Cast
from conciliacion.model import MatchKind, Settlement
from conciliacion.money import ZERO, to_money

__all__ = ["Figures", "add_payroll_and_social_security", "add_taxes"]

_EMPLOYEE_SS: Final = Decimal("6.48")
_TOTAL_SS: Final = Decimal("38.38")
_RETA: Final = Decimal("398.50")
_EXTRA_PAY: Final = (6, 12)
_QUARTER_STARTS: Final = (1, 4, 7, 10)
_SL_INSTALMENTS: Final = (4, 10, 12)


def _last_working_day(month: dt.date) -> dt.date:
    day = month_end(month)
    while day.weekday() >= 5:  # noqa: PLR2004 - Saturday
        day -= dt.timedelta(days=1)
    return day


def add_payroll_and_social_security(book: DraftBook, cast: Cast, months: Sequence[dt.date]) -> None:
    """Net pay on the last working day (twice in June and December), and the TGSS charges."""
    account = cast.main
    for month in months:
        day = _last_working_day(month)
        name = MONTH_NAMES[month.month - 1]
        for index, employee in enumerate(cast.employees):
            net = (
                employee.gross
                - percent(employee.gross, employee.irpf_percent)
                - percent(employee.gross, _EMPLOYEE_SS)
            )
            pays = [f"NOMINA {name} {month.year}"]
            if month.month in _EXTRA_PAY:
                pays.append(f"PAGA EXTRA {name} {month.year}")
            for pay in pays:
                if index == 0:
                    common, concepts = "15", texts(f"ABONO {pay}", bank_text(employee.name))
                else:
                    common, concepts = "04", texts(f"TRANSFERENCIA {pay}", bank_text(employee.name))
                book.add(account, day, -net, common, "015", concepts, MatchKind.PAYROLL, pgc="465")
        gross = sum((e.gross for e in cast.employees), start=ZERO)
        previous = shift_month(month, -1)
        book.add(
            account, day, -percent(gross, _TOTAL_SS), "15", "015",
            ("TGSS COTIZACION REGIMEN GENERAL", f"LIQUIDACION {previous:%m/%Y}"),
            MatchKind.SOCIAL_SECURITY, pgc="476",
        )  # fmt: skip
        if cast.form == "autonomo":
            book.add(
                account, day, -_RETA, "15", "015",
                ("TGSS RETA CUOTA AUTONOMOS", f"PERIODO {month:%m/%Y}"),
                MatchKind.SOCIAL_SECURITY, pgc="642",
            )  # fmt: skip


class Figures:
    """The generated figures of each month that the quarterly taxes declare."""

    def __init__(
        self,
        cast: Cast,
        activities: Sequence[Activity],
        invoices: Sequence[InvoiceMonth],
        settlements: Sequence[Settlement],
    ) -> None:
        self.months = {a.month for a in activities}
        payroll = sum((percent(e.gross, e.irpf_percent) for e in cast.employees), start=ZERO)
        wages = sum((e.gross for e in cast.employees), start=ZERO)
        self.withheld: dict[tuple[dt.date, str], Decimal] = {}
        self.result: dict[dt.date, Decimal] = {}
        for activity in activities:
            self.withheld[activity.month, "111"] = payroll
            self.withheld[activity.month, "115"] = ZERO
            income = sum(activity.expected.values(), start=ZERO)
            self.result[activity.month] = income - wages - percent(wages, _TOTAL_SS)
        for month in invoices:
            for invoice in month.invoices:
                model = "115" if invoice.account == "621" else "111"
                self.withheld[month.month, model] += invoice.withholding
                self.result[month.month] -= invoice.cost
        for settlement in settlements:
            key = settlement.date.replace(day=1)
            if key in self.result:
                self.result[key] -= settlement.withholding

    def quarter(self, first: dt.date) -> list[dt.date] | None:
        """The three months of the quarter starting on ``first``, if all were generated."""
        months = [shift_month(first, i) for i in range(3)]
        return months if all(m in self.months for m in months) else None


def add_taxes(
    rng: random.Random,
    book: DraftBook,
    cast: Cast,
    months: Sequence[dt.date],
    figures: Figures,
) -> None:
    """The AEAT payments of the 20th: 111, 115 and 130 quarterly, 202 for an SL."""
    for month in months:
        day = next_working_day(month.replace(day=20))
        declared = shift_month(month, -3)
        quarter = figures.quarter(declared)
        period = f"PERIODO {declared.year}-{(declared.month - 1) // 3 + 1}T"
        due: list[tuple[str, Decimal, str]] = []
        if month.month in _QUARTER_STARTS:
            for model in ("111", "115"):
                amount = (
                    sum((figures.withheld[m, model] for m in quarter), start=ZERO)
                    if quarter
                    else to_money(rng.randint(600, 1800))
                )
                due.append((model, amount, "4751"))
            if cast.form == "autonomo":
                amount = (
                    max(ZERO, percent(sum((figures.result[m] for m in quarter), start=ZERO), 20))
                    if quarter
                    else to_money(rng.randint(2500, 6000))
                )
                due.append(("130", amount, "473"))
        if cast.form == "SL" and month.month in _SL_INSTALMENTS:
            due.append(("202", to_money(rng.randint(1800, 3500)), "473"))
        for model, amount, pgc in due:
            if amount <= 0:
                continue
            nrc = "".join(rng.choice("0123456789ABCDEF") for _ in range(22))
            book.add(
                cast.main, day, -amount, rng.choice(("17", "99")), "017",
                (f"IMPUESTOS AEAT MODELO {model}", period, f"NRC {nrc}"),
                MatchKind.TAX, pgc=pgc,
            )  # fmt: skip
