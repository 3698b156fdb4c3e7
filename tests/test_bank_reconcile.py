import datetime as dt
from decimal import Decimal

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from bank_fixtures import (
    INSURER_IBAN,
    INSURER_NIF,
    MAIN,
    PERIOD,
    SECOND,
    SUPPLIER_NIF,
    config,
    invoice,
    movement,
    private,
    settlement,
)
from conciliacion.claims.decisions import Decisions
from conciliacion.matchers.bank_reconcile import reconcile
from conciliacion.model import MatchKind, MatchStatus, PaymentMethod, Source


def _run(movements, settlements=(), invoices=(), services=(), **extra):
    decisions, rules = extra.get("decisions"), extra.get("rules")
    result = reconcile(
        movements, settlements, invoices, services, config(rules), decisions, period=PERIOD
    )
    return {r.movement: r for r in result.results}, result


def test_settlement_number_in_the_concept_is_a_certain_key():
    m = movement(12, "1500.00", "TRANSFERENCIA RECIBIDA", "LIQ SAN-2026-00011")
    found, result = _run([m], [settlement("SAN-2026-00011", "1500.00")])
    r = found[m.id]
    assert (r.status, r.kind, r.references) == (
        MatchStatus.RECONCILED,
        MatchKind.SETTLEMENT_PAYMENT,
        ("SAN-2026-00011",),
    )
    assert r.account == "430 Clientes:Aseguradoras:sanitas"
    assert not result.open_items


def test_payer_by_iban_nif_or_truncated_name():
    s = [settlement("A1", "800.00"), settlement("A2", "900.00"), settlement("A3", "700.00")]
    by_iban = movement(5, "800.00", f"ORDENANTE {INSURER_IBAN}", line=1)
    by_nif = movement(6, "900.00", "TRANSFERENCIA", f"NIF {INSURER_NIF}", line=2)
    by_name = movement(7, "700.00", "TRANSF. A SU FAVOR", "SANITAS SA DE SEG", line=3)
    found, _ = _run([by_iban, by_nif, by_name], s)
    assert [found[m.id].status for m in (by_iban, by_nif, by_name)] == [MatchStatus.RECONCILED] * 3
    assert any("IBAN" in reason for reason in found[by_iban.id].match.reasons)


def test_one_transfer_pays_several_settlements():
    s = [settlement("A1", "800.10"), settlement("A2", "911.25"), settlement("A3", "702.40")]
    m = movement(20, "1502.50", "TRANSFERENCIA SANITAS SA DE SEGUROS")
    found, result = _run([m], s)
    assert found[m.id].status is MatchStatus.RECONCILED
    assert set(found[m.id].references) == {"A1", "A3"}
    assert [item.number for item in result.open_items] == ["A2"]


def test_one_settlement_paid_in_two_transfers():
    s = [settlement("A1", "1000.00")]
    first = movement(10, "600.00", "TRANSFERENCIA SANITAS SA DE SEGUROS", line=1)
    second = movement(16, "400.00", "TRANSFERENCIA SANITAS SA DE SEGUROS", line=2)
    found, _ = _run([first, second], s)
    assert found[first.id].match is found[second.id].match
    assert found[first.id].status is MatchStatus.RECONCILED


def test_a_tie_is_only_a_suggestion():
    s = [settlement("A1", "500.00", day=2), settlement("A2", "500.00", day=3)]
    m = movement(10, "500.00", "TRANSFERENCIA SANITAS SA DE SEGUROS")
    found, result = _run([m], s)
    assert found[m.id].status is MatchStatus.SUGGESTED
    assert any(i.kind == "sugerencia" for i in result.incidents)


def test_amount_alone_never_matches():
    m = movement(12, "1500.00", "TRANSFERENCIA RECIBIDA DE ALGUIEN")
    found, _ = _run([m], [settlement("A1", "1500.00")])
    assert found[m.id].status is not MatchStatus.RECONCILED
    assert found[m.id].match.targets == ()


