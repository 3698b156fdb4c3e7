"""Opening the store and appending to it: one atomic, locked step per event.

The store is SQLite in the practice folder by default and any PostgreSQL URL for a firm that
shares one. Appending reads the chain's last hash and inserts the new event in one transaction that
holds the chain's lock (``BEGIN IMMEDIATE`` on SQLite, ``pg_advisory_xact_lock`` on PostgreSQL), so
two writers never lose an event nor fork the chain, and a killed writer leaves nothing half-done.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Collection, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, Final, Self

from sqlalchemy import Connection, Engine, Row, create_engine, event, select, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, OperationalError, ProgrammingError

from conciliacion.claims.chain import GENESIS, canonical_json, event_hash, utc_text
from conciliacion.claims.events import Event, EventType
from conciliacion.claims.schema import events as events_table
from conciliacion.errors import ConciliacionError

__all__ = [
    "DEFAULT_CHAIN",
    "HEAD_REVISION",
    "Clock",
    "EventStore",
    "open_store",
    "store_url",
    "utc_now",
]

Clock = Callable[[], dt.datetime]
"""Where the store's timestamps come from; tests pass a fixed one."""

DEFAULT_CHAIN: Final = "practica"

HEAD_REVISION: Final = "0001"
"""The latest migration's revision; a test keeps it equal to the migrations' head."""

_WRITE: Final = "conciliacion_write"
_BUSY_SECONDS: Final = 60


def utc_now() -> dt.datetime:
    """The real clock."""
    return dt.datetime.now(dt.UTC)


def store_url(url_or_path: str | Path) -> URL:
    """The SQLAlchemy URL of a store given as a file path or a URL.

    ``postgresql://`` means the psycopg 3 driver, the one the package installs.

    >>> store_url("/consulta/conciliacion.db").render_as_string()
    'sqlite:////consulta/conciliacion.db'
    >>> store_url("postgresql://ana:secreto@db/cobros").render_as_string()
    'postgresql+psycopg://ana:***@db/cobros'
    """
    text_value = str(url_or_path)
    if isinstance(url_or_path, Path) or "://" not in text_value:
        return URL.create("sqlite", database=text_value)
    try:
        url = make_url(text_value)
    except ArgumentError:
        msg = f"URL del almacén no válida: {text_value!r}"
        raise ConciliacionError(msg) from None
    if url.drivername in {"postgresql", "postgres"}:
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() not in {"sqlite", "postgresql"}:
        msg = f"almacén no admitido: {url.get_backend_name()} (use SQLite o PostgreSQL)"
        raise ConciliacionError(msg)
    return url


def open_store(
    url_or_path: str | Path, *, chain: str = DEFAULT_CHAIN, clock: Clock = utc_now
) -> EventStore:
    """Open (creating or migrating as needed) the store at a path or URL.

    Args:
        url_or_path: a SQLite file path, or a ``sqlite://`` / ``postgresql://`` URL.
        chain: the practice's chain; a shared PostgreSQL store holds one chain per practice.
        clock: the source of the events' timestamps.
    """
    url = store_url(url_or_path)
    if url.get_backend_name() == "sqlite" and url.database not in {None, "", ":memory:"}:
        folder = Path(str(url.database)).parent
        if not folder.is_dir():
            msg = f"no existe la carpeta del almacén: {folder}"
            raise ConciliacionError(msg)
    engine = _engine(url)
    store = EventStore(engine, chain, clock)
    try:
        store.migrate()
    except OperationalError as error:
        engine.dispose()
        where = url.render_as_string(hide_password=True)
        msg = f"no se puede abrir el almacén {where}: {error.orig}"
        raise ConciliacionError(msg) from None
    return store


