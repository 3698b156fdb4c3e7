import datetime as dt
from collections import Counter, defaultdict
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from conciliacion.config import InsurerConfig
from conciliacion.demo import generate_demo
from conciliacion.importers.activity import read_activity
from conciliacion.importers.fee_schedules import read_fee_schedules
from conciliacion.importers.settlements import read_settlements
from conciliacion.matchers._review_outcome import service_review
from conciliacion.matchers.settlement_review import ReviewOptions, review_settlements
from conciliacion.model import (
    FeeScheduleEntry,
    IncidentKind,
    ReviewStatus,
    Service,
    ServiceReview,
    Settlement,
    SettlementLine,
    Source,
)
from conciliacion.practice import Practice
from strategies import amounts

DAY = dt.date(2026, 3, 10)
AS_OF = dt.date(2026, 3, 31)
INSURERS = [InsurerConfig(id="dkv", name="DKV", nif="A58172930", payment_term_days=60)]
SCHEDULE = [
    FeeScheduleEntry(
        "dkv",
        "C01",
        "Consulta",
        "40.00",
        dt.date(2025, 1, 1),
        Source("b.csv", 2),
        valid_to=dt.date(2026, 2, 28),
    ),
    FeeScheduleEntry("dkv", "C01", "Consulta", "42.00", dt.date(2026, 3, 1), Source("b.csv", 3)),
    FeeScheduleEntry(
        "dkv",
        "R10",
        "Resonancia",
        "150.00",
        dt.date(2025, 1, 1),
        Source("b.csv", 4),
        requires_authorisation=True,
    ),
]


def service(line, *, date=DAY, patient="María García López", card="123", code="C01", **kw):
    return Service(
        date=date,
        patient=patient,
        card=card,
        insurer=kw.pop("insurer", "dkv"),
        act_code=code,
        act="acto",
        source=Source("entrada/actividad/a.csv", line),
        **kw,
    )


def sline(line, amount="42.00", *, number="L1", patient="GARCIA LOPEZ, MARIA", **kw):
    kw.setdefault("act_date", DAY)
    kw.setdefault("act_code", "C01")
    return SettlementLine(
        settlement=number,
        insurer="dkv",
        amount=amount,
        source=Source(f"entrada/liquidaciones/{number}.csv", line),
        patient=patient,
        **kw,
    )


def settlement(*lines, number="L1", date=dt.date(2026, 3, 25)):
    return Settlement.from_lines(
        number=number,
        insurer="dkv",
        date=date,
        lines=lines,
        withholding=Decimal(0),
        source=Source(f"entrada/liquidaciones/{number}.csv", 1),
    )


def review(services, settlements, as_of=AS_OF, **options):
    return review_settlements(
        services, settlements, SCHEDULE, INSURERS, as_of, options=ReviewOptions(**options)
    )


def statuses(result):
    return [r.status for r in result.services]


def test_paid_by_authorisation_with_reasons():
    result = review([service(2, authorisation="A-1")], [settlement(sline(2, authorisation="A1"))])
    (rev,) = result.services
    assert rev.status is ReviewStatus.PAID
    assert rev.expected == rev.paid == Decimal("42.00")
    assert rev.difference == 0
    assert rev.settlements == ("L1",)
    assert "autorización" in rev.reasons[0]
    assert not result.lines
    assert not result.incidents


def test_names_never_reach_reasons_or_incidents():
    result = review([service(2, card="")], [settlement(sline(2, "40.00", card=""))])
    texts = [*result.services[0].reasons, *(i.message for i in result.incidents)]
    assert any("nombre del paciente (100 %)" in text for text in texts)
    assert not any("GARC" in text.upper() or "MAR" in text.upper() for text in texts)


def test_card_date_code_key():
    result = review([service(2)], [settlement(sline(2, patient="X Y", card="0123"))])
    assert statuses(result) == [ReviewStatus.PAID]
    assert "tarjeta" in result.services[0].reasons[0]


def test_global_assignment_does_not_steal():
    # Line 2 fits both services by name; line 3 fits only the first. Greedy would starve it.
    services = [
        service(2, card="", patient="Ana Ruiz Gil", date=DAY),
        service(3, card="", patient="Ana Ruiz", date=DAY + dt.timedelta(days=2)),
    ]
    lines = [
        sline(2, card="", patient="RUIZ, ANA", act_date=DAY + dt.timedelta(days=1)),
        sline(3, card="", patient="RUIZ GIL, ANA", act_date=DAY),
    ]
    result = review(services, [settlement(*lines)])
    assert statuses(result) == [ReviewStatus.PAID, ReviewStatus.PAID]
    assert not result.lines


