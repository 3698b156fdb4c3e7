"""Alembic environment: runs on the connection the store hands over, never on a URL of its own.

The store opens the transaction (``BEGIN IMMEDIATE`` on SQLite) before calling Alembic, and on
PostgreSQL the advisory lock below is taken inside it, so two processes opening a new store at the
same moment run the migration once, one after the other.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, text

from conciliacion.claims.schema import metadata

MIGRATION_LOCK = 7_043_011_001
"""Advisory lock key that serialises migrations on PostgreSQL."""


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=metadata)
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        context.run_migrations()


def _offline() -> bool | None:
    """Alembic's mode, or ``None`` when this file is imported outside Alembic (by pytest)."""
    try:
        return context.is_offline_mode()
    except NameError:
        return None


_mode = _offline()
if _mode:
    msg = "el almacén de eventos solo se migra en línea, al abrirlo"
    raise RuntimeError(msg)
if _mode is not None:
    _run(context.config.attributes["connection"])
