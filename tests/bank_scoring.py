"""Score a bank reconciliation against the demo practice's ground truth.

Shared by ``test_bank_demo.py`` and ``benchmarks/bench_reconcile.py``. An automatic result
(``conciliado``) is right when its kind is the truth's and it settles exactly what the truth says:
the same settlements or invoices, the same private services (a group match of interchangeable
payments is right when the truth's services are among the group's and the group pays as many
services as it has movements), or the same PGC account for movements a rule explains.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from pathlib import Path

import attrs

from conciliacion.config import load_config
from conciliacion.demo import generate_demo
from conciliacion.demo.truth import GroundTruth, MovementTruth
from conciliacion.inputs import PracticeInputs, read_inputs
from conciliacion.matchers.bank_reconcile import reconcile
from conciliacion.model import MatchKind, MatchStatus, Movement, MovementResult, Service
from conciliacion.practice import Practice

_PRIVATE = {
    MatchKind.BIZUM,
    MatchKind.CARD_BATCH,
    MatchKind.CASH_DEPOSIT,
    MatchKind.PRIVATE_TRANSFER,
}


@attrs.frozen
class Score:
    """How a reconciliation compares with the truth."""

    movements: int
    automatic: int
    right: int
    suggested: int
    pending: int
    wrong: tuple[str, ...]

    @property
    def precision(self) -> float:
        """Share of automatic results that are right."""
        return self.right / self.automatic if self.automatic else 1.0

    @property
    def automatic_rate(self) -> float:
        """Share of movements reconciled automatically."""
        return self.automatic / self.movements if self.movements else 1.0


def demo_inputs(folder: Path, **kwargs: object) -> tuple[GroundTruth, PracticeInputs, object]:
    """Generate a demo in ``folder`` and read it as the pipeline does."""
    truth = generate_demo(folder, **kwargs)  # type: ignore[arg-type]
    config = load_config(folder / "conciliacion.toml")
    return truth, read_inputs(Practice(folder), config), config


def _signature(service: Service) -> tuple[object, ...]:
    return (service.date, service.amount, service.payment_method, service.patient)


def _is_right(  # noqa: PLR0911 - one verdict per kind of truth
    result: MovementResult, truth: MovementTruth, names: Mapping[str, object]
) -> bool:
    match = result.match
    if match.kind is not truth.kind:
        return False
    code = result.account.split(" ", 1)[0].split(":", 1)[0]
    if truth.kind is MatchKind.SETTLEMENT_PAYMENT:
        return {names[t] for t in match.targets} == set(truth.settlements)
    if truth.kind is MatchKind.INVOICE_PAYMENT:
        return {names[t] for t in match.targets} == set(truth.invoices)
    if truth.kind in _PRIVATE:
        got = Counter(names[t] for t in match.targets)
        want = Counter(names[s] for s in truth.services)
        if len(match.subjects) > 1:
            return not want - got and len(match.targets) == len(match.subjects)
        return got == want
    if truth.kind is MatchKind.RETURN and truth.invoices:
        return set(result.references) == {number for _, number in truth.invoices}
    return code == truth.account


def score(truth: GroundTruth, inputs: PracticeInputs, config: object) -> Score:
    """Reconcile every month of the demo and score every movement."""
    movements: list[Movement] = [m for a in inputs.merged.accounts for m in a.movements]
    names: dict[str, object] = {s.id: (s.insurer, s.number) for s in inputs.settlements}
    names.update({i.id: (i.nif, i.number) for i in inputs.invoices})
    # Private services are compared by what tells them apart at all: the same patient paying two
    # equal services by Bizum on one day is one situation whichever payment pays which.
    names.update({s.id: _signature(s) for s in inputs.services})
    names.update({s.reference: _signature(s) for s in inputs.services})
    first = dt.date.fromisoformat(f"{truth.months[0]}-01")
    result = reconcile(
        movements, inputs.settlements, inputs.invoices, inputs.services, config,  # type: ignore[arg-type]
        period=(first, truth.as_of),
    )  # fmt: skip
    by_id = {m.id: m for m in movements}
    counts: Counter[MatchStatus] = Counter()
    right = 0
    wrong: list[str] = []
    for item in result.results:
        movement = by_id[item.movement]
        expected = truth.movements[movement.source.file, movement.source.line]
        counts[item.status] += 1
        if item.status is MatchStatus.RECONCILED:
            if _is_right(item, expected, names):
                right += 1
            else:
                wrong.append(
                    f"{movement.source} {movement.amount} {expected.kind}->{item.kind} "
                    f"{item.account} {item.references} {item.match.reasons}"
                )
    return Score(
        movements=len(result.results),
        automatic=counts[MatchStatus.RECONCILED],
        right=right,
        suggested=counts[MatchStatus.SUGGESTED],
        pending=counts[MatchStatus.PENDING],
        wrong=tuple(wrong),
    )
