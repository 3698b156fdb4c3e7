"""What a month's run did, in one value: for the terminal, for ``--json`` and for a firm's batch."""

from __future__ import annotations

from decimal import Decimal

import attrs

from conciliacion.money import ZERO

__all__ = ["MonthSummary"]


@attrs.frozen
class MonthSummary:
    """What a month's run did, for the terminal and for ``--json``.

    Attributes:
        practice: the practice's name.
        month: ``AAAA-MM``.
        inputs: number of input files per kind (banco, liquidaciones, ...).
        movements: bank movements of the month, all accounts, each once.
        format_warnings: format deviations accepted in bank files (all files).
        missing_statements: gaps between one statement's closing and the next one's opening balance.
        review: how many insured services (up to the month's end) ended in each outcome.
        claimed: total of the claim lists.
        incidents: incidents found by the importers and the review.
        output_dir: where the month's outputs are, relative to the practice.
        outputs: the files written, relative to the practice.
        reconciliation: how many of the month's movements are ``conciliado``, ``sugerido`` and
            ``pendiente``.
        unexplained: euros (absolute value) of the month's movements still pending.
        new_claims: services on the claim lists that no registered claim covers yet.
        new_claims_amount: what those services claim.
        payments_recorded: events the store received from later settlements paying claims.
        ledger: the month's ledger file, relative to the practice, ``""`` if not written.
        repeated: input files left out because another file has the same content.
    """

    practice: str
    month: str
    inputs: dict[str, int]
    movements: int
    format_warnings: int
    missing_statements: int
    review: dict[str, int]
    claimed: Decimal
    incidents: int
    output_dir: str
    outputs: tuple[str, ...]
    reconciliation: dict[str, int] = attrs.field(factory=dict)
    unexplained: Decimal = ZERO
    new_claims: int = 0
    new_claims_amount: Decimal = ZERO
    payments_recorded: int = 0
    ledger: str = ""
    repeated: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        """The summary as plain JSON-ready values, with Spanish keys for scripts."""
        return {
            "practica": self.practice,
            "mes": self.month,
            "entradas": dict(self.inputs),
            "movimientos": self.movements,
            "avisos_formato": self.format_warnings,
            "extractos_ausentes": self.missing_statements,
            "punteo": dict(self.review),
            "reclamado": f"{self.claimed:.2f}",
            "incidencias": self.incidents,
            "salida": self.output_dir,
            "ficheros": list(self.outputs),
            "conciliacion": dict(self.reconciliation),
            "sin_justificar": f"{self.unexplained:.2f}",
            "reclamaciones_nuevas": self.new_claims,
            "reclamaciones_nuevas_importe": f"{self.new_claims_amount:.2f}",
            "pagos_registrados": self.payments_recorded,
            "libro": self.ledger,
            "ficheros_repetidos": list(self.repeated),
        }
