"""app/lessons/exact.py: the kept text of a list is always the text of its current values."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from app.lessons.exact import decimals, typed

numbers = st.lists(st.floats(allow_nan=False, allow_infinity=False), max_size=40)


@given(numbers, numbers)
def test_the_text_follows_the_list(first: list[float], second: list[float]) -> None:
    values = list(first)
    assert typed(values) == ",".join(map(repr, first))
    values[:] = second  # the same list object, changed
    assert typed(values) == ",".join(map(repr, second))
    assert typed(tuple(second)) == ",".join(map(repr, second))


@given(numbers)
def test_decimals_are_the_typed_numbers(values: list[float]) -> None:
    assert decimals(values) == [Decimal(repr(v)) for v in values]
