"""The tables of the event store, as SQLAlchemy 2 Core metadata.

The Alembic revisions create the database; this metadata is what the code queries, and what
``alembic revision --autogenerate`` compares against.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Index, MetaData, String, Table, Text

__all__ = ["events", "metadata"]

metadata = MetaData()

events = Table(
    "events",
    metadata,
    Column("chain", String(64), primary_key=True),
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("recorded_at", String(32), nullable=False),
    Column("type", String(40), nullable=False),
    Column("subject", String(200), nullable=False),
    Column("payload", Text, nullable=False),
    Column("actor", String(100), nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Index("ix_events_chain_subject", "chain", "subject"),
)
"""One row per event; (chain, seq) is the key, so two writers can never store the same number."""
