from decimal import Decimal

import pytest

import test_claims_support as support
from conciliacion.claims import (
    Decisions,
    accept_difference,
    assign_counterparty,
    confirm_match,
    correct_event,
    decisions,
    reject_match,
)
from conciliacion.errors import ConciliacionError

store = support.store
store_url = support.store_url


def test_an_empty_store_has_no_decisions(store):
    assert decisions(store) == Decisions()


def test_the_latest_decision_on_a_match_wins(store):
    confirm_match(store, "cnc-1", "ana")
    reject_match(store, "cnc-2", "ana", "no es esa liquidación")
    confirm_match(store, "cnc-2", "luis")
    reject_match(store, "cnc-3", "ana")
    found = decisions(store)
    assert found.confirmed == {"cnc-1", "cnc-2"}
    assert found.rejected == {"cnc-3"}
    assert found.is_confirmed("cnc-2")
    assert found.is_rejected("cnc-3")
    assert not found.is_confirmed("cnc-9")


def test_differences_and_counterparties(store):
    accept_difference(store, "rev-1", "708", "ana", amount=Decimal("3.1"), note="baremo nuevo")
    assign_counterparty(store, "  Limpiezas  García sl", "628", "ana")
    found = decisions(store)
    accepted = found.difference("rev-1")
    assert accepted is not None
    assert (accepted.account, accepted.amount, accepted.note) == (
        "708",
        Decimal("3.10"),
        "baremo nuevo",
    )
    assert found.difference("rev-2") is None
    assert found.account_for("LIMPIEZAS GARCÍA SL") == "628"
    assert found.account_for("otra") is None


def test_a_voided_decision_no_longer_stands(store):
    event = confirm_match(store, "cnc-1", "ana")
    correct_event(store, event.seq, reason="me equivoqué", actor="ana", void=True)
    assert not decisions(store).is_confirmed("cnc-1")


def test_bad_accounts_and_empty_ids_are_refused(store):
    with pytest.raises(ConciliacionError, match="cuenta no válida"):
        accept_difference(store, "rev-1", "9xx", "ana")
    with pytest.raises(ConciliacionError, match="identificador"):
        confirm_match(store, " ", "ana")
    assert store.events() == ()
