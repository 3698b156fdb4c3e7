"""Private takings: card terminal batches, Bizum, patients' transfers and cash deposits.

The practice's activity says how each private patient paid (``forma_pago``) and how much; the bank
shows the money arriving. A card terminal batch pays the earlier days' card takings, net of the
acquirer's commission or gross with a separate fee line; cash is deposited in one sum; a Bizum
carries the payer's name or phone; a patient's transfer often names the day of the visit.

Items that nothing tells apart (two Bizum payments of 45 EUR from unknown phones on one day, and
two services paid by Bizum for 45 EUR that day) are settled as one group: each payment pays one
of them, and which one does not change the books. When the counts differ it is a suggestion.
Names are compared but never written: the reason says "nombre del Bizum coincide con un paciente
del día (96 %)".
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Final

from conciliacion.matchers.assignment import Candidate, assign
from conciliacion.matchers.bank_keys import MovementKeys
from conciliacion.matchers.bank_proposal import Proposal
from conciliacion.matchers.bank_rules import account_label
from conciliacion.matchers.names import name_score, normalise_name
from conciliacion.model import MatchKind, Movement, PaymentMethod, Service
from conciliacion.money import ZERO

__all__ = ["PRIVATE_ACCOUNT", "PrivateTakings", "private_kind"]

PRIVATE_ACCOUNT: Final = account_label("430", "Particulares")
_NAME_SURE: Final = 85.0
_NAME_MARGIN: Final = 10.0
_NAME_CANDIDATE: Final = 50.0
_CARD_DAYS: Final = 7
_CASH_DAYS: Final = 35
_TRANSFER_DAYS: Final = 10
_BIZUM_DAYS: Final = 2
_MAX_COMMISSION: Final = Decimal("0.03")
_BIZUM_NOISE: Final = frozenset({"BIZUM", "DE", "ENVIADO", "RECIBIDO", "CONCEPTO"})


def private_kind(movement: Movement, keys: MovementKeys) -> MatchKind | None:
    """Whether a payment in looks like a private taking, and which kind."""
    if movement.amount <= 0:
        return None
    words = set(keys.words)
    if "TPV" in words or (movement.common_concept == "12" and "REMESA" in words):
        return MatchKind.CARD_BATCH
    if "BIZUM" in words:
        return MatchKind.BIZUM
    if "EFECTIVO" in words or movement.common_concept == "02":
        return MatchKind.CASH_DEPOSIT
    if "TRANSFERENCIA" in words or movement.common_concept == "04":
        return MatchKind.PRIVATE_TRANSFER
    return None


def _refs(services: Iterable[Service]) -> tuple[str, ...]:
    return tuple(sorted(s.reference or s.id for s in services))


def _money(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",")


class PrivateTakings:
    """The private services still unpaid, by payment method and day; one per run, then dropped."""

    def __init__(self, services: Iterable[Service]) -> None:
        self.open: dict[PaymentMethod, dict[dt.date, list[Service]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for service in sorted(services, key=lambda s: (s.date, s.source.file, s.source.line)):
            if service.is_private and service.payment_method and (service.amount or ZERO) > 0:
                self.open[service.payment_method][service.date].append(service)
        self.taken: set[str] = set()

    def _days(self, method: PaymentMethod, before: dt.date, span: int) -> list[dt.date]:
        days = self.open[method]
        first = before - dt.timedelta(days=span)
        return sorted(d for d in days if first <= d < before and self._left(method, d))

    def _left(self, method: PaymentMethod, day: dt.date) -> list[Service]:
        return [s for s in self.open[method].get(day, ()) if s.id not in self.taken]

    def _take(self, services: Iterable[Service]) -> None:
        self.taken.update(s.id for s in services)

    def _batch(
        self, movement: Movement, kind: MatchKind, method: PaymentMethod, span: int
    ) -> Proposal:
        """Card batches and cash deposits: the latest days whose takings add up to the amount."""
        days = self._days(method, movement.booking_date, span)
        fits: list[tuple[list[Service], Decimal, dt.date]] = []
        for start in range(len(days) - 1, -1, -1):
            services = [s for day in days[start:] for s in self._left(method, day)]
            gross = sum((s.amount or ZERO for s in services), start=ZERO)
            commission = gross - movement.amount
            if commission == 0 or (
                kind is MatchKind.CARD_BATCH and 0 < commission <= gross * _MAX_COMMISSION
            ):
                fits.append((services, commission, days[start]))
        exact = [fit for fit in fits if fit[1] == 0]
        what = "ventas con tarjeta" if kind is MatchKind.CARD_BATCH else "cobros en efectivo"
        if len(exact) == 1 or len(fits) == 1:
            services, commission, first = (exact or fits)[0]
            self._take(services)
            last = days[-1]
            span_text = (
                f"del {first:%d/%m} al {last:%d/%m}" if first != last else f"del {last:%d/%m}"
            )
            reasons = [f"coincide con {len(services)} {what} {span_text}"]
            if commission:
                rate = commission / (commission + movement.amount) * 100
                reasons.append(f"neto de una comisión de {_money(commission)} € ({rate:.2f} %)")
            else:
                reasons.append("importe exacto")
            return Proposal(
                kind, (movement.id,), tuple(s.id for s in services), 0.95, tuple(reasons),
                PRIVATE_ACCOUNT, _refs(services),
            )  # fmt: skip
        if fits:
            services = fits[0][0]
            reason = f"varias combinaciones de {what} de los días anteriores cuadran"
            return Proposal(
                kind, (movement.id,), tuple(s.id for s in services), 0.5, (reason,),
                PRIVATE_ACCOUNT, _refs(services), automatic=False,
            )  # fmt: skip
        reason = f"ninguna combinación de {what} de los días anteriores cuadra"
        return Proposal(kind, (movement.id,), (), 0.0, (reason,), PRIVATE_ACCOUNT)

    def batches(self, items: Sequence[tuple[Movement, MatchKind]]) -> dict[str, Proposal]:
        """Card batches and cash deposits, in date order."""
        found: dict[str, Proposal] = {}
        for movement, kind in items:
            if kind is MatchKind.CARD_BATCH:
                found[movement.id] = self._batch(movement, kind, PaymentMethod.CARD, _CARD_DAYS)
            elif kind is MatchKind.CASH_DEPOSIT:
                found[movement.id] = self._batch(movement, kind, PaymentMethod.CASH, _CASH_DAYS)
        return found

    def _window(
        self, method: PaymentMethod, movement: Movement, days: Iterable[dt.date]
    ) -> list[Service]:
        return [s for day in days for s in self._left(method, day) if s.amount == movement.amount]

    def bizum_by_name(
        self, items: Sequence[tuple[Movement, MovementKeys]]
    ) -> tuple[dict[str, Proposal], list[Movement]]:
        """Bizum payments whose concept names the payer; the rest are returned for grouping."""
        candidates: list[Candidate] = []
        scores: dict[str, list[tuple[float, str]]] = defaultdict(list)
        services: dict[str, Service] = {}
        rest: list[Movement] = []
        for movement, keys in items:
            name = " ".join(w for w in keys.words if w not in _BIZUM_NOISE and not w.isdigit())
            if keys.phone or len(name.split()) < 2:  # noqa: PLR2004 - a name and a surname
                rest.append(movement)
                continue
            day = movement.booking_date
            window = (day - dt.timedelta(days=n) for n in range(_BIZUM_DAYS + 1))
            for service in self._window(PaymentMethod.BIZUM, movement, window):
                score = name_score(name, service.patient)
                if score >= _NAME_CANDIDATE:
                    # The same day first: a Bizum arrives at once.
                    late = (day - service.date).days
                    candidates.append(Candidate(movement.id, service.id, score - late))
                    scores[movement.id].append((score, normalise_name(service.patient)))
                    services[service.id] = service
            if movement.id not in scores:
                rest.append(movement)
        found: dict[str, Proposal] = {}
        for movement_id, service_id, _ in assign(candidates):
            patient = normalise_name(services[service_id].patient)
            score = max(s for s, who in scores[movement_id] if who == patient)
            # Only another patient with a close name makes it doubtful; the same patient's other
            # services of that amount are the same payment for the books.
            others = [s for s, who in scores[movement_id] if who != patient]
            sure = score >= _NAME_SURE and all(s < score - _NAME_MARGIN for s in others)
            if sure:
                self._take([services[service_id]])
            reason = f"nombre del Bizum coincide con un paciente del día ({score:.0f} %)"
            found[movement_id] = Proposal(
                MatchKind.BIZUM, (movement_id,), (service_id,), 0.97 if sure else 0.6,
                (reason, "importe exacto"), PRIVATE_ACCOUNT, _refs([services[service_id]]),
                automatic=sure,
            )  # fmt: skip
        rest += [m for m, _ in items if m.id in scores and m.id not in found]
        return found, rest

    def grouped(
        self,
        movements: Sequence[Movement],
        kind: MatchKind,
        day_of: Mapping[str, tuple[dt.date, ...]],
    ) -> dict[str, Proposal]:
        """Payments that only amount, day and channel identify: settled only as whole groups.

        ``day_of`` gives, per movement, the day its services were paid on (the Bizum's own day,
        or the visit date a transfer names); a movement without one is only suggested.
        """
        method = PaymentMethod.BIZUM if kind is MatchKind.BIZUM else PaymentMethod.TRANSFER
        groups: dict[tuple[dt.date, Decimal], list[Movement]] = defaultdict(list)
        found: dict[str, Proposal] = {}
        for movement in movements:
            days = day_of.get(movement.id, ())
            if len(days) == 1:
                groups[days[0], movement.amount].append(movement)
                continue
            window = [movement.booking_date - dt.timedelta(days=n) for n in range(_TRANSFER_DAYS)]
            options = self._window(method, movement, window)
            reason = "posibles servicios del mismo importe pagados por este medio, sin otra clave"
            found[movement.id] = Proposal(
                kind, (movement.id,), tuple(s.id for s in options[:5]), 0.4 if options else 0.0,
                (reason if options else "ningún servicio pendiente de este importe",),
                PRIVATE_ACCOUNT, _refs(options[:5]), automatic=False,
            )  # fmt: skip
        for (day, amount), members in sorted(groups.items()):
            options = self._window(method, members[0], [day])
            ids = tuple(m.id for m in members)
            if options and len(options) == len(members):
                self._take(options)
                reason = (
                    f"único cobro por {method} de {_money(amount)} € el {day:%d/%m}"
                    if len(members) == 1
                    else f"{len(members)} cobros iguales pagan los {len(options)} servicios "
                    f"de {_money(amount)} € pagados por {method} el {day:%d/%m}"
                )
                proposal = Proposal(
                    kind, ids, tuple(s.id for s in options), 0.92,
                    (reason, "importe y día exactos"), PRIVATE_ACCOUNT, _refs(options),
                )  # fmt: skip
                found.update(dict.fromkeys(ids, proposal))
                continue
            reason = (
                f"{len(members)} cobros y {len(options)} servicios de {_money(amount)} € "
                f"por {method} el {day:%d/%m}: no se pueden emparejar con seguridad"
            )
            for movement in members:
                found[movement.id] = Proposal(
                    kind, (movement.id,), tuple(s.id for s in options), 0.5 if options else 0.0,
                    (reason,), PRIVATE_ACCOUNT, _refs(options), automatic=False,
                )  # fmt: skip
        return found
