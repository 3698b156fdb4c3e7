import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from conciliacion.importers.frames import COLUMNS, statements_to_frame
from conciliacion.model import Movement, Source, Statement

ACCOUNT = "ES9121000418450200051332"


def _statement(cents):
    moves = [
        Movement(
            ACCOUNT, dt.date(2024, 1, 2), dt.date(2024, 1, 2), Decimal(c) / 100, Source("f", i)
        )
        for i, c in enumerate(cents, start=2)
    ]
    total = sum((m.amount for m in moves), start=Decimal("0.00"))
    return Statement(
        ACCOUNT, dt.date(2024, 1, 1), dt.date(2024, 1, 31), "0", total, moves, Source("f", 1)
    )


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(min_value=-(10**13), max_value=10**13), max_size=30))
def test_no_cent_is_lost(cents):
    statement = _statement(cents)
    frame = statements_to_frame([statement])
    assert list(frame.columns) == list(COLUMNS)
    assert len(frame) == len(cents)
    assert frame["importe"].dtype == object
    assert frame["importe_cent"].dtype == "int64"
    assert sum(frame["importe"], start=Decimal("0.00")) == statement.closing_balance
    assert int(frame["importe_cent"].sum()) == sum(cents)
    assert all(isinstance(v, Decimal) for v in frame["importe"])


def test_rows_follow_the_movements():
    frame = statements_to_frame([_statement([1050, -1])])
    assert frame["linea"].tolist() == [2, 3]
    assert frame["importe"].tolist() == [Decimal("10.50"), Decimal("-0.01")]
    assert frame["importe_cent"].tolist() == [1050, -1]
