"""The kept figures of past months: used only for the same records, never for changed ones."""

import datetime as dt
import pickle
import shutil
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conciliacion.demo import generate_demo
from conciliacion.fingerprint import FingerprintError, canonical
from conciliacion.model import Match, MatchKind, MatchStatus
from conciliacion.practice import Practice
from conciliacion.reports import monthly
from conciliacion.reports.figures_cache import FIGURES_FOLDER, FiguresCache
from conciliacion.reports.monthly import monthly_report
from conciliacion.reports.sources import figures_key, load_state

MONTH = "2026-03"

leaves = st.one_of(
    st.text(max_size=5), st.integers(), st.decimals(allow_nan=False, places=2), st.dates()
)
values = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(tuple),
        st.frozensets(leaves, max_size=4),
        st.dictionaries(st.text(max_size=3), inner, max_size=3),
    ),
    max_leaves=12,
)


@given(values)
def test_canonical_does_not_depend_on_history(value):
    # A pickle round trip rebuilds sets in another order and strings as other objects.
    assert canonical(pickle.loads(pickle.dumps(value))) == canonical(value)  # noqa: S301


@given(values, values)
def test_canonical_tells_values_apart(one, other):
    # A kept result is only ever taken for a key made of the same values.
    if canonical(one) == canonical(other):
        assert one == other


def test_canonical_tells_types_apart():
    assert len({canonical(v) for v in (1, True, "1", Decimal(1), 1.0)}) == 5
    assert canonical(dt.date(2026, 1, 1)) != canonical(dt.datetime(2026, 1, 1))  # noqa: DTZ001


def test_canonical_refuses_what_it_cannot_encode():
    with pytest.raises(FingerprintError):
        canonical((1, object()))


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Practice:
    folder = tmp_path_factory.mktemp("cifras") / "consulta"
    generate_demo(folder, months=3, services_per_month=120)
    return Practice(folder)


@pytest.fixture
def practice(pristine, tmp_path) -> Practice:
    return Practice(shutil.copytree(pristine.root, tmp_path / "consulta"))


def test_the_key_is_that_of_the_records_known_on_the_day(practice):
    state = load_state(practice)
    february = figures_key(state, "2026-02", dt.date(2026, 2, 28), None)
    assert february is not None
    assert figures_key(load_state(practice), "2026-02", dt.date(2026, 2, 28), None) == february
    # March's files hold nothing dated by the end of February: without them, the same key.
    for path in list((practice.root / "entrada").rglob("*2026-03*")):
        path.unlink()
    assert figures_key(load_state(practice), "2026-02", dt.date(2026, 2, 28), None) == february
    assert figures_key(state, "2026-03", dt.date(2026, 3, 31), None) != february


def test_a_practice_moved_to_another_folder_keeps_its_keys(practice, tmp_path):
    day = dt.date(2026, 2, 28)
    key = figures_key(load_state(practice), "2026-02", day, None)
    moved = Practice(shutil.copytree(practice.root, tmp_path / "otra" / "carpeta"))
    assert figures_key(load_state(moved), "2026-02", day, None) == key


def test_any_earlier_record_changes_the_key(practice):
    state = load_state(practice)
    day = dt.date(2026, 2, 28)
    key = figures_key(state, "2026-02", day, None)
    inputs = state.inputs
    fewer = attrs.evolve(state, inputs=attrs.evolve(inputs, services=inputs.services[1:]))
    assert figures_key(fewer, "2026-02", day, None) != key
    name = inputs.services[0].source.file
    changed = attrs.evolve(inputs, digests={**inputs.digests, name: "0" * 64})
    assert figures_key(attrs.evolve(state, inputs=changed), "2026-02", day, None) != key
    unknown = attrs.evolve(inputs, digests={})
    assert figures_key(attrs.evolve(state, inputs=unknown), "2026-02", day, None) is None


def test_a_second_report_uses_the_kept_figures_and_says_the_same(practice, monkeypatch):
    first = monthly_report(practice, MONTH)
    kept = sorted(p.name for p in (practice.root / FIGURES_FOLDER).iterdir())
    assert kept == ["2025-03", "2026-02", "2026-03"]
    page = first.outputs[0].read_bytes()
    first.outputs[0].unlink()  # the page is drawn again from the figures, not reused

    def never(*_args: object) -> None:
        pytest.fail("figures computed again")

    monkeypatch.setattr(monthly, "month_figures", never)
    again = monthly_report(practice, MONTH)
    assert again.outputs[0].read_bytes() == page
    assert again.report == first.report


def test_a_damaged_or_foreign_entry_is_computed_again(practice, monkeypatch):
    first = monthly_report(practice, MONTH)
    folder = practice.root / FIGURES_FOLDER
    (folder / "2026-02").write_bytes(b"\0" * 40 + pickle.dumps("otra cosa"))
    cache = FiguresCache(practice.root, b"k" * 32)  # someone else's key
    cache.put("2026-03", "huella", first.report.figures)
    computed = []
    original = monthly.month_figures

    def counted(month, data):
        computed.append(month)
        return original(month, data)

    monkeypatch.setattr(monthly, "month_figures", counted)
    again = monthly_report(practice, MONTH)
    assert sorted(computed) == ["2026-02", "2026-03"]
    assert again.report == first.report


def test_without_a_key_nothing_is_kept(tmp_path):
    cache = FiguresCache(tmp_path, None)
    cache.put("2026-03", "huella", object())  # type: ignore[arg-type]
    assert cache.get("2026-03", "huella") is None
    assert not (tmp_path / FIGURES_FOLDER).exists()


def test_the_key_takes_of_a_match_what_the_figures_read(practice):
    state = load_state(practice)
    day = dt.date(2026, 2, 28)
    movement = next(m for a in state.inputs.merged.accounts for m in a.movements)

    def match(status, confidence=0.9, reasons=("por importe",)):
        return Match(
            MatchKind.INVOICE_PAYMENT, status, [movement.id], ["fac-1"], confidence, reasons
        )

    key = figures_key(state, "2026-02", day, [match(MatchStatus.RECONCILED)])
    # A later document of the same amount adds a reason and lowers the confidence: same figures.
    later = match(MatchStatus.RECONCILED, 0.8, ("por importe", "la más próxima de 2"))
    assert figures_key(state, "2026-02", day, [later]) == key
    assert figures_key(state, "2026-02", day, [match(MatchStatus.SUGGESTED)]) != key
    assert figures_key(state, "2026-02", day, []) != key
