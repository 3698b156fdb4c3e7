"""Statements as a pandas DataFrame, for the columnar work (blocking candidates, reports).

Amounts stay exact: ``importe`` is a column of ``Decimal`` (dtype ``object``), and ``importe_cent``
holds the same amount as integer cents (``int64``), for fast grouping and sums that cannot lose a
cent. Nothing is inferred as float.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

import pandas as pd

from conciliacion.model import Statement

__all__ = ["COLUMNS", "statements_to_frame"]

COLUMNS: Final = (
    "id",
    "extracto",
    "cuenta",
    "fecha",
    "fecha_valor",
    "importe",
    "importe_cent",
    "divisa",
    "concepto_comun",
    "concepto_propio",
    "documento",
    "referencia1",
    "referencia2",
    "concepto",
    "contraparte",
    "contraparte_nif",
    "contraparte_iban",
    "saldo",
    "fichero",
    "linea",
)
"""The columns, in order; the names are Spanish because they reach CSV exports and reports."""


def statements_to_frame(statements: Iterable[Statement]) -> pd.DataFrame:
    """One row per movement, in statement and file order.

    >>> statements_to_frame([]).shape
    (0, 20)
    """
    rows = []
    for statement in statements:
        for m in statement.movements:
            party = m.counterparty
            rows.append(
                (
                    m.id,
                    statement.id,
                    m.account,
                    m.booking_date,
                    m.value_date,
                    m.amount,
                    int(m.amount * 100),
                    m.currency,
                    m.common_concept,
                    m.own_concept,
                    m.document,
                    m.reference1,
                    m.reference2,
                    m.text,
                    "" if party is None else party.name,
                    None if party is None else party.nif,
                    None if party is None else party.iban,
                    m.balance_after,
                    m.source.file,
                    m.source.line,
                )
            )
    frame = pd.DataFrame.from_records(rows, columns=list(COLUMNS))
    frame = frame.astype({"importe": object, "saldo": object})
    return frame.astype({"importe_cent": "int64", "linea": "int64"})
