"""The books: the PGC account tree and the Beancount ledger written from the results."""
