"""Revisions of the event store's schema, oldest first; none is ever edited once released."""
