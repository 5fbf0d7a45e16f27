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


@given(
    st.lists(
        st.one_of(
            st.integers(-(10**9), 10**9).map(lambda k: k / 1000),
            st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
        ),
        max_size=40,
    )
)
def test_scaled_values_are_the_typed_numbers(values: list[float]) -> None:
    from decimal import Decimal

    from app.lessons.exact import scaled

    result = scaled(values)
    if all(v == round(v, 3) and abs(v) <= 1e6 and "e" not in repr(v) for v in values):
        assert result is not None  # typed numbers with a few decimals always scale
    if result is None:  # an exponent in a repr, or too many digits: Decimal instead
        return
    counts, k = result
    assert [Decimal(c).scaleb(-k) for c in counts] == [Decimal(repr(v)) for v in values]
