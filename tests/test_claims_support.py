"""Fixtures shared by the claims tests: stores on SQLite and on PostgreSQL, a fixed clock."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from conciliacion.claims import ClaimItem, EventStore, EventType, open_store

PG_ENV = "CONCILIACION_TEST_PG_URL"
PG_SKIP = "sin servidor PostgreSQL (CONCILIACION_TEST_PG_URL)"
START = dt.datetime(2026, 10, 5, 9, 0, tzinfo=dt.UTC)


def fixed_clock() -> Callable[[], dt.datetime]:
    """A clock that advances one second per reading: deterministic timestamps."""
    ticks = itertools.count()
    return lambda: START + dt.timedelta(seconds=next(ticks))


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty store's URL on each backend; PostgreSQL gets its own schema per test."""
    if request.param == "sqlite":
        yield str(tmp_path / "conciliacion.db")
        return
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(PG_SKIP)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture
def store(store_url: str) -> Iterator[EventStore]:
    with open_store(store_url, clock=fixed_clock()) as opened:
        yield opened


def item(service: str = "srv-1", claimed: str = "12.30", insurer: str = "adeslas") -> ClaimItem:
    return ClaimItem(
        service_id=service,
        insurer=insurer,
        settlement="L-2026-09",
        act_date=dt.date(2026, 8, 14),
        act_code="01.02.03",
        authorisation="AUT123",
        expected="40.00",
        paid="27.70",
        claimed=claimed,
        reason="diferencia de baremo no justificada",
    )


EVENTS_EACH = 25


def writer(url: str, number: int, barrier) -> None:
    """One of the concurrent writers; here so that a spawned process can import it by name."""
    barrier.wait()  # every writer opens the (new) store at once: the migrations race too
    with open_store(url) as store:
        barrier.wait()
        for n in range(EVENTS_EACH):
            store.append(EventType.MATCH_CONFIRMED, f"cnc-{number}-{n}", {"n": n}, f"w{number}")
