import datetime as dt
import pickle
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conciliacion.model import (
    FeeScheduleEntry,
    Invoice,
    Match,
    MatchKind,
    MatchStatus,
    Movement,
    PaymentMethod,
    PrivatePayment,
    Service,
    Settlement,
    SettlementLine,
    Source,
    Statement,
)
from conciliacion.model._fields import stable_id
from strategies import amounts, dates

SRC = Source("entrada/banco/caixa.n43", 2)
DAY = dt.date(2026, 10, 5)


def movement(amount="10.00", line=2, **changes):
    return Movement(
        account="ES9121000418450200051332",
        booking_date=DAY,
        value_date=DAY,
        amount=amount,
        source=Source("entrada/banco/caixa.n43", line),
        **changes,
    )


@given(amounts())
def test_money_fields_keep_every_cent(amount):
    assert movement(amount).amount == amount
    assert movement(str(amount)).amount == amount


@given(st.floats())
def test_a_float_amount_is_refused(value):
    with pytest.raises(TypeError, match="float"):
        movement(value)


def test_amounts_are_quantised_to_cents():
    assert str(movement(Decimal(5)).amount) == "5.00"
    with pytest.raises(ValueError, match="más de dos decimales"):
        movement(Decimal("1.001"))


def test_a_datetime_is_not_a_date():
    with pytest.raises(TypeError, match="fecha"):
        Movement(
            account="ES91",
            booking_date=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
            value_date=DAY,
            amount="1",
            source=SRC,
        )


def test_values_are_frozen():
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        movement().amount = Decimal(1)  # type: ignore[misc]


def test_identity_is_stable_and_depends_on_content_and_position():
    assert movement().id == movement().id
    assert movement().id != movement(line=3).id
    assert movement().id != movement("10.01").id
    assert movement().id.startswith("mov-")


def test_identity_ignores_the_file_name_so_a_renamed_file_keeps_its_ids():
    other = attrs.evolve(movement(), source=Source("otro/nombre.n43", 2))
    assert other.id == movement().id


_TEXT = st.text(alphabet="AB 1\x1f\x1eñ", max_size=6)


@given(
    st.tuples(_TEXT, _TEXT, _TEXT),
    st.lists(_TEXT, max_size=5),
    st.none() | amounts(10**10),
)
def test_a_movement_gives_back_its_texts_and_balance_as_given(heads, concepts, balance):
    """Texts and balance are kept packed; what a user reads is what was given, separator or not."""
    document, reference1, reference2 = heads
    m = movement(
        document=document,
        reference1=reference1,
        reference2=reference2,
        concepts=concepts,
        balance_after=balance,
    )
    assert (m.document, m.reference1, m.reference2) == heads
    assert m.concepts == tuple(concepts)
    assert m.balance_after == balance
    assert balance is None or str(m.balance_after) == str(balance)
    assert m.text == " ".join(c for c in concepts if c)
    assert pickle.loads(pickle.dumps(m)) == m  # noqa: S301 - bytes pickled just above
    parts = (m.account, m.booking_date, m.value_date, m.amount, m.currency, "", "")
    assert m.id == stable_id("mov", *parts, *heads, *concepts, m.source.line)
    assert attrs.evolve(m) == m
    assert attrs.evolve(m).id == m.id
    for field in ("document", "reference1", "reference2", "concepts", "balance_after"):
        assert f"{field}=" in repr(m)


def test_evolve_replaces_the_texts_and_balance_named_and_keeps_the_rest():
    m = movement(document="D1", reference1="R1", concepts=("A", "B"), balance_after="5.00")
    changed = attrs.evolve(m, reference1="R2", concepts=("C",))
    assert (changed.document, changed.reference1, changed.concepts) == ("D1", "R2", ("C",))
    assert changed.balance_after == Decimal("5.00")
    assert attrs.evolve(m, balance_after=None).balance_after is None
    assert changed.id == movement(document="D1", reference1="R2", concepts=("C",)).id
    assert changed.id != m.id


def test_empty_concepts_are_kept_apart_from_none():
    assert movement(concepts=()).concepts == ()
    assert movement(concepts=("",)).concepts == ("",)
    assert movement(concepts=("",)) != movement(concepts=())


@pytest.mark.parametrize("field", ["document", "reference1", "reference2", "concepts"])
def test_texts_must_be_texts(field):
    value = (1,) if field == "concepts" else 1
    with pytest.raises(TypeError, match=field):
        movement(**{field: value})


@given(st.lists(amounts(10**8), max_size=20), amounts(10**9))
def test_a_statement_must_balance(values, opening):
    moves = [movement(v, line=i + 2) for i, v in enumerate(values)]
    closing = opening + sum(values, Decimal(0))
    statement = Statement(
        account="ES91",
        start_date=DAY,
        end_date=DAY,
        opening_balance=opening,
        closing_balance=closing,
        movements=moves,
        source=SRC,
    )
    assert statement.movements == tuple(moves)
    with pytest.raises(ValueError, match="saldo"):
        attrs.evolve(statement, closing_balance=closing + Decimal("0.01"))


