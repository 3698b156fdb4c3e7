"""The services the practice renders each month: who, when, which act, for which insurer."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from decimal import Decimal
from typing import Final

import attrs

from conciliacion.demo.catalogue import ACTS
from conciliacion.demo.dates import working_days
from conciliacion.demo.fees import FeeBook, private_price
from conciliacion.demo.names import NameBook, mobile_phone
from conciliacion.demo.parties import Insurer
from conciliacion.model import PRIVATE, PaymentMethod, Service, Source

__all__ = ["ACTIVITY_FOLDER", "Activity", "Patient", "build_activity", "build_patients"]

ACTIVITY_FOLDER: Final = "entrada/actividad"

_INSURED_SHARE: Final = 0.85
_MISSING_AUTHORISATION: Final = 0.08
_UNNEEDED_AUTHORISATION: Final = 0.04
_INSURER_WEIGHTS: Final = (20, 16, 13, 10, 8, 7, 6, 5, 4, 4, 3, 3)
_METHODS: Final = (
    (PaymentMethod.CARD, 50),
    (PaymentMethod.BIZUM, 20),
    (PaymentMethod.CASH, 20),
    (PaymentMethod.TRANSFER, 10),
)


@attrs.frozen
class Patient:
    """A patient of the practice.

    Attributes:
        name: full name (synthetic).
        insurer: insurer id, or ``particular``.
        card: the insurer's card number, ``""`` for a private patient.
        phone: the mobile number Bizum shows.
    """

    name: str
    insurer: str
    card: str
    phone: str


@attrs.frozen
class Activity:
    """One month of services, as written to its actividad file.

    Attributes:
        month: the first day of the month.
        file: the file's path relative to the practice folder.
        services: in file order.
        expected: per service id, what the practice should be paid (schedule or private price).
        patients: per service id, the patient.
    """

    month: dt.date
    file: str
    services: tuple[Service, ...]
    expected: dict[str, Decimal]
    patients: dict[str, Patient]


def build_patients(
    rng: random.Random, insurers: Sequence[Insurer], names: NameBook, count: int
) -> dict[str, list[Patient]]:
    """The practice's patients by insurer id (``particular`` for the private ones)."""
    pools: dict[str, list[Patient]] = {}
    total_weight = sum(_INSURER_WEIGHTS)
    for index, insurer in enumerate(insurers):
        size = max(3, count * _INSURER_WEIGHTS[index] * 85 // (100 * total_weight))
        digits = 8 + index % 5 * 2
        pools[insurer.id] = [
            Patient(
                names.person(),
                insurer.id,
                str(rng.randrange(10 ** (digits - 1), 10**digits)),
                mobile_phone(rng),
            )
            for _ in range(size)
        ]
    pools[PRIVATE] = [
        Patient(names.person(), PRIVATE, "", mobile_phone(rng))
        for _ in range(max(3, count * 15 // 100))
    ]
    return pools


def build_activity(  # noqa: PLR0913 - one month's inputs, all keyword-only
    rng: random.Random,
    *,
    month: dt.date,
    count: int,
    insurers: Sequence[Insurer],
    patients: dict[str, list[Patient]],
    fees: FeeBook,
) -> Activity:
    """About ``count`` services on the working days of ``month``."""
    days = working_days(month)
    total = max(1, round(count * rng.uniform(0.94, 1.06)))
    ids = [i.id for i in insurers]
    private_acts = [a for a in ACTS if not a.authorisation or a.key == "05"]
    rows: list[tuple[dt.date, Patient, str, str, str | None, Decimal, PaymentMethod | None]] = []
    for _ in range(total):
        day = rng.choice(days)
        if rng.random() < _INSURED_SHARE:
            insurer_id = rng.choices(ids, weights=_INSURER_WEIGHTS[: len(ids)])[0]
            patient = rng.choice(patients[insurer_id])
            offered = fees.acts[insurer_id]
            code, act = rng.choices(offered, weights=[a.weight for _, a in offered])[0]
            needed = act.authorisation
            missing = rng.random() < (
                _MISSING_AUTHORISATION if needed else 1 - _UNNEEDED_AUTHORISATION
            )
            authorisation = (
                None if missing else f"{insurer_id[:2].upper()}{rng.randrange(10**7, 10**8)}"
            )
            price = fees.price(insurer_id, code, day)
            rows.append((day, patient, code, act.description, authorisation, price, None))
        else:
            patient = rng.choice(patients[PRIVATE])
            act = rng.choices(private_acts, weights=[a.weight for a in private_acts])[0]
            method: PaymentMethod | None = rng.choices(
                [m for m, _ in _METHODS], weights=[w for _, w in _METHODS]
            )[0]
            rows.append(
                (day, patient, f"P{act.key}", act.description, None, private_price(act), method)
            )
    rows.sort(key=lambda row: row[0])
    file = f"{ACTIVITY_FOLDER}/actividad_{month:%Y-%m}.csv"
    services: list[Service] = []
    expected: dict[str, Decimal] = {}
    who: dict[str, Patient] = {}
    for index, (day, patient, code, act_name, authorisation, price, method) in enumerate(rows):
        reference = f"{month:%Y%m}-{index + 1:05d}"
        services.append(
            Service(
                date=day,
                patient=patient.name,
                card=patient.card,
                insurer=patient.insurer,
                act_code=code,
                act=act_name,
                authorisation=authorisation,
                amount=price if method is not None else None,
                payment_method=method,
                reference=reference,
                source=Source(file, index + 2),
            )
        )
        expected[reference] = price
        who[reference] = patient
    return Activity(month, file, tuple(services), expected, who)