def test_invoice_payment_return_and_payment_again():
    inv = invoice("LB202600123", "508.20")
    paid = movement(10, "-508.20", "ADEUDO DOMICILIADO SEPA", "LIMPIEZAS BRILLANTE SL", line=1)
    back = movement(
        12, "508.20", "DEVOLUCION RECIBO LIMPIEZAS BRILLANTE", line=2, common_concept="14"
    )
    again = movement(17, "-508.20", "TRANSFERENCIA A LIMPIEZAS BRILLANTE SL", line=3)
    found, result = _run([paid, back, again], invoices=[inv])
    assert found[paid.id].kind is MatchKind.INVOICE_PAYMENT
    assert found[back.id].kind is MatchKind.RETURN
    assert found[back.id].related == (paid.id,)
    assert found[back.id].account == f"410 Acreedores:{SUPPLIER_NIF}"
    assert found[again.id].status is MatchStatus.RECONCILED
    assert found[again.id].references == ("LB202600123",)
    assert not result.open_items


def test_internal_transfer_pairs_both_halves():
    out = movement(3, "-2500.00", "TRASPASO A CUENTA PROPIA", line=1)
    into = movement(3, "2500.00", "TRASPASO DE CUENTA PROPIA", line=2, account=SECOND)
    found, _ = _run([out, into])
    assert found[out.id].kind is MatchKind.INTERNAL_TRANSFER
    assert found[out.id].account == f"572 Bancos:Sabadell-{SECOND[-4:]}"
    assert found[into.id].account == f"572 Bancos:CaixaBank-{MAIN[-4:]}"
    assert found[out.id].status is MatchStatus.RECONCILED


def test_rules_builtin_and_practice():
    tax = movement(20, "-1755.00", "IMPUESTOS AEAT MODELO 111", line=1)
    ss = movement(28, "-710.03", "TGSS COTIZACION REGIMEN GENERAL", line=2)
    rent = movement(5, "-900.00", "RECIBO ALQUILER GARAJE", line=3)
    rules = [{"patron": "ALQUILER GARAJE", "cuenta": "621", "descripcion": "Garaje"}]
    found, _ = _run([tax, ss, rent], rules=rules)
    assert (found[tax.id].kind, found[tax.id].account) == (
        MatchKind.TAX,
        "4751 HP acreedora por retenciones practicadas",
    )
    assert found[ss.id].kind is MatchKind.SOCIAL_SECURITY
    assert (found[rent.id].kind, found[rent.id].account) == (MatchKind.RULE, "621 Arrendamientos")


def test_private_takings_and_no_names_in_reasons():
    services = [
        private(2, "61.00", PaymentMethod.BIZUM, "Víctor Soto Díez", "S1"),
        private(2, "38.00", PaymentMethod.CARD, "Ana Ruiz Gil", "S2"),
        private(2, "24.00", PaymentMethod.CARD, "Eva Gil Mora", "S3"),
        private(2, "45.00", PaymentMethod.TRANSFER, "Luis Mora Gil", "S4"),
    ]
    bizum = movement(2, "61.00", "BIZUM DE VICTOR SOTO DIEZ CONSULTA", line=1)
    card = movement(3, "61.69", "LIQUIDACION TPV COMERCIO 1", "REMESA 020326", line=2)
    transfer = movement(4, "45.00", "TRANSFERENCIA RECIBIDA", "CONSULTA 02/03/2026", line=3)
    found, _ = _run([bizum, card, transfer], services=services)
    assert [found[m.id].status for m in (bizum, card, transfer)] == [MatchStatus.RECONCILED] * 3
    assert found[card.id].references == ("S2", "S3")
    assert found[bizum.id].account == "430 Clientes:Particulares"
    text = " ".join(r for item in found.values() for r in item.match.reasons)
    assert "SOTO" not in text.upper()