def test_old_price_around_a_change_is_justified():
    result = review([service(2)], [settlement(sline(2, "40.00"))])
    (rev,) = result.services
    assert rev.status is ReviewStatus.FEE_DIFFERENCE
    assert rev.justified is True
    assert rev.difference == Decimal("-2.00")
    assert not rev.claimable


def test_unjustified_difference_is_claimed():
    result = review([service(2)], [settlement(sline(2, "30.00"))])
    (rev,) = result.services
    assert rev.justified is False
    assert rev.claimable
    assert rev.claimed == Decimal("12.00")
    assert [i.kind for i in result.incidents] == [IncidentKind.FEE_DIFFERENCE]


def test_documented_clawback_is_justified():
    lines = [sline(2), sline(3, "-10.00", concept="Regularización copago")]
    (rev,) = review([service(2)], [settlement(*lines)]).services
    assert rev.status is ReviewStatus.FEE_DIFFERENCE
    assert rev.paid == Decimal("32.00")
    assert rev.justified is True
    assert len(rev.lines) == 2


def test_duplicate_and_recovered_duplicate():
    first = settlement(sline(2))
    second = settlement(sline(2, number="L2"), number="L2")
    result = review([service(2)], [first, second])
    assert statuses(result) == [ReviewStatus.DUPLICATE]
    assert result.services[0].settlements == ("L1", "L2")
    assert not result.lines
    third = settlement(sline(2, "-42.00", number="L3"), number="L3")
    assert statuses(review([service(2)], [first, second, third])) == [ReviewStatus.PAID]


def test_pending_unpaid_and_missing_authorisation():
    old = service(2, date=dt.date(2025, 12, 1))
    recent = service(3)
    scan = service(4, code="R10")
    result = review([old, recent, scan], [])
    by_line = {r.service_id: r.status for r in result.services}
    assert by_line[old.id] is ReviewStatus.UNPAID
    assert by_line[recent.id] is ReviewStatus.PENDING
    assert by_line[scan.id] is ReviewStatus.NO_AUTHORISATION
    kinds = {i.kind for i in result.incidents}
    assert kinds == {IncidentKind.UNPAID, IncidentKind.MISSING_AUTHORISATION}


def test_no_fee_schedule_and_line_without_service():
    result = review([service(2, code="ZZ")], [settlement(sline(2, act_code="C99"))])
    assert statuses(result) == [ReviewStatus.PENDING]
    assert result.services[0].expected is None
    assert len(result.lines) == 1
    assert result.lines[0].status is ReviewStatus.PAID_WITHOUT_SERVICE
    kinds = {i.kind for i in result.incidents}
    assert kinds == {IncidentKind.NO_FEE_SCHEDULE, IncidentKind.PAID_WITHOUT_SERVICE}


def test_later_inputs_and_private_services_are_ignored_and_runs_repeat():
    services = [service(2), service(3, insurer="particular"), service(4, date=dt.date(2026, 4, 2))]
    late = settlement(sline(2), number="L9", date=dt.date(2026, 4, 5))
    result = review(services, [late])
    assert statuses(result) == [ReviewStatus.PENDING]
    assert review(services, [late]) == result
    assert review(services, [late], as_of=dt.date(2026, 4, 30)).counts[ReviewStatus.PAID] == 1


_NAMES = ["Ana Ruiz", "Luis Pérez Gil", "Eva Mora", "Juan Sanz Díaz"]


@st.composite
def scenarios(draw):
    n_services = draw(st.integers(0, 8))
    services = [
        service(
            i + 2,
            date=DAY + dt.timedelta(days=draw(st.integers(-3, 3))),
            patient=draw(st.sampled_from(_NAMES)),
            card=draw(st.sampled_from(["", "1", "2"])),
            code=draw(st.sampled_from(["C01", "R10"])),
            authorisation=draw(st.sampled_from([None, "A1", "A2"])),
        )
        for i in range(n_services)
    ]
    lines = [
        sline(
            i + 2,
            draw(st.sampled_from(["42.00", "40.00", "-42.00", "150.00"])),
            act_date=DAY + dt.timedelta(days=draw(st.integers(-3, 3))),
            patient=draw(st.sampled_from(_NAMES)),
            card=draw(st.sampled_from(["", "1", "2"])),
            act_code=draw(st.sampled_from(["C01", "R10"])),
            authorisation=draw(st.sampled_from([None, "A1", "A2"])),
        )
        for i in range(draw(st.integers(0, 8)))
    ]
    return services, lines


