"""Collections and bank reconciliation for a Spanish medical practice that bills health insurers.

The library reads the practice's inputs (bank statements, insurer settlements, activity, fee
schedules, received invoices), matches them, and writes the books, the claim lists and the
reports. The command ``conciliar`` is a thin layer over it.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
