"""Everything the reports are computed from, as one value: model values and decisions, no files.

The weekly review and the monthly report are pure functions of a :class:`ReportInputs`; the
functions that read a practice (:mod:`conciliacion.reports.sources`) only build one. Tests build
one by hand from a few services, settlements and movements.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Final

import attrs

from conciliacion.claims.decisions import Decisions
from conciliacion.claims.lifecycle import Claim
from conciliacion.config import InsurerConfig
from conciliacion.importers.overlap import Gap
from conciliacion.model import Incident, Match, Movement, ReviewResult, Service, Settlement

if TYPE_CHECKING:
    from conciliacion.reports.facts import ServiceFact

__all__ = ["DEFAULT_FOLLOW_UP_DAYS", "DEFAULT_PAYMENT_TERM_DAYS", "ReportInputs"]

DEFAULT_PAYMENT_TERM_DAYS: Final = 60
"""The payment term of an insurer missing from the configuration (as in the settlement review)."""

DEFAULT_FOLLOW_UP_DAYS: Final = 30
"""Days without answer before a claim needs follow-up, for an insurer missing from it."""


def _services(values: Iterable[Service]) -> tuple[Service, ...]:
    return tuple(values)


def _settlements(values: Iterable[Settlement]) -> tuple[Settlement, ...]:
    return tuple(values)


def _movements(values: Iterable[Movement]) -> tuple[Movement, ...]:
    return tuple(values)


def _insurers(values: Iterable[InsurerConfig]) -> tuple[InsurerConfig, ...]:
    return tuple(values)


def _claims(values: Iterable[Claim]) -> tuple[Claim, ...]:
    return tuple(values)


def _matches(values: Iterable[Match] | None) -> tuple[Match, ...] | None:
    return None if values is None else tuple(values)


def _gaps(values: Iterable[Gap]) -> tuple[Gap, ...]:
    return tuple(values)


def _incidents(values: Iterable[Incident]) -> tuple[Incident, ...]:
    return tuple(values)


@attrs.frozen
class ReportInputs:
    """The model values a report is made of.

    Attributes:
        review: the settlement review as of the report's date (a month's last day, a Sunday).
        services: every service on record, private ones too.
        settlements: every settlement on record.
        movements: the merged bank movements of every account, each once.
        insurers: the configured insurers (names, payment terms, follow-up days).
        claims: every claim of the event store.
        decisions: the standing decisions (confirmed matches, accepted differences).
        matches: the bank reconciliation's results, or ``None`` when there are none: the report
            then says that the bank reconciliation is not available.
        gaps: missing statements found between two statements of an account.
        statement_ends: per configured account (IBAN), the last day its statements cover, or
            ``None`` when none was imported.
        incidents: what the importers found that needs a person.
        practice_name: the practice's name, for the report's title.
    """

    review: ReviewResult
    services: tuple[Service, ...] = attrs.field(converter=_services)
    settlements: tuple[Settlement, ...] = attrs.field(converter=_settlements)
    movements: tuple[Movement, ...] = attrs.field(converter=_movements)
    insurers: tuple[InsurerConfig, ...] = attrs.field(default=(), converter=_insurers)
    claims: tuple[Claim, ...] = attrs.field(default=(), converter=_claims)
    decisions: Decisions = attrs.field(factory=Decisions)
    matches: tuple[Match, ...] | None = attrs.field(default=None, converter=_matches)
    gaps: tuple[Gap, ...] = attrs.field(default=(), converter=_gaps)
    statement_ends: Mapping[str, dt.date | None] = attrs.field(factory=dict)
    incidents: tuple[Incident, ...] = attrs.field(default=(), converter=_incidents)
    practice_name: str = ""

    @property
    def as_of(self) -> dt.date:
        """The report's date: what is known at the end of this day."""
        return self.review.as_of

    @functools.cached_property
    def facts(self) -> tuple[ServiceFact, ...]:
        """One fact per reviewed service (:func:`~conciliacion.reports.facts.service_facts`).

        Computed once: the incident list, the month's figures and the annex all read them, and
        on ten years of services each computation took seconds.
        """
        from conciliacion.reports.facts import service_facts  # noqa: PLC0415 - it imports this

        return tuple(service_facts(self))

    def insurer_name(self, insurer: str) -> str:
        """The insurer's name as configured, or its id."""
        for config in self.insurers:
            if config.id == insurer:
                return config.name
        return insurer

    def payment_term(self, insurer: str) -> int:
        """Days the insurer has to pay a service."""
        for config in self.insurers:
            if config.id == insurer:
                return config.payment_term_days
        return DEFAULT_PAYMENT_TERM_DAYS

    def follow_up_days(self, insurer: str) -> int:
        """Days a claim to this insurer may wait for an answer."""
        for config in self.insurers:
            if config.id == insurer:
                return config.follow_up_days
        return DEFAULT_FOLLOW_UP_DAYS