@settings(max_examples=150, deadline=None)
@given(scenarios())
def test_every_service_once_and_every_line_once(scenario):
    services, lines = scenario
    result = review(services, [settlement(*lines)])
    assert sorted(r.service_id for r in result.services) == sorted({s.id for s in services})
    tied = [line_id for r in result.services for line_id in r.lines]
    assert len(tied) == len(set(tied))
    loose = [r.line_id for r in result.lines]
    assert sorted(tied + loose) == sorted(line.id for line in lines)
    assert result == review(list(reversed(services)), [settlement(*reversed(lines))])


def test_demo_ground_truth(tmp_path):
    truth = generate_demo(tmp_path, seed=7, start="2026-05", months=4, services_per_month=200)
    practice = Practice(tmp_path)
    config = practice.load_config()

    def read(kind, reader):
        return [reader(path, path.read_bytes(), config) for path in practice.input_files(kind)]

    services = [s for i in read("actividad", read_activity) for s in i.services]
    settlements = [s for i in read("liquidaciones", read_settlements) for s in i.settlements]
    fees = [e for i in read("baremos", read_fee_schedules) for e in i.entries]
    result = review_settlements(services, settlements, fees, config.insurers, truth.as_of)
    by_id = {s.id: s for s in services}
    # Services with the same insurer, card, date, act and authorisation cannot be told apart by any
    # input: within such a group the outcomes are compared as a multiset.
    groups = defaultdict(lambda: (Counter(), Counter()))
    for rev in result.services:
        service = by_id[rev.service_id]
        expected = truth.services[service.reference]
        wanted = str(expected.outcome)
        if rev.status is ReviewStatus.NO_AUTHORISATION and expected.reason == "sin_autorizacion":
            wanted = str(rev.status) if wanted in {"pendiente", "impagado"} else wanted
        key = (service.insurer, service.card, service.date, service.act_code, service.authorisation)
        groups[key][0][wanted] += 1
        groups[key][1][str(rev.status)] += 1
    wrong = sum((want - got).total() for want, got in groups.values())
    insured = [t for t in truth.services.values() if t.insurer != "particular"]
    assert len(result.services) == len(insured)
    assert wrong == 0
    assert {r.line_id for r in result.lines} == {line.id for line in truth.lines_without_service}


def test_clawed_back_in_full_is_unpaid_at_once():
    lines = [sline(2), sline(3, "-42.00", concept="ANULACION")]
    (rev,) = review([service(2)], [settlement(*lines)]).services
    assert rev.status is ReviewStatus.UNPAID
    assert rev.paid == 0
    assert rev.claimable


@given(
    st.text(min_size=1, max_size=12),
    st.sampled_from(
        [
            ReviewStatus.PAID,
            ReviewStatus.DUPLICATE,
            ReviewStatus.FEE_DIFFERENCE,
            ReviewStatus.UNPAID,
            ReviewStatus.PENDING,
            ReviewStatus.NO_AUTHORISATION,
        ]
    ),
    st.none() | amounts(10**7),
    st.lists(amounts(10**7), max_size=4),
    st.sampled_from([None, True, False]),
    st.lists(st.text(max_size=6), max_size=3),
    st.lists(st.text(max_size=30), max_size=3),
)
def test_reviews_built_without_the_constructor_equal_the_constructors(  # noqa: PLR0913, PLR0917
    service_id, status, expected, amounts_tied, justified, lines, reasons
):
    """The review of ten years builds its values directly; they must be the model's, id included."""
    net = sum(amounts_tied, start=Decimal("0.00"))
    fast = service_review(
        service_id, status, expected, net, justified, sorted(lines), lines, reasons
    )
    slow = ServiceReview(
        service_id=service_id,
        status=status,
        expected=expected,
        paid=net,
        difference=None if expected is None else net - expected,
        justified=justified,
        settlements=sorted(lines),
        lines=lines,
        reasons=reasons,
    )
    assert fast == slow
    assert fast.id == slow.id
    assert (str(fast.paid), str(fast.difference)) == (str(slow.paid), str(slow.difference))
