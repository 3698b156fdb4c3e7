"""The Alembic environment of the event store, shipped with the package and run on every open."""
