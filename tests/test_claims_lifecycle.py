import datetime as dt
import hashlib
from decimal import Decimal

import pytest

import test_claims_support as support
from conciliacion.claims import (
    ClaimState,
    EventType,
    ServicePayment,
    apply_payments,
    claims,
    close_claim,
    correct_event,
    create_claim,
    escalate_claim,
    get_claim,
    overdue_claims,
    overdue_incidents,
    record_answer,
    reject_claim,
    send_claim,
    verify_chain,
)
from conciliacion.errors import ConciliacionError
from conciliacion.model import IncidentKind
from test_claims_support import item

store = support.store
store_url = support.store_url

DAY = dt.date(2026, 10, 5)


@pytest.fixture
def claim(store):
    return create_claim(
        store, "adeslas", [item("srv-1", "12.30"), item("srv-2", "7.70")], "ana", DAY
    )


@pytest.fixture
def letter(tmp_path):
    path = tmp_path / "carta.pdf"
    path.write_bytes(b"%PDF-1.4 carta")
    return path


def test_a_claim_is_created_open_from_its_list(store, claim):
    assert claim.state is ClaimState.OPEN
    assert claim.insurer == "adeslas"
    assert claim.claimed_total == Decimal("20.00")
    assert [i.service_id for i in claim.items] == ["srv-1", "srv-2"]
    assert claim.id.startswith("rec-adeslas-20261005-")
    assert "Pérez" not in store.events()[0].payload_text
    assert claims(store) == (claim,)


@pytest.mark.usefixtures("claim")
def test_the_same_claim_list_is_registered_once(store):
    with pytest.raises(ConciliacionError, match="ya está registrada"):
        create_claim(store, "adeslas", [item("srv-2", "7.70"), item("srv-1", "12.30")], "ana", DAY)


def test_claim_lists_are_checked(store):
    with pytest.raises(ConciliacionError, match="al menos"):
        create_claim(store, "adeslas", [], "ana", DAY)
    with pytest.raises(ConciliacionError, match="sanitas"):
        create_claim(store, "adeslas", [item(insurer="sanitas")], "ana", DAY)
    with pytest.raises(ConciliacionError, match="dos veces"):
        create_claim(store, "adeslas", [item(), item()], "ana", DAY)
    with pytest.raises(ValueError, match="positivo"):
        item(claimed="0.00")


def test_the_life_cycle_of_a_claim(store, claim, letter):
    sent = send_claim(store, claim.id[:22], on=DAY, channel="portal", document=letter, actor="ana")
    assert sent.payload["sha256"] == hashlib.sha256(b"%PDF-1.4 carta").hexdigest()
    assert sent.payload["documento"] == "carta.pdf"
    assert get_claim(store, claim.id).state is ClaimState.SENT
    record_answer(
        store, claim.id, on=DAY + dt.timedelta(10), text="revisamos", accepted=Decimal(5),
        actor="ana",
    )  # fmt: skip
    assert get_claim(store, claim.id).state is ClaimState.ANSWERED
    escalate_claim(store, claim.id, on=DAY + dt.timedelta(20), to="defensor", actor="ana")
    assert get_claim(store, claim.id).state is ClaimState.ESCALATED
    reject_claim(store, claim.id, on=DAY + dt.timedelta(30), reason="fuera de plazo", actor="ana")
    folded = get_claim(store, claim.id)
    assert folded.state is ClaimState.REJECTED
    assert folded.answered_on == DAY + dt.timedelta(30)
    close_claim(store, claim.id, on=DAY + dt.timedelta(31), reason="se desiste", actor="ana")
    assert get_claim(store, claim.id).state is ClaimState.CLOSED
    with pytest.raises(ConciliacionError, match="cerrada"):
        send_claim(store, claim.id, on=DAY, channel="portal", document=letter, actor="ana")
    assert verify_chain(store.chain, store.events()).ok


def test_an_answer_needs_a_sending(store, claim):
    with pytest.raises(ConciliacionError, match="enviado"):
        record_answer(store, claim.id, on=DAY, text="?", accepted=None, actor="ana")


@pytest.mark.usefixtures("claim")
def test_unknown_and_ambiguous_ids(store):
    create_claim(store, "adeslas", [item("srv-9")], "ana", DAY)
    with pytest.raises(ConciliacionError, match="no existe"):
        get_claim(store, "rec-sanitas")
    with pytest.raises(ConciliacionError, match="ambiguo"):
        get_claim(store, "rec-adeslas")


def test_a_correction_changes_what_readers_see_not_the_stored_event(store, claim, letter):
    sent = send_claim(store, claim.id, on=DAY, channel="portal", document=letter, actor="ana")
    correct_event(store, sent.seq, reason="fecha mal tecleada", actor="ana",
                  changes={"fecha": "2026-10-06"})  # fmt: skip
    assert get_claim(store, claim.id).sent_on == dt.date(2026, 10, 6)
    assert store.event(sent.seq) == sent
    correct_event(store, sent.seq, reason="no se llegó a enviar", actor="ana", void=True)
    assert get_claim(store, claim.id).state is ClaimState.OPEN
    with pytest.raises(ConciliacionError, match="no existe el evento"):
        correct_event(store, 99, reason="x", actor="ana", void=True)
    with pytest.raises(ConciliacionError, match="cambios"):
        correct_event(store, sent.seq, reason="x", actor="ana")


def test_later_payments_are_recorded_once_and_close_the_claim(store, claim):
    first = apply_payments(store, [ServicePayment("srv-1", "12.30", "L-2026-10", DAY)])
    assert [e.type for e in first] == [EventType.PARTIAL_PAYMENT]
    assert get_claim(store, claim.id).state is ClaimState.PARTLY_PAID
    assert apply_payments(store, [ServicePayment("srv-1", "12.30", "L-2026-10", DAY)]) == ()
    assert apply_payments(store, [ServicePayment("srv-7", "1.00", "L-2026-10", DAY)]) == ()
    last = apply_payments(store, [ServicePayment("srv-2", "9.00", "L-2026-11", DAY)])
    assert [e.type for e in last] == [EventType.PAYMENT_RECEIVED, EventType.CLAIM_CLOSED]
    assert last[0].payload["importe"] == "7.70"
    assert last[0].payload["importe_liquidado"] == "9.00"
    folded = get_claim(store, claim.id)
    assert folded.state is ClaimState.CLOSED
    assert folded.paid_total == Decimal("20.00")
    assert folded.outstanding == Decimal("0.00")


def test_unanswered_claims_appear_after_their_insurers_days(store, claim, letter):
    send_claim(store, claim.id, on=DAY, channel="portal", document=letter, actor="ana")
    other = create_claim(store, "dkv", [item("srv-5", insurer="dkv")], "ana", DAY)
    send_claim(store, other.id, on=DAY, channel="correo", document=letter, actor="ana")
    days = {"adeslas": 30, "dkv": 15}
    assert overdue_claims(store, days, DAY + dt.timedelta(16)) == (get_claim(store, other.id),)
    later = DAY + dt.timedelta(31)
    assert {c.id for c in overdue_claims(store, days, later)} == {claim.id, other.id}
    incidents = overdue_incidents(store, {}, later)
    assert {i.subject for i in incidents} == {claim.id, other.id}
    assert all(i.kind is IncidentKind.CLAIM_WITHOUT_ANSWER for i in incidents)
    record_answer(store, claim.id, on=later, text="en estudio", accepted=None, actor="ana")
    assert overdue_claims(store, days, later) == (get_claim(store, other.id),)
