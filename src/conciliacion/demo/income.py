"""Money in: insurer transfers, and what private patients pay.

Private patients pay by card (the terminal's daily batch), Bizum, cash (deposited weekly) or
transfer.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import Final

from conciliacion.demo.activity import Activity
from conciliacion.demo.dates import add_working_days
from conciliacion.demo.fees import percent
from conciliacion.demo.movements import TEXT_WIDTH, DraftBook, texts
from conciliacion.demo.names import bank_text
from conciliacion.demo.parties import Cast
from conciliacion.demo.settlements import Payment
from conciliacion.model import MatchKind, PaymentMethod, Service

__all__ = ["add_insurer_transfers", "add_private_takings"]

_MERCHANT: Final = "348115062"
_COMMISSION: Final = Decimal("0.5")
_GROSS_BATCH: Final = 0.2
_BIZUM_BY_PHONE: Final = 0.25


def add_insurer_transfers(
    rng: random.Random,
    book: DraftBook,
    cast: Cast,
    payments: Sequence[Payment],
    as_of: dt.date,
) -> None:
    """One transfer per payment, except the largest insurer's first one, paid in two transfers."""
    split_done = False
    for payment in payments:
        if payment.date > as_of:
            continue
        second_day = add_working_days(payment.date, 6)
        if (
            not split_done
            and payment.insurer == cast.insurers[0].id
            and len(payment.settlements) == 1
            and payment.net > 0
            and second_day <= as_of
        ):
            split_done = True
            first = percent(payment.net, 60)
            parts = [(first, payment.date, True), (payment.net - first, second_day, True)]
        else:
            parts = [(payment.net, payment.date, False)]
        for amount, day, partial in parts:
            _transfer(rng, book, cast, payment, amount=amount, day=day, partial=partial)


def _transfer(  # noqa: PLR0913 - one transfer's facts
    rng: random.Random,
    book: DraftBook,
    cast: Cast,
    payment: Payment,
    *,
    amount: Decimal,
    day: dt.date,
    partial: bool,
) -> None:
    insurer = cast.insurer(payment.insurer)
    spec = insurer.spec
    style = rng.randrange(3)
    if style == 0:
        name_texts = texts(f"TRANSFERENCIA DE {spec.legal_name}")
    elif style == 1:
        cut = rng.randint(14, 24)
        name_texts = ("TRANSF. A SU FAVOR", spec.legal_name[:cut].strip())
    else:
        name_texts = (f"TRANSFERENCIA {rng.choice(spec.aliases)}",)
    numbers = " ".join(s.number for s in payment.settlements)
    extra: list[str] = []
    if rng.random() < 0.5 and len(numbers) <= TEXT_WIDTH - 4:  # noqa: PLR2004 - half the payers
        extra.append(f"LIQ {numbers}")
    if rng.random() < 0.4:  # noqa: PLR2004 - some banks show the payer's NIF
        extra.append(f"NIF {insurer.nif}")
    if spec.known_iban and rng.random() < 0.5:  # noqa: PLR2004 - and some its account
        extra.append(f"ORDENANTE {insurer.iban}")
    reference2 = numbers if len(numbers) <= 16 and rng.random() < 0.3 else ""  # noqa: PLR2004
    book.add(
        cast.account_of(secondary=spec.secondary),
        day,
        amount,
        "04",
        "076",
        (*name_texts, *extra),
        MatchKind.SETTLEMENT_PAYMENT,
        reference2=reference2,
        settlements=tuple((payment.insurer, s.number) for s in payment.settlements),
        partial=partial,
    )


