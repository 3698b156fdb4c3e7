"""Settlement lines before they have a place in a file, and the settlement they end up in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Final

import attrs

from conciliacion.demo.fees import percent
from conciliacion.demo.names import bank_text
from conciliacion.demo.parties import Insurer
from conciliacion.model import Service, Settlement, SettlementLine, Source
from conciliacion.money import to_money

__all__ = ["SETTLEMENTS_FOLDER", "LineDraft", "Record", "settlement_file", "write_lines"]

SETTLEMENTS_FOLDER: Final = "entrada/liquidaciones"


@attrs.frozen
class LineDraft:
    """A settlement line to be: what it pays and why.

    Attributes:
        amount: gross amount, negative for clawbacks and deductions.
        kind: why the line exists: ``pago`` (the agreed price), ``antiguo`` (the price before
            the change), ``descuento`` (short-paid, no reason given), ``regularizacion`` (the
            difference paid later), ``duplicado`` (paid again), ``anulacion`` (clawed back),
            ``huerfana`` (no service behind it) or ``deduccion`` (settlement level).
        concept: the text of the ``concepto`` column.
        reference: the id of the service it pays, ``None`` for orphans and deductions.
        patient: the patient's name as the clinic writes it; ``""`` for deductions.
        card: card number.
        day: date of the act, ``None`` for deductions.
        code: act code.
        authorisation: authorisation number, if any.
    """

    amount: Decimal = attrs.field(converter=to_money)
    kind: str
    concept: str = ""
    reference: str | None = None
    patient: str = ""
    card: str = ""
    day: dt.date | None = None
    code: str = ""
    authorisation: str | None = None

    @classmethod
    def for_service(
        cls, service: Service, amount: Decimal, kind: str, concept: str = ""
    ) -> LineDraft:
        """A line about one of the clinic's services."""
        return cls(
            amount,
            kind,
            concept,
            reference=service.reference,
            patient=service.patient,
            card=service.card,
            day=service.date,
            code=service.act_code,
            authorisation=service.authorisation,
        )


@attrs.frozen
class Record:
    """How one settlement line paid one service: the ground truth of a settlement review."""

    settlement: str
    amount: Decimal
    kind: str


def settlement_file(insurer: str, number: str) -> str:
    """The settlement's file, relative to the practice folder."""
    return f"{SETTLEMENTS_FOLDER}/{insurer}_{number}.csv"


def _styled(name: str, style: str) -> str:
    """The patient's name as the insurer writes it.

    >>> _styled("Begoña Peña Ruiz", "surname_first")
    'PENA RUIZ, BEGONA'
    """
    if not name or style == "asis":
        return name
    if style == "upper":
        return bank_text(name)
    first, surnames = name.split(" ", 1)
    return bank_text(f"{surnames}, {first}")


def write_lines(
    number: str, insurer: Insurer, date: dt.date, drafts: Sequence[LineDraft], rate: Decimal
) -> Settlement:
    """The settlement made of ``drafts``, in order, with IRPF withheld per line at ``rate``."""
    file = settlement_file(insurer.id, number)
    percent_rate = rate * 100
    lines = [
        SettlementLine(
            settlement=number,
            insurer=insurer.id,
            amount=draft.amount,
            source=Source(file, index + 2),
            patient=_styled(draft.patient, insurer.spec.name_style),
            card=draft.card,
            act_date=draft.day,
            act_code=draft.code,
            authorisation=draft.authorisation,
            withholding=None if draft.day is None else percent(draft.amount, percent_rate),
            concept=draft.concept,
        )
        for index, draft in enumerate(drafts)
    ]
    withholding = sum((line.withholding or Decimal(0) for line in lines), start=Decimal("0.00"))
    return Settlement.from_lines(
        number=number,
        insurer=insurer.id,
        date=date,
        lines=lines,
        withholding=withholding,
        source=Source(file, 2),
    )
