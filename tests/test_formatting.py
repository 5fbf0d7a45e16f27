"""How numbers are written: exact with two decimals at least, or rounded and marked."""

from __future__ import annotations

import pytest

from app.formatting import number

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
