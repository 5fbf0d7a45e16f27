"""app/routers/render.py: the state's query string is what urlencode would write, with commas
bare and floats without a ".0" ending."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode

from hypothesis import given
from hypothesis import strategies as st

from app.querystring import query_string

scalars = st.one_of(
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
)
values = st.one_of(
    st.none(), scalars, st.lists(st.one_of(st.booleans(), st.floats(), st.integers()))
)


def _reference(query: dict[str, Any]) -> str:
    """The slow, obvious version: urlencode of each value as text, commas left bare."""

    def text(value: Any) -> str:
        if isinstance(value, bool):
            return "1" if value else "0"
        if isinstance(value, float):
            return repr(value).removesuffix(".0")
        if isinstance(value, list | tuple):
            return ",".join(text(v) for v in value)
        return str(value)

    return urlencode({k: text(v) for k, v in query.items() if v is not None}, safe=",")


@given(st.dictionaries(st.text(min_size=1, max_size=8), values, max_size=6))
def test_same_text_as_urlencode(query: dict[str, Any]) -> None:
    assert query_string(query) == _reference(query)


def test_lists_round_trip() -> None:
    text = query_string({"t": [1.5, -2.0, 1e-07], "half": True, "note": "a b&c", "skip": None})
    assert text == "t=1.5,-2,1e-07&half=1&note=a+b%26c"
    assert dict(parse_qsl(text)) == {"t": "1.5,-2,1e-07", "half": "1", "note": "a b&c"}


@given(st.one_of(st.text(), st.text(alphabet="0123456789.,-e+&=?/:%# ", max_size=200)))
def test_urlencode_filter_matches_jinja(text: str) -> None:
    from jinja2.filters import do_urlencode

    from app.templating import quote_filter as urlencode

    assert urlencode(text) == do_urlencode(text)


def test_urlencode_filter_passes_dicts_to_jinja() -> None:
    from app.templating import quote_filter as urlencode

    assert urlencode({"a": "1 2", "b": "x/y"}) == "a=1+2&b=x%2Fy"


@given(st.lists(st.floats(allow_nan=False), min_size=17, max_size=60))
def test_long_float_lists_as_urlencode_writes_them(values: list[float]) -> None:
    query = {"t": values, "o": list(reversed(values))}
    assert query_string(query) == _reference(query)
    assert query_string(query) == _reference(query)  # the kept text too
    # and each number reads back as the same float
    for key, text in parse_qsl(query_string(query)):
        assert [float(v) for v in text.split(",")] == query[key]


@given(st.lists(st.text(alphabet="0123456789.-e \t\n\u00a0\u2003", max_size=6), max_size=8))
def test_split_commas_strips_what_str_strip_strips(parts: list[str]) -> None:
    from app.schemas import split_commas

    text = ",".join(parts)
    assert split_commas(text) == [part.strip() for part in text.split(",")]


json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**9), 10**9),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(alphabet=st.sampled_from("ab<>&'\"/\\é €\n"), max_size=12),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=4), inner, max_size=4)
    ),
    max_leaves=20,
)


@given(json_values)
def test_tojson_filter_matches_jinja(value: Any) -> None:
    """The page's |tojson escapes as Jinja's htmlsafe_json_dumps does, from orjson's bytes."""
    from jinja2.utils import htmlsafe_json_dumps

    from app.templating import _dumps, tojson_filter

    assert tojson_filter(value) == htmlsafe_json_dumps(value, dumps=_dumps)
