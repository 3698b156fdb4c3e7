from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conciliacion.money import ZERO, format_amount, parse_amount, to_money
from strategies import amounts


@given(amounts())
def test_amounts_round_trip_through_spanish_text_without_losing_a_cent(amount):
    assert parse_amount(format_amount(amount)) == amount
    assert parse_amount(format_amount(amount, "."), ".") == amount


@given(st.integers(-(10**12), 10**12))
def test_thousands_separators_are_read_exactly(cents):
    amount = Decimal(cents).scaleb(-2)
    spanish = f"{abs(amount):,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    text = ("-" if amount < 0 else "") + spanish
    assert parse_amount(text) == amount


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_floats_are_refused(value):
    with pytest.raises(TypeError, match="float"):
        to_money(value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234,56", "1234.56"),
        ("1234,56", "1234.56"),
        ("-12,30", "-12.30"),
        ("12,30-", "-12.30"),
        ("+5", "5.00"),
        (" 1.000.000,00 € ", "1000000.00"),
        ("0,5", "0.50"),
    ],
)
def test_spanish_amounts(text, expected):
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize(
    "text",
    ["", "12,345", "1.23,45", "12.3456", "1,234.56", "abc", "--5", "-5-", "1e3", "NaN", "12,3,4"],
)
def test_malformed_spanish_amounts_are_refused(text):
    with pytest.raises(ValueError, match="importe no válido"):
        parse_amount(text)


def test_a_decimal_point_profile_never_reads_1_234_as_one_point_two():
    with pytest.raises(ValueError, match="importe no válido"):
        parse_amount("1.234", ".")
    assert parse_amount("1.234", ",") == Decimal("1234.00")


def test_rounding_is_refused_not_performed():
    with pytest.raises(ValueError, match="más de dos decimales"):
        to_money(Decimal("0.005"))


def test_negative_zero_is_zero():
    assert str(to_money(Decimal("-0.00"))) == "0.00"
    assert to_money(Decimal("-0")) == ZERO


@pytest.mark.parametrize("value", [True, None, [1], Decimal("NaN"), Decimal("Infinity")])
def test_other_types_and_non_finite_values_are_refused(value):
    with pytest.raises((TypeError, ValueError)):
        to_money(value)
