"""The weekly incident list of the hand-computed practice: which items, their order, their ids."""

import csv
import datetime as dt
import io
from decimal import Decimal

import attrs
import openpyxl
import pytest

from conciliacion.model import Incident, IncidentKind
from conciliacion.reports.incidents import collect_incidents, summarise
from conciliacion.reports.weekly_files import INCIDENT_COLUMNS, write_incident_files
from report_fixtures import MOVEMENTS, PRIVATE_SERVICES, SERVICES, matches, small_practice


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return small_practice(tmp_path_factory.mktemp("practica"))


@pytest.fixture(scope="module")
def items(data):
    return collect_incidents(data)


def test_the_list_and_its_order(items):
    got = [(item.kind, item.amount, item.age_days, item.score) for item in items]
    assert got == [
        (IncidentKind.MISSING_STATEMENT, Decimal("10.00"), 30, Decimal("20.00")),
        (IncidentKind.MISSING_AUTHORISATION, Decimal("100.00"), 21, Decimal("170.00")),
        (IncidentKind.UNPAID, Decimal("50.00"), 44, Decimal("123.33")),
        (IncidentKind.PRIVATE_DEBT, Decimal("45.00"), 20, Decimal("75.00")),
        (IncidentKind.UNEXPLAINED_MOVEMENT, Decimal("45.00"), 18, Decimal("72.00")),
        (IncidentKind.CLAIM_WITHOUT_ANSWER, Decimal("40.00"), 4, Decimal("45.33")),
        (IncidentKind.SUGGESTED_MATCH, Decimal("34.00"), 1, Decimal("35.13")),
        (IncidentKind.UNPAID, Decimal("30.00"), 1, Decimal("31.00")),
        (IncidentKind.FEE_DIFFERENCE, Decimal("5.00"), 11, Decimal("6.83")),
    ]
    assert [item.rank for item in items] == list(range(1, 10))


def test_claimed_and_confirmed_items_are_left_out(items):
    subjects = {item.incident.subject for item in items}
    assert SERVICES["s7"].id not in subjects  # unpaid, but already claimed
    assert matches()[2].id not in subjects  # a suggestion a person confirmed


def test_ids_are_those_of_the_review_and_the_reconciliation(data, items):
    by_subject = {item.incident.subject: item for item in items}
    unpaid = by_subject[SERVICES["s3"].id]
    review_ids = {incident.id for incident in data.review.incidents}
    assert unpaid.id in review_ids
    movement = MOVEMENTS["m4"].id
    assert by_subject[movement].id == Incident(IncidentKind.UNEXPLAINED_MOVEMENT, movement, "").id


def test_ids_stay_the_same_a_week_later(data, items):
    later = collect_incidents(data, data.as_of + dt.timedelta(days=7))
    assert {item.id for item in items} <= {item.id for item in later}


def test_messages_name_no_patient(items):
    names = [s.patient for s in (*SERVICES.values(), *PRIVATE_SERVICES.values())]
    for item in items:
        text = f"{item.id} {item.incident.message} {item.action} {item.reference}"
        assert not any(name in text for name in names)
    debt = next(item for item in items if item.kind is IncidentKind.PRIVATE_DEBT)
    assert debt.patient == PRIVATE_SERVICES["p2"].patient


def test_without_reconciliation_there_are_no_bank_items(data):
    found = {item.kind for item in collect_incidents(attrs.evolve(data, matches=None))}
    assert not found & {
        IncidentKind.UNEXPLAINED_MOVEMENT,
        IncidentKind.SUGGESTED_MATCH,
        IncidentKind.PRIVATE_DEBT,
    }


def test_summary_by_kind_and_party(items):
    rows = summarise(items, by_party=True)
    unpaid = [(r.party, r.count, r.amount) for r in rows if r.kind is IncidentKind.UNPAID]
    assert unpaid == [("aaa", 1, Decimal("50.00")), ("ccc", 1, Decimal("30.00"))]


def test_files_are_stable_and_complete(tmp_path, data, items):
    first = write_incident_files(tmp_path / "a", items, "2026-W14", data.as_of)
    second = write_incident_files(tmp_path / "b", items, "2026-W14", data.as_of)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    rows = list(csv.reader(io.StringIO(first[0].read_text(encoding="utf-8"))))
    assert tuple(rows[0]) == INCIDENT_COLUMNS
    assert [row[0] for row in rows[1:]] == [item.id for item in items]
    assert rows[1][INCIDENT_COLUMNS.index("importe")] == "10.00"
    book = openpyxl.load_workbook(first[1])
    assert book.active.max_row == len(items) + 1