def test_decisions_confirm_reject_and_remember_a_counterparty():
    s = [settlement("A1", "500.00", day=2), settlement("A2", "500.00", day=3)]
    m = movement(10, "500.00", "TRANSFERENCIA SANITAS SA DE SEGUROS", line=1)
    other = movement(11, "-99.00", "ADEUDO GIMNASIO CENTRO", line=2)
    found, _ = _run([m, other], s)
    suggestion = found[m.id].match.id
    assert found[other.id].status is MatchStatus.PENDING
    assert found[other.id].account.startswith("555")
    key = found[other.id].counterparty
    decided = Decisions(confirmed=frozenset({suggestion}), counterparties={key: "649"})
    found, _ = _run([m, other], s, decisions=decided)
    assert found[m.id].status is MatchStatus.RECONCILED
    assert found[other.id].status is MatchStatus.RECONCILED
    assert found[other.id].account.startswith("649")
    found, _ = _run([m, other], s, decisions=Decisions(rejected=frozenset({suggestion})))
    assert found[m.id].status is MatchStatus.PENDING


def test_only_the_period_is_reported_but_earlier_months_pay():
    earlier = movement(1, "500.00", "LIQ SAN-0001", line=1)
    earlier = earlier.__class__(
        **{f: getattr(earlier, f) for f in ("account", "amount", "source", "concepts")},
        booking_date=dt.date(2026, 2, 20),
        value_date=dt.date(2026, 2, 20),
    )
    now = movement(10, "500.00", "TRANSFERENCIA SANITAS SA DE SEGUROS", line=2)
    s = [settlement("SAN-0001", "500.00"), settlement("SAN-0002", "500.00", day=4)]
    found, _ = _run([earlier, now], s)
    assert set(found) == {now.id}
    assert found[now.id].references == ("SAN-0002",)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(1, 28),
            st.integers(-50000, 50000).filter(bool),
            st.sampled_from(
                [
                    "TRANSFERENCIA SANITAS SA DE SEGUROS",
                    "BIZUM DE ANA RUIZ GIL",
                    "LIMPIEZAS BRILLANTE SL",
                    "TRASPASO A CUENTA PROPIA",
                    "DEVOLUCION RECIBO",
                    "COMISION MANTENIMIENTO",
                    "LIQ A1",
                    "",
                ]
            ),
        ),
        max_size=25,
    )
)
def test_every_movement_in_exactly_one_result(rows):
    movements = [
        movement(day, str(Decimal(cents).scaleb(-2)), text, line=index + 1)
        for index, (day, cents, text) in enumerate(rows)
    ]
    services = [private(3, "38.00", PaymentMethod.BIZUM, "Ana Ruiz Gil", "S1")]
    result = reconcile(
        movements,
        [settlement("A1", "100.00")],
        [invoice("F1", "100.00")],
        services,
        config(),
        period=PERIOD,
    )
    ids = [r.movement for r in result.results]
    assert sorted(ids) == sorted(m.id for m in movements)
    for r in result.results:
        assert r.match.status in MatchStatus
        assert r.account.split(" ")[0][:3].isdigit()


def test_a_return_looks_back_its_window_however_many_movements_came_between():
    fee = movement(2, "-12.00", "COMISION MANTENIMIENTO", line=1)
    old = attrs.evolve(fee, booking_date=dt.date(2026, 1, 10), value_date=dt.date(2026, 1, 10))
    busy = [
        movement(1 + n % 28, f"-{n + 20}.00", "COMISION MANTENIMIENTO", line=10 + n)
        for n in range(300)
    ]
    back = movement(30, "12.00", "DEVOLUCION COMISION", line=2, common_concept="14")
    too_late = attrs.evolve(back, source=Source("entrada/banco/caixa.n43", 3))
    found, _ = _run([old, fee, *busy, back, too_late])
    assert found[back.id].kind is MatchKind.RETURN
    assert found[back.id].related == (fee.id,)
    # The only other one is 79 days older than the return: past the 45 days a return looks back.
    assert found[too_late.id].related != (old.id,)
