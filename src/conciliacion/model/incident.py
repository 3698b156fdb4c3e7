"""Incidents: anything in the data that needs a person's decision.

Expected problems of the data are values, not exceptions: an unknown insurer id in the activity, an
act without fee schedule, a service without its authorisation. They travel with the results to the
weekly review, each with a stable id so that week-to-week tracking and decisions attach to it.
"""

from __future__ import annotations

import enum

import attrs

from conciliacion.model._fields import stable_id
from conciliacion.model.provenance import Source

__all__ = ["Incident", "IncidentKind"]


class IncidentKind(enum.StrEnum):
    """What kind of decision is needed; the values are the words of the incident lists."""

    UNKNOWN_INSURER = "aseguradora_desconocida"
    NO_FEE_SCHEDULE = "sin_baremo"
    MISSING_AUTHORISATION = "sin_autorizacion"
    UNPAID = "impagado"
    FEE_DIFFERENCE = "diferencia_baremo"
    DUPLICATE_PAYMENT = "duplicado"
    PAID_WITHOUT_SERVICE = "cobrado_sin_actividad"
    UNEXPLAINED_MOVEMENT = "movimiento_sin_justificar"
    SUGGESTED_MATCH = "sugerencia"
    MISSING_STATEMENT = "extracto_ausente"
    CLAIM_WITHOUT_ANSWER = "reclamacion_sin_respuesta"
    PRIVATE_DEBT = "deuda_particular"
    MISSING_SETTLEMENT = "liquidacion_ausente"
    DATA = "dato_dudoso"


@attrs.frozen
class Incident:
    """One thing a person must look at.

    Attributes:
        kind: what kind of decision is needed.
        subject: the id of the record concerned (a service, a movement, a settlement line...).
        message: what is wrong and what to do next, in Spanish, without patient names.
        source: where the record came from, when it came from a file.
        id: derived from kind and subject, so the same incident keeps its id week after week.
    """

    kind: IncidentKind = attrs.field(validator=attrs.validators.instance_of(IncidentKind))
    subject: str = attrs.field(validator=attrs.validators.instance_of(str))
    message: str = attrs.field(validator=attrs.validators.instance_of(str))
    source: Source | None = attrs.field(default=None)
    id: str = attrs.field(init=False)

    @id.default
    def _derive_id(self) -> str:
        return stable_id("inc", self.kind, self.subject)
