"""How numbers are written: exact with two decimals at least, or rounded and marked."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.formatting import _number_decimal, number

CASES = [
    (0.0, "0.00"),
    (-0.0, "0.00"),
    (-0.7, "−0.70"),
    (0.245, "0.245"),
    (0.06125, "0.06125"),
    (1000.0, "1000.00"),
    (-4.99, "−4.99"),
    (1.5e-07, "0.00000015"),
    (2_000_000.0, "2000000.00"),
    (-1 / 3, "≈−0.333333333333"),
    (123456.7890123456, "≈123456.789012"),
    (1204662.4200000002, "1204662.42"),  # one unit in the last place from 1204662.42
    (0.30000000000000004, "0.30"),
]


@pytest.mark.parametrize(("x", "text"), CASES)
def test_number(x: float, text: str) -> None:
    assert number(x) == text


def test_min_places() -> None:
    assert number(3.0, 0) == "3"
    assert number(3.5, 0) == "3.5"


@pytest.mark.parametrize(("x", "text"), CASES)
def test_number_decimal_reference(x: float, text: str) -> None:
    assert _number_decimal(x) == text


@given(
    st.one_of(
        st.floats(allow_nan=False, allow_infinity=False),
        st.decimals(min_value=-1e6, max_value=1e6, places=4).map(float),
        st.integers(min_value=-(10**13), max_value=10**13).map(float),
    ),
    st.integers(min_value=0, max_value=3),
)
def test_fast_path_writes_what_decimal_writes(x: float, min_places: int) -> None:
    """The string-operation path and the Decimal path agree on every finite float."""
    assert number(x, min_places) == _number_decimal(x, min_places)


@settings(max_examples=2000)
@given(st.floats(min_value=1e-4, max_value=1e16, allow_nan=False), st.integers(0, 3))
def test_long_values_round_as_the_decimal_path(x: float, min_places: int) -> None:
    """Values past 12 digits go through float formatting; it must round as Decimal half-up."""
    assert number(x, min_places) == _number_decimal(x, min_places)
    assert number(-x, min_places) == _number_decimal(-x, min_places)


@pytest.mark.parametrize("x", [100000000000.5, 123456789012.5, 999999999999.5, 9.999999999995])
def test_ties_round_half_up(x: float) -> None:
    assert number(x) == _number_decimal(x)
