"""Every figure of the monthly report against the hand-computed practice of report_fixtures."""

from decimal import Decimal

import attrs
import pytest

from conciliacion.model import ReviewStatus
from conciliacion.reports.comparison import compare
from conciliacion.reports.figures import month_figures
from conciliacion.reports.report_inputs import ReportInputs
from report_fixtures import small_practice


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> ReportInputs:
    return small_practice(tmp_path_factory.mktemp("practica"))


@pytest.fixture(scope="module")
def figures(data):
    return month_figures("2026-03", data)


def test_the_review_ends_as_computed_by_hand(data):
    status = {r.service_id: r.status for r in data.review.services}
    found = sorted(status.values())
    paid, diff, unpaid, pending, auth = (
        ReviewStatus.PAID, ReviewStatus.FEE_DIFFERENCE, ReviewStatus.UNPAID,
        ReviewStatus.PENDING, ReviewStatus.NO_AUTHORISATION,
    )  # fmt: skip
    assert found == sorted([paid, diff, unpaid, pending, paid, auth, unpaid, pending, unpaid])


def test_rows_come_by_amount_billed(figures):
    assert [row.insurer for row in figures.insurers] == ["bbb", "aaa", "ccc"]
    assert figures.insurers[0].name == "Aseguradora B"


def test_insurer_a(figures):
    row = figures.insurers[1]
    assert (row.billed_count, row.billed, row.unpriced) == (2, Decimal("100.00"), 0)
    assert (row.settled_gross, row.withholding, row.deductions, row.settled_net) == (
        Decimal("95.00"), Decimal("14.25"), Decimal("0.00"), Decimal("80.75"),
    )  # fmt: skip
    assert (row.paid_services, row.days_to_payment) == (2, Decimal("28.0"))  # 18 and 38 days
    assert (row.differences, row.difference_amount) == (1, Decimal("-5.00"))
    assert (row.unjustified, row.unjustified_amount) == (1, Decimal("5.00"))
    assert (row.unpaid, row.unpaid_amount, row.unpaid_new, row.unpaid_claimed) == (
        1, Decimal("50.00"), 0, 0,
    )  # fmt: skip
    assert (row.no_authorisation, row.no_authorisation_amount) == (0, Decimal("0.00"))
    assert row.ageing == (
        Decimal("50.00"),
        Decimal("5.00"),
        Decimal("50.00"),
        Decimal("0.00"),
        Decimal("0.00"),
    )
    assert row.outstanding == Decimal("105.00")
    assert row.collection_rate == Decimal("45.0")  # s2 paid 45 of 50, s3 nothing of 50


def test_insurer_b(figures):
    row = figures.insurers[0]
    assert (row.billed_count, row.billed) == (2, Decimal("140.00"))
    assert (row.settled_gross, row.settled_net) == (Decimal("40.00"), Decimal("34.00"))
    assert (row.paid_services, row.days_to_payment) == (1, Decimal("23.0"))
    assert (row.unpaid, row.unpaid_amount, row.unpaid_new, row.unpaid_claimed) == (
        1, Decimal("40.00"), 0, 1,
    )  # fmt: skip
    assert (row.no_authorisation, row.no_authorisation_amount) == (1, Decimal("100.00"))
    assert row.ageing == (
        Decimal("100.00"),
        Decimal("0.00"),
        Decimal("0.00"),
        Decimal("40.00"),
        Decimal("0.00"),
    )
    assert row.collection_rate == Decimal("0.0")


def test_insurer_c(figures):
    row = figures.insurers[2]
    assert (row.billed_count, row.billed, row.settled_gross) == (
        1,
        Decimal("30.00"),
        Decimal("0.00"),
    )
    assert (row.paid_services, row.days_to_payment) == (0, None)
    assert (row.unpaid, row.unpaid_amount, row.unpaid_new) == (1, Decimal("30.00"), 1)
    assert row.ageing == (
        Decimal("30.00"),
        Decimal("30.00"),
        Decimal("0.00"),
        Decimal("0.00"),
        Decimal("0.00"),
    )