def line(amount, patient="GARCIA LOPEZ, MARIA", act_date=DAY, **kw):
    return SettlementLine(
        settlement="L-1",
        insurer="adeslas",
        amount=amount,
        patient=patient,
        act_date=act_date,
        source=SRC,
        **kw,
    )


@given(st.lists(amounts(10**6), min_size=1, max_size=10), amounts(10**5, allow_negative=False))
def test_settlement_totals_follow_from_lines(values, deduction):
    lines = [line(v) for v in values] + [line(-deduction, patient="", act_date=None)]
    settlement = Settlement.from_lines(
        number="L-1",
        insurer="adeslas",
        date=DAY,
        lines=lines,
        withholding=Decimal("1.00"),
        source=SRC,
    )
    assert settlement.gross == sum(values, Decimal(0))
    assert settlement.deductions == deduction
    assert settlement.net == settlement.gross - Decimal("1.00") - deduction


def test_a_settlement_whose_header_disagrees_with_its_lines_cannot_be_built():
    with pytest.raises(ValueError, match="no cuadra"):
        Settlement(
            number="L-1",
            insurer="adeslas",
            date=DAY,
            lines=[line("100.00")],
            gross="100.00",
            withholding="15.00",
            deductions="0",
            net="86.00",
            source=SRC,
        )


def test_a_settlement_id_is_unique_per_insurer_and_number():
    make = Settlement.from_lines
    a = make(number="7", insurer="dkv", date=DAY, lines=[], withholding=Decimal(0), source=SRC)
    b = make(number="7", insurer="asisa", date=DAY, lines=[], withholding=Decimal(0), source=SRC)
    assert a.id != b.id


def test_an_invoice_must_add_up_and_its_cost_includes_vat():
    invoice = Invoice(
        supplier="Iberdrola",
        nif="A95758389",
        number="F-1",
        date=DAY,
        base="100.00",
        vat="21.00",
        withholding="0",
        total="121.00",
        source=SRC,
    )
    assert invoice.cost == Decimal("121.00")
    with pytest.raises(ValueError, match="no cuadra"):
        attrs.evolve(invoice, total="120.00")


def test_fee_schedule_validity():
    entry = FeeScheduleEntry(
        insurer="dkv",
        act_code="C01",
        act="Consulta",
        price="30.00",
        valid_from=dt.date(2026, 1, 1),
        valid_to=dt.date(2026, 6, 30),
        source=SRC,
    )
    assert entry.applies_on(dt.date(2026, 6, 30))
    assert not entry.applies_on(dt.date(2026, 7, 1))
    with pytest.raises(ValueError, match="antes de empezar"):
        attrs.evolve(entry, valid_to=dt.date(2025, 12, 31))


def test_a_service_is_known_by_the_clinics_reference_when_it_has_one():
    service = Service(
        date=DAY,
        patient="María García",
        card="123",
        insurer="particular",
        act_code="C01",
        act="Consulta",
        source=SRC,
        amount="50",
        payment_method=PaymentMethod.BIZUM,
        reference="A-17",
    )
    assert service.is_private
    assert service.id == attrs.evolve(service, source=Source("x", 99)).id
    assert "María" not in repr(service)


def test_private_payments_are_positive():
    with pytest.raises(ValueError, match="positivo"):
        PrivatePayment(date=DAY, amount="0", method=PaymentMethod.CASH, source=SRC)


@given(dates(), dates())
def test_a_statement_cannot_end_before_it_starts(start, end):
    make = lambda: Statement(  # noqa: E731
        account="ES91",
        start_date=start,
        end_date=end,
        opening_balance="0",
        closing_balance="0",
        movements=[],
        source=SRC,
    )
    if end < start:
        with pytest.raises(ValueError, match="antes de empezar"):
            make()
    else:
        assert make().start_date == start


def test_a_match_has_a_stable_id_whatever_the_order_of_its_parts():
    a = Match(
        kind=MatchKind.SETTLEMENT_PAYMENT,
        status=MatchStatus.RECONCILED,
        subjects=["mov-2", "mov-1"],
        targets=["liq-1"],
        confidence=0.97,
        reasons=["IBAN de la aseguradora", "importe exacto"],
    )
    b = attrs.evolve(a, subjects=("mov-1", "mov-2"), confidence=0.5)
    assert a.id == b.id
    assert str(a.status) == "conciliado"
    with pytest.raises(ValueError, match="confianza"):
        attrs.evolve(a, confidence=1.5)