def add_private_takings(
    rng: random.Random,
    book: DraftBook,
    cast: Cast,
    activities: Sequence[Activity],
    as_of: dt.date,
) -> None:
    """Card terminal batches, Bizum payments, weekly cash deposits and patients' transfers."""
    cards: dict[dt.date, list[Service]] = defaultdict(list)
    cash: dict[dt.date, list[Service]] = defaultdict(list)
    for activity in activities:
        for service in activity.services:
            method = service.payment_method
            if method is PaymentMethod.CARD:
                cards[add_working_days(service.date, 1)].append(service)
            elif method is PaymentMethod.CASH:
                monday = service.date + dt.timedelta(days=7 - service.date.weekday())
                cash[monday].append(service)
            elif method is PaymentMethod.BIZUM:
                _bizum(rng, book, cast, activity, service)
            elif method is PaymentMethod.TRANSFER:
                _patient_transfer(rng, book, cast, service, as_of)
    for day, services in sorted(cards.items()):
        if day <= as_of:
            _card_batch(rng, book, cast, day, services)
    _cash_deposits(book, cast, cash, as_of)


def _cash_deposits(
    book: DraftBook, cast: Cast, cash: dict[dt.date, list[Service]], as_of: dt.date
) -> None:
    """Each week's cash, deposited at the branch on the Monday after."""
    for day, services in sorted(cash.items()):
        if day <= as_of:
            book.add(
                cast.main, day, _total(services), "02", "002",
                ("INGRESO EN EFECTIVO", "OFICINA 0418"), MatchKind.CASH_DEPOSIT,
                services=_refs(services),
            )  # fmt: skip


def _total(services: Sequence[Service]) -> Decimal:
    return sum((s.amount or Decimal(0) for s in services), start=Decimal("0.00"))


def _refs(services: Sequence[Service]) -> tuple[str, ...]:
    return tuple(s.reference or "" for s in services)


def _bizum(
    rng: random.Random, book: DraftBook, cast: Cast, activity: Activity, service: Service
) -> None:
    """The patient pays on the day, from a phone the bank shows as a name or a number."""
    patient = activity.patients[service.reference or ""]
    payer = patient.phone if rng.random() < _BIZUM_BY_PHONE else bank_text(patient.name)
    concept = rng.choice(("CONSULTA", "PAGO CONSULTA", bank_text(service.act), ""))
    book.add(
        cast.main, service.date, _total([service]), "99", "099",
        texts(f"BIZUM DE {payer} {concept}".strip()), MatchKind.BIZUM, services=_refs([service]),
    )  # fmt: skip


def _patient_transfer(
    rng: random.Random, book: DraftBook, cast: Cast, service: Service, as_of: dt.date
) -> None:
    """The patient transfers within a few days; the bank shows the concept, not the payer."""
    day = add_working_days(service.date, rng.randint(0, 4))
    if day <= as_of:
        book.add(
            cast.main, day, _total([service]), "04", "076",
            texts("TRANSFERENCIA RECIBIDA", f"CONSULTA {service.date:%d/%m/%Y}"),
            MatchKind.PRIVATE_TRANSFER, services=_refs([service]),
        )  # fmt: skip


def _card_batch(
    rng: random.Random, book: DraftBook, cast: Cast, day: dt.date, services: Sequence[Service]
) -> None:
    """The acquirer pays yesterday's takings net of its commission, or gross with a fee line."""
    gross = _total(services)
    commission = percent(gross, _COMMISSION)
    taken = day - dt.timedelta(days=1)
    batch = (f"LIQUIDACION TPV COMERCIO {_MERCHANT}", f"REMESA {taken:%d%m%y}")
    if rng.random() < _GROSS_BATCH:
        book.add(
            cast.main, day, gross, "12", "045", batch, MatchKind.CARD_BATCH,
            services=_refs(services),
        )  # fmt: skip
        book.add(
            cast.main, day, -commission, "17", "046", (f"COMISION TPV COMERCIO {_MERCHANT}",),
            MatchKind.BANK_FEE, pgc="626",
        )  # fmt: skip
    else:
        book.add(
            cast.main, day, gross - commission, "12", "045", batch, MatchKind.CARD_BATCH,
            services=_refs(services),
        )  # fmt: skip
