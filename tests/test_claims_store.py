import datetime as dt
from decimal import Decimal
from importlib import resources

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

import test_claims_support as support
from conciliacion.claims import EventType, open_store, verify_chain
from conciliacion.claims.chain import GENESIS, event_hash
from conciliacion.claims.store import HEAD_REVISION
from conciliacion.claims.store import store_url as to_url
from conciliacion.errors import ConciliacionError
from test_claims_support import fixed_clock

store = support.store
store_url = support.store_url


def test_events_are_numbered_chained_and_read_back(store):
    first = store.append(EventType.MATCH_CONFIRMED, "cnc-1", {"nota": "ok"}, "ana")
    second = store.append(
        EventType.DIFFERENCE_ACCEPTED,
        "res-1",
        {"cuenta": "708", "importe": Decimal("3.10")},
        "luis",
    )
    assert (first.seq, second.seq) == (1, 2)
    assert first.prev_hash == GENESIS
    assert second.prev_hash == first.hash
    assert first.recorded_at == "2026-10-05T09:00:00.000000Z"
    assert second.payload_text == '{"cuenta":"708","importe":"3.10"}'
    assert store.events() == (first, second)
    assert store.events(subject="res-1") == (second,)
    assert store.events(types={EventType.MATCH_CONFIRMED}) == (first,)
    assert store.event(2) == second
    assert store.event(3) is None
    result = verify_chain(store.chain, store.events())
    assert result.ok
    assert (result.count, result.head) == (2, second.hash)


def test_the_hash_covers_every_field(store):
    event = store.append(EventType.MATCH_CONFIRMED, "cnc-1", {}, "ana")
    fields = {
        "chain": event.chain,
        "seq": event.seq,
        "recorded_at": event.recorded_at,
        "type": event.type,
        "subject": event.subject,
        "payload_text": event.payload_text,
        "actor": event.actor,
    }
    assert event_hash(GENESIS, **fields) == event.hash
    for name in fields:
        changed = {**fields, name: 99 if name == "seq" else "x"}
        assert event_hash(GENESIS, **changed) != event.hash


def test_floats_and_empty_actors_are_refused(store):
    with pytest.raises(TypeError, match="float"):
        store.append(EventType.DIFFERENCE_ACCEPTED, "res-1", {"importe": 0.1}, "ana")
    with pytest.raises(ConciliacionError):
        store.append(EventType.MATCH_CONFIRMED, "cnc-1", {}, " ")
    assert store.events() == ()


def test_the_database_refuses_update_and_delete(store, store_url):
    store.append(EventType.MATCH_CONFIRMED, "cnc-1", {}, "ana")
    engine = create_engine(to_url(store_url))
    for statement in ("UPDATE events SET actor = 'eva'", "DELETE FROM events"):
        with pytest.raises(DBAPIError, match="no se"), engine.begin() as connection:
            connection.execute(text(statement))
    engine.dispose()
    assert store.events()[0].actor == "ana"


def test_verification_names_the_first_tampered_event(store, store_url):
    for n in range(5):
        store.append(EventType.MATCH_CONFIRMED, f"cnc-{n}", {"n": n}, "ana")
    engine = create_engine(to_url(store_url))
    with engine.begin() as connection:
        if store.dialect == "sqlite":
            connection.execute(text("DROP TRIGGER events_no_update"))
        else:
            connection.execute(text("ALTER TABLE events DISABLE TRIGGER USER"))
        connection.execute(text("UPDATE events SET payload = :p WHERE seq = 3"), {"p": '{"n":9}'})
    engine.dispose()
    result = verify_chain(store.chain, store.events())
    assert not result.ok
    assert result.broken_seq == 3
    assert "modificado" in (result.problem or "")


def test_verification_names_a_missing_event(store):
    events = [store.append(EventType.MATCH_CONFIRMED, f"c{n}", {}, "ana") for n in range(4)]
    result = verify_chain(store.chain, [events[0], events[1], events[3]])
    assert (result.ok, result.broken_seq) == (False, 3)


def test_chains_of_two_practices_are_independent(store_url):
    with (
        open_store(store_url, chain="B12345674", clock=fixed_clock()) as one,
        open_store(store_url, chain="A28011864", clock=fixed_clock()) as other,
    ):
        one.append(EventType.MATCH_CONFIRMED, "cnc-1", {}, "ana")
        one.append(EventType.MATCH_CONFIRMED, "cnc-2", {}, "ana")
        assert other.append(EventType.MATCH_CONFIRMED, "cnc-1", {}, "eva").seq == 1
        assert len(one.events()) == 2
        assert verify_chain(other.chain, other.events()).ok


def test_reopening_keeps_the_events_and_the_schema(store_url):
    with open_store(store_url, clock=fixed_clock()) as first:
        first.append(EventType.MATCH_CONFIRMED, "cnc-1", {}, "ana")
    with open_store(store_url, clock=fixed_clock()) as again:
        assert len(again.events()) == 1
        assert again.append(EventType.MATCH_REJECTED, "cnc-1", {}, "ana").seq == 2


def test_a_check_under_the_lock_can_refuse_an_event(store):
    def refuse(_existing):
        raise ConciliacionError("no")

    with pytest.raises(ConciliacionError):
        store.append(EventType.MATCH_CONFIRMED, "cnc-1", {}, "ana", check=refuse)
    assert store.events() == ()


def test_store_urls():
    assert to_url("postgres://u@h/db").drivername == "postgresql+psycopg"
    assert to_url("sqlite:///x.db").drivername == "sqlite"
    with pytest.raises(ConciliacionError, match="no admitido"):
        to_url("mysql://u@h/db")


def test_a_store_in_a_missing_folder_is_a_user_error(tmp_path):
    with pytest.raises(ConciliacionError, match="no existe la carpeta"):
        open_store(tmp_path / "nada" / "conciliacion.db")


def test_an_unreachable_server_is_a_user_error():
    with pytest.raises(ConciliacionError, match="no se puede abrir"):
        open_store("postgresql://nadie:x@127.0.0.1:1/nada?connect_timeout=2")


def test_a_naive_clock_is_refused(tmp_path):
    naive_clock = lambda: dt.datetime(2026, 1, 1)  # noqa: DTZ001, E731 - naive on purpose
    with (
        open_store(tmp_path / "c.db", clock=naive_clock) as naive,
        pytest.raises(ValueError, match="zona horaria"),
    ):
        naive.append(EventType.MATCH_CONFIRMED, "cnc-1", {}, "ana")


def test_the_known_head_revision_is_the_migrations_head():
    """The store skips Alembic when its revision is HEAD_REVISION: a new migration must move it."""
    config = Config()
    location = resources.files("conciliacion.claims").joinpath("migrations")
    config.set_main_option("script_location", str(location))
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD_REVISION
