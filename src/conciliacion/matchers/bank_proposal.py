"""What a bank matcher proposes for some movements, before the engine decides its status.

The pieces of bank reconciliation (documents, private takings, rules) each say what they found
and how sure they are; the engine alone turns that into ``conciliado``, ``sugerido`` or
``pendiente``, applying the threshold and the decisions people recorded. A named tuple: one is
built per movement, a million per run in the benchmark.
"""

from __future__ import annotations

from typing import NamedTuple

from conciliacion.model import MatchKind

__all__ = ["Proposal"]


class Proposal(NamedTuple):
    """A proposed explanation of one or more movements.

    Attributes:
        kind: the ``tipo``.
        movements: ids of the movements it explains (several when they pay one thing together).
        targets: ids of the settlements, invoices or services it settles.
        confidence: 0 to 1; zero means "known kind, nothing found" (``pendiente``).
        reasons: why, in Spanish, without patient names.
        account: the contrapartida (contains the PGC code).
        references: settlement or invoice numbers (or service references) it settles.
        related: ids of other movements it undoes or mirrors.
        automatic: whether it may be ``conciliado`` at all; ``False`` caps it at ``sugerido``.
    """

    kind: MatchKind
    movements: tuple[str, ...]
    targets: tuple[str, ...]
    confidence: float
    reasons: tuple[str, ...]
    account: str
    references: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    automatic: bool = True