def test_totals(figures):
    total = figures.total
    assert (total.billed_count, total.billed) == (5, Decimal("270.00"))
    assert (total.settled_gross, total.withholding, total.settled_net) == (
        Decimal("135.00"), Decimal("20.25"), Decimal("114.75"),
    )  # fmt: skip
    assert (total.paid_services, total.days_to_payment) == (3, Decimal("26.3"))
    assert (total.unpaid, total.unpaid_amount, total.unpaid_new, total.unpaid_claimed) == (
        3, Decimal("120.00"), 1, 1,
    )  # fmt: skip
    assert total.ageing == (
        Decimal("180.00"),
        Decimal("35.00"),
        Decimal("50.00"),
        Decimal("40.00"),
        Decimal("0.00"),
    )
    assert total.outstanding == Decimal("305.00")
    assert figures.collection_rate == Decimal("26.5")  # 45 of 50 + 50 + 40 + 30
    assert figures.billed_total == Decimal("405.00")
    assert figures.collected_total == Decimal("270.00")


def test_private_takings(figures):
    assert [(r.method, r.count, r.amount, r.share) for r in figures.private] == [
        ("tarjeta", 1, Decimal("60.00"), Decimal("44.4")),
        ("bizum", 1, Decimal("45.00"), Decimal("33.3")),
        ("efectivo", 1, Decimal("30.00"), Decimal("22.2")),
    ]
    assert (figures.private_count, figures.private_amount) == (3, Decimal("135.00"))
    assert (figures.private_debts, figures.private_debt_amount) == (1, Decimal("45.00"))


def test_bank_coverage(figures):
    rows = {row.category: row for row in figures.coverage}
    assert [(r.movements, r.movements_share, r.euros, r.euros_share) for r in rows.values()] == [
        (1, Decimal("25.0"), Decimal("80.75"), Decimal("44.9")),
        (1, Decimal("25.0"), Decimal("20.00"), Decimal("11.1")),
        (1, Decimal("25.0"), Decimal("34.00"), Decimal("18.9")),
        (1, Decimal("25.0"), Decimal("45.00"), Decimal("25.0")),
    ]
    assert list(rows) == ["automatico", "manual", "por_confirmar", "sin_justificar"]
    assert figures.automatic_share == Decimal("25.0")


def test_claims(figures):
    claims = figures.claims
    assert (claims.opened, claims.opened_amount, claims.answered) == (1, Decimal("40.00"), 1)
    assert (claims.recovered, claims.claimed_to_date, claims.recovered_to_date) == (
        Decimal("25.00"), Decimal("65.00"), Decimal("25.00"),
    )  # fmt: skip
    assert (claims.recovery_rate, claims.waiting) == (Decimal("38.5"), 1)


def test_history_and_trend(figures):
    assert [p.month for p in figures.history] == [
        "2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03",
    ]  # fmt: skip
    feb, march = figures.history[-2:]
    assert (feb.billed, feb.collected, feb.days_to_payment) == (
        Decimal("80.00"),
        Decimal("0.00"),
        None,
    )
    assert (march.billed, march.collected, march.days_to_payment) == (
        Decimal("405.00"), Decimal("270.00"), Decimal("26.3"),
    )  # fmt: skip
    assert figures.history[2].billed == Decimal("40.00")  # s7, December
    days = {p.insurer: p for p in figures.payment_days}
    assert set(days) == {"aaa", "bbb"}
    assert days["aaa"].days[-1] == Decimal("28.0")
    assert days["aaa"].trend == ""  # no earlier month to compare with


def test_without_reconciliation_the_bank_figures_are_unknown(data):
    figures = month_figures("2026-03", attrs.evolve(data, matches=None))
    assert figures.coverage is None
    assert figures.private_debts is None
    assert figures.automatic_share is None


def test_the_review_must_end_on_the_last_day(data):
    with pytest.raises(ValueError, match="2026-02-28"):
        month_figures("2026-02", data)


def test_comparison(figures):
    before = attrs.evolve(figures, billed_total=Decimal("202.50"), collection_rate=Decimal("20.0"))
    rows = {row.label: row for row in compare(figures, before, None)}
    assert rows["Facturado"].change_previous == Decimal("100.0")
    assert rows["Tasa de cobro"].change_previous == Decimal("6.5")
    assert rows["Cobrado"].change_previous == Decimal("0.0")
    assert rows["Facturado"].last_year is None
    assert rows["Facturado"].change_last_year is None
    assert rows["Impagados"].unit == "eur"
