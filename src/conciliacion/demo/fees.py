"""Fee schedules (baremos): each insurer's codes and prices, and the mid-year change."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Final

import attrs

from conciliacion.demo.catalogue import ACTS, ActSpec
from conciliacion.demo.parties import Insurer
from conciliacion.model import FeeScheduleEntry, Source
from conciliacion.money import CENT, to_money

__all__ = ["FEES_FOLDER", "FeeBook", "build_fees", "change_date", "percent", "private_price"]

FEES_FOLDER: Final = "entrada/baremos"
_TEN_CENTS = Decimal("0.10")
_ALWAYS_OFFERED = ("01", "02")


def percent(amount: Decimal, rate: int | Decimal) -> Decimal:
    """``rate`` percent of ``amount``, rounded half up to the cent as invoices and payslips do.

    >>> percent(Decimal("10.05"), 15)
    Decimal('1.51')
    """
    return (amount * Decimal(rate) / 100).quantize(CENT, rounding=ROUND_HALF_UP)


def private_price(act: ActSpec) -> Decimal:
    """What a private patient pays for ``act``: well above the insurers' prices, in whole euros."""
    return to_money((act.price * Decimal("1.6")).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def change_date(start: dt.date) -> dt.date:
    """The day insurers change their prices: 1 July, or 1 January when the demo starts later."""
    if start.month < 7:  # noqa: PLR2004 - July
        return dt.date(start.year, 7, 1)
    return dt.date(start.year + 1, 1, 1)


def _code(index: int, key: str) -> str:
    style = index % 3
    if style == 0:
        return f"{key}.01"
    if style == 1:
        return f"9{key}00"
    return f"C{key}"


@attrs.frozen
class FeeBook:
    """The fee schedule of every insurer, as written to the baremos file.

    Attributes:
        entries: the lines of the file, in order.
        acts: per insurer, the codes it offers and the catalogue act behind each.
        change: the day prices change.
        by_code: the lines of each (insurer, code), for look-ups.
    """

    entries: tuple[FeeScheduleEntry, ...]
    acts: dict[str, tuple[tuple[str, ActSpec], ...]]
    change: dt.date
    by_code: dict[tuple[str, str], tuple[FeeScheduleEntry, ...]]

    def price(self, insurer: str, code: str, day: dt.date) -> Decimal:
        """The agreed price on ``day``."""
        return self.entry(insurer, code, day).price

    def entry(self, insurer: str, code: str, day: dt.date) -> FeeScheduleEntry:
        """The schedule line in force on ``day``."""
        return next(e for e in self.by_code[insurer, code] if e.applies_on(day))

    def previous_price(self, insurer: str, code: str, day: dt.date) -> Decimal | None:
        """The price before the change, for an act after it; ``None`` if it did not change."""
        current = self.entry(insurer, code, day)
        if current.valid_from != self.change:
            return None
        return self.price(insurer, code, self.change - dt.timedelta(days=1))


def build_fees(
    rng: random.Random, insurers: Sequence[Insurer], start: dt.date, file: str
) -> FeeBook:
    """Each insurer's schedule: about fifteen acts, its own codes and prices."""
    change = change_date(start)
    entries: list[FeeScheduleEntry] = []
    acts: dict[str, tuple[tuple[str, ActSpec], ...]] = {}
    for index, insurer in enumerate(insurers):
        spec = insurer.spec
        dropped = rng.choice([a.key for a in ACTS if a.key not in _ALWAYS_OFFERED])
        offered = tuple((_code(index, a.key), a) for a in ACTS if a.key != dropped)
        acts[spec.id] = offered
        for code, act in offered:
            price = to_money((act.price * spec.fee_factor / 100).quantize(_TEN_CENTS))
            valid_to = change - dt.timedelta(days=1) if spec.fee_rise else None
            entries.append(
                _entry(
                    insurer=spec.id,
                    code=code,
                    act=act,
                    price=price,
                    valid_from=start,
                    valid_to=valid_to,
                    file=file,
                    index=len(entries),
                )
            )
            if spec.fee_rise:
                entries.append(
                    _entry(
                        insurer=spec.id,
                        code=code,
                        act=act,
                        price=price + percent(price, spec.fee_rise),
                        valid_from=change,
                        valid_to=None,
                        file=file,
                        index=len(entries),
                    )
                )
    by_code: dict[tuple[str, str], tuple[FeeScheduleEntry, ...]] = {}
    for entry in entries:
        key = (entry.insurer, entry.act_code)
        by_code[key] = (*by_code.get(key, ()), entry)
    return FeeBook(tuple(entries), acts, change, by_code)


def _entry(  # noqa: PLR0913 - the columns of a baremo line
    *,
    insurer: str,
    code: str,
    act: ActSpec,
    price: Decimal,
    valid_from: dt.date,
    valid_to: dt.date | None,
    file: str,
    index: int,
) -> FeeScheduleEntry:
    return FeeScheduleEntry(
        insurer=insurer,
        act_code=code,
        act=act.description,
        price=price,
        valid_from=valid_from,
        valid_to=valid_to,
        requires_authorisation=act.authorisation,
        source=Source(file, index + 2),
    )
