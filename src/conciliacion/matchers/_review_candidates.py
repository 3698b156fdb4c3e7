"""Which services a settlement line could pay, found by key in dictionaries, never by scanning.

Sure keys first: the authorisation number, then card + date of act + act code. Only what they
leave goes to the name stage, blocked by insurer and act code and bounded by a date window, so
the work grows with the records and not with their product.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Final, NamedTuple

from conciliacion.matchers.names import name_score
from conciliacion.model import Service, SettlementLine

__all__ = ["AUTHORISATION", "CARD", "NAME", "Hit", "KeyIndex", "NameIndex", "id_key"]

AUTHORISATION: Final = "autorizacion"
CARD: Final = "tarjeta"
NAME: Final = "nombre"

_NOT_ALNUM = re.compile(r"[^0-9A-Z]+")
_MAX_DAYS_WEIGHT: Final = 99
_ORDER: Final = 0.01
"""Weight lost per place of difference in order: enough to break a tie, never to decide."""


def id_key(text: str | None) -> str:
    """An authorisation or card number as a key: without spaces, dashes or leading zeros.

    >>> id_key(" 0012-345 b")
    '12345B'
    """
    if not text:
        return ""
    if text.isascii() and text.isalnum() and text[0] != "0":
        return text.upper()  # the usual case, without the regular expression
    return _NOT_ALNUM.sub("", text.upper()).lstrip("0")


class Hit(NamedTuple):
    """One service a line could pay: by which key, how well, and how far apart in days."""

    service: Service
    weight: float
    key: str
    days: int
    score: float = 100.0


def _contradicts(line: SettlementLine, service: Service) -> bool:
    """Both sides carry an authorisation and they differ: not the same act, whatever else agrees."""
    line_auth, service_auth = id_key(line.authorisation), id_key(service.authorisation)
    return bool(line_auth and service_auth and line_auth != service_auth)


class KeyIndex:
    """Services by authorisation and by card-date-code; built once and only read afterwards."""

    def __init__(self, services: Iterable[Service]) -> None:
        self._by_auth: dict[tuple[str, str], list[Service]] = defaultdict(list)
        self._by_card: dict[tuple[str, str, object, str], list[Service]] = defaultdict(list)
        for service in services:
            if auth := id_key(service.authorisation):
                self._by_auth[service.insurer, auth].append(service)
            if card := id_key(service.card):
                self._by_card[service.insurer, card, service.date, service.act_code].append(service)

    def ranks(self, lines: Iterable[SettlementLine]) -> dict[str, tuple[int, int]]:
        """Each line's place among the lines with its authorisation, and with its card key.

        Identical records (two equal acts on one day) are paired in the order they appear: the
        n-th line of a key prefers the n-th service of that key.
        """
        seen: Counter[object] = Counter()
        ranks = {}
        for line in lines:
            auth_key = (line.insurer, id_key(line.authorisation))
            card_key = (line.insurer, id_key(line.card), line.act_date, line.act_code)
            ranks[line.id] = (seen[auth_key], seen[card_key])
            seen[auth_key] += 1
            seen[card_key] += 1
        return ranks

    def exact(self, line: SettlementLine, ranks: tuple[int, int] = (0, 0)) -> list[Hit]:
        """Services sharing the line's authorisation, else its card, act date and act code."""
        hits: list[Hit] = []
        card = id_key(line.card)
        if auth := id_key(line.authorisation):
            group = self._by_auth.get((line.insurer, auth), ())
            for place, service in enumerate(group):
                days = abs((service.date - line.act_date).days) if line.act_date else 0
                weight = 1000.0 - min(days, _MAX_DAYS_WEIGHT) - _ORDER * abs(place - ranks[0])
                weight += 100 * (days == 0 and line.act_date is not None)
                weight += 50 * (service.act_code == line.act_code)
                weight += 50 * (bool(card) and card == id_key(service.card))
                hits.append(Hit(service, weight, AUTHORISATION, days))
        if card and line.act_date is not None and not hits:
            group = self._by_card.get((line.insurer, card, line.act_date, line.act_code), ())
            hits.extend(
                Hit(service, 500.0 - _ORDER * abs(place - ranks[1]), CARD, 0)
                for place, service in enumerate(group)
                if not _contradicts(line, service)
            )
        return hits


class NameIndex:
    """Services by insurer and act code, sorted by date, for the name stage's date window."""

    def __init__(self, services: Iterable[Service]) -> None:
        blocks: dict[tuple[str, str], list[tuple[int, str, Service]]] = defaultdict(list)
        for service in services:
            blocks[service.insurer, service.act_code].append(
                (service.date.toordinal(), service.id, service)
            )
        self._blocks: dict[tuple[str, str], tuple[list[int], list[Service]]] = {}
        for block, rows in blocks.items():
            rows.sort(key=lambda row: (row[0], row[1]))
            self._blocks[block] = ([row[0] for row in rows], [row[2] for row in rows])

    def by_name(
        self, line: SettlementLine, tolerance_days: int, threshold: float, card_penalty: float
    ) -> list[Hit]:
        """Services of the same insurer and act code within the window whose patient's name fits.

        The weight prefers the closer date; a card that contradicts costs ``card_penalty`` points.
        """
        block = self._blocks.get((line.insurer, line.act_code))
        if block is None or line.act_date is None or not line.patient:
            return []
        ordinals, services = block
        day = line.act_date.toordinal()
        start = bisect.bisect_left(ordinals, day - tolerance_days)
        stop = bisect.bisect_right(ordinals, day + tolerance_days)
        hits = []
        line_card = id_key(line.card)
        for service in services[start:stop]:
            if _contradicts(line, service):
                continue
            score = name_score(line.patient, service.patient)
            service_card = id_key(service.card)
            if line_card and service_card and line_card != service_card:
                score -= card_penalty
            if score < threshold:
                continue
            days = abs(service.date.toordinal() - day)
            hits.append(Hit(service, max(score - days / 2, 0.0) + 1, NAME, days, score))
        return hits
