"""The result of a match: what was paired with what, how sure the program is, and why."""

from __future__ import annotations

import enum
from collections.abc import Iterable

import attrs

from conciliacion.model._fields import stable_id, text_tuple

__all__ = ["Match", "MatchKind", "MatchStatus"]


class MatchStatus(enum.StrEnum):
    """How far a result can be trusted; the values are the words the user reads."""

    RECONCILED = "conciliado"
    """Automatic, above the threshold: trusted unseen."""
    SUGGESTED = "sugerido"
    """A candidate a person must confirm."""
    PENDING = "pendiente"
    """Nothing found."""


class MatchKind(enum.StrEnum):
    """What a match explains; the values are the words of reports and ledger metadata.

    The values of the bank kinds are the ``tipo`` column of ``conciliacion.csv`` (a contract).
    Bank interest goes with fees, as Norma 43 common concept 17 groups them; the account tells
    them apart.
    """

    SETTLEMENT_LINE = "linea_liquidacion"
    SETTLEMENT_PAYMENT = "liquidacion"
    INVOICE_PAYMENT = "factura"
    CARD_BATCH = "tpv"
    BIZUM = "bizum"
    PRIVATE_TRANSFER = "particular"
    CASH_DEPOSIT = "efectivo"
    TAX = "impuesto"
    SOCIAL_SECURITY = "seguridad_social"
    PAYROLL = "nomina"
    BANK_FEE = "comision"
    LOAN = "prestamo"
    INTERNAL_TRANSFER = "traspaso"
    RETURN = "devolucion"
    RULE = "regla"
    UNEXPLAINED = "desconocido"


def _confidence(_instance: object, _attribute: object, value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        msg = f"la confianza debe estar entre 0 y 1, no {value!r}"
        raise ValueError(msg)


def _sorted_ids(ids: Iterable[str]) -> tuple[str, ...]:
    if type(ids) is tuple and len(ids) < 2:  # noqa: PLR2004 - one id is in order
        # Most matches explain one movement by one document: the tuple given is kept.
        return ids
    return tuple(sorted(ids))


@attrs.frozen
class Match:
    """What a matcher decided about some records.

    Attributes:
        kind: what the match explains.
        status: conciliado, sugerido or pendiente.
        subjects: ids of what is being explained (bank movements, services), sorted.
        targets: ids of what explains them (settlements, invoices, settlement lines), sorted;
            empty for a rule or when nothing was found.
        confidence: between 0 and 1. Not money, so a float is fine here.
        reasons: why, in Spanish, one short sentence each, in the order they weighed.
        account: the PGC account a rule or a decision assigns, when the match has no target.
        id: derived from kind, subjects and targets, so decisions attach to it week after week.
    """

    kind: MatchKind = attrs.field(validator=attrs.validators.instance_of(MatchKind))
    status: MatchStatus = attrs.field(validator=attrs.validators.instance_of(MatchStatus))
    subjects: tuple[str, ...] = attrs.field(converter=_sorted_ids)
    targets: tuple[str, ...] = attrs.field(converter=_sorted_ids)
    confidence: float = attrs.field(validator=_confidence)
    reasons: tuple[str, ...] = attrs.field(default=(), converter=text_tuple)
    account: str | None = attrs.field(default=None)
    id: str = attrs.field(init=False)

    @id.default
    def _derive_id(self) -> str:
        return stable_id("cnc", self.kind, *self.subjects, "->", *self.targets)

    def __attrs_post_init__(self) -> None:
        if not self.subjects:
            msg = "un resultado debe explicar al menos un registro"
            raise ValueError(msg)