def _engine(url: URL) -> Engine:
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"timeout": _BUSY_SECONDS})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: object) -> None:  # noqa: ANN401 - DBAPI object
        # The driver must not open transactions on its own: the "begin" hook below does.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        # A writer takes the write lock before reading the chain's head: read and insert are
        # one atomic step. Readers get a consistent snapshot without blocking writers (WAL).
        writing = connection.get_execution_options().get(_WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")

    return engine


class EventStore:
    """An open store: appends events to one chain and reads them back.

    Not a value: it holds a connection pool. Use it as a context manager, or call :meth:`close`.
    """

    def __init__(self, engine: Engine, chain: str, clock: Clock) -> None:
        if not chain.strip():
            msg = "la cadena del almacén necesita un nombre"
            raise ConciliacionError(msg)
        self._engine = engine
        self.chain = chain
        self._clock = clock
        self._lock_key = int.from_bytes(
            hashlib.sha256(f"conciliacion:{chain}".encode()).digest()[:8], "big", signed=True
        )

    @property
    def url(self) -> str:
        """Where the store is, with any password hidden."""
        return self._engine.url.render_as_string(hide_password=True)

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self._engine.dialect.name

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the connections."""
        self._engine.dispose()

    def _revision(self) -> str | None:
        with self._engine.connect() as connection:
            try:
                return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
            except (OperationalError, ProgrammingError):
                return None

    def migrate(self) -> None:
        """Bring the schema to the latest revision; a no-op when it already is.

        The store's revision is read first: when it is the latest, Alembic (slow to load, and
        slower to scan its scripts) is not needed, and every command that opens the store starts
        faster.
        """
        if self._revision() == HEAD_REVISION:
            return
        from alembic import command  # noqa: PLC0415 - only a store to create or migrate needs it
        from alembic.config import Config  # noqa: PLC0415

        config = Config()
        location = resources.files("conciliacion.claims").joinpath("migrations")
        config.set_main_option("script_location", str(location))
        with self._engine.connect() as connection:
            connection.execution_options(**{_WRITE: True})
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, "head")

    def append(
        self,
        type: EventType,  # noqa: A002 - the event's field of that name
        subject: str,
        payload: Mapping[str, object],
        actor: str,
        *,
        check: Callable[[Sequence[Event]], None] | None = None,
    ) -> Event:
        """Store one event at the end of the chain and return it as stored.

        Args:
            type: what the event records.
            subject: what it is about (claim id, match id, counterparty...).
            payload: its content; amounts as ``Decimal``, dates as ``date``, never floats.
            actor: who records it.
            check: called with the subject's earlier events while the lock is held; raising
                refuses the event, so rules such as "a claim is created once" hold under
                concurrency.
        """

        def build(existing: Sequence[Event]) -> tuple[EventType, Mapping[str, object]]:
            if check is not None:
                check(existing)
            return type, payload

        return self.append_built(subject, build, actor)

    def append_built(
        self,
        subject: str,
        build: Callable[[Sequence[Event]], tuple[EventType, Mapping[str, object]]],
        actor: str,
    ) -> Event:
        """Store the event that ``build`` makes from the subject's events, read under the lock.

        For events whose content depends on the history (a payment applies what is still owed):
        the reading and the writing are one atomic step. ``build`` may raise to refuse.
        """
        if not subject.strip() or not actor.strip():
            msg = "un evento necesita un sujeto y un autor"
            raise ConciliacionError(msg)
        with self._engine.connect() as connection:
            connection.execution_options(**{_WRITE: True})
            with connection.begin():
                if self.dialect == "postgresql":
                    connection.execute(
                        text("SELECT pg_advisory_xact_lock(:key)"), {"key": self._lock_key}
                    )
                kind, payload = build(self._read(connection, subject=subject))
                stored = self._insert(connection, kind, subject, canonical_json(payload), actor)
        return stored

    def _insert(
        self,
        connection: Connection,
        kind: EventType,
        subject: str,
        payload_text: str,
        actor: str,
    ) -> Event:
        head = connection.execute(
            select(events_table.c.seq, events_table.c.hash)
            .where(events_table.c.chain == self.chain)
            .order_by(events_table.c.seq.desc())
            .limit(1)
        ).first()
        seq, prev = (1, GENESIS) if head is None else (head.seq + 1, head.hash)
        recorded_at = utc_text(self._clock())
        digest = event_hash(
            prev,
            chain=self.chain,
            seq=seq,
            recorded_at=recorded_at,
            type=str(kind),
            subject=subject,
            payload_text=payload_text,
            actor=actor,
        )
        stored = Event(
            chain=self.chain,
            seq=seq,
            recorded_at=recorded_at,
            type=str(kind),
            subject=subject,
            payload_text=payload_text,
            actor=actor,
            prev_hash=prev,
            hash=digest,
        )
        connection.execute(events_table.insert().values(_row(stored)))
        return stored

    def event(self, seq: int) -> Event | None:
        """The event with this number, if the chain has it."""
        with self._engine.connect() as connection:
            query = select(events_table).where(
                events_table.c.chain == self.chain, events_table.c.seq == seq
            )
            rows = connection.execute(query).all()
        return _event(rows[0]) if rows else None

    def events(
        self, *, subject: str | None = None, types: Collection[EventType] | None = None
    ) -> tuple[Event, ...]:
        """The chain's events in order, optionally those of one subject or of some types."""
        with self._engine.connect() as connection:
            return self._read(connection, subject=subject, types=types)

    def _read(
        self,
        connection: Connection,
        *,
        subject: str | None = None,
        types: Collection[EventType] | None = None,
    ) -> tuple[Event, ...]:
        table = events_table
        query = select(table).where(table.c.chain == self.chain).order_by(table.c.seq)
        if subject is not None:
            query = query.where(table.c.subject == subject)
        if types is not None:
            query = query.where(table.c.type.in_([str(kind) for kind in types]))
        return tuple(_event(row) for row in connection.execute(query))


def _event(row: Row[Any]) -> Event:
    return Event(
        chain=row.chain,
        seq=row.seq,
        recorded_at=row.recorded_at,
        type=row.type,
        subject=row.subject,
        payload_text=row.payload,
        actor=row.actor,
        prev_hash=row.prev_hash,
        hash=row.hash,
    )


def _row(stored: Event) -> dict[str, object]:
    return {
        "chain": stored.chain,
        "seq": stored.seq,
        "recorded_at": stored.recorded_at,
        "type": stored.type,
        "subject": stored.subject,
        "payload": stored.payload_text,
        "actor": stored.actor,
        "prev_hash": stored.prev_hash,
        "hash": stored.hash,
    }
