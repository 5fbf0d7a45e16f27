"""A page's state as a URL query, the one way every link, form and snippet writes it."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote_plus

from app.formatting import plain
from app.lessons.exact import shortest

# characters quote_plus leaves alone, and the comma (a sub-delimiter RFC 3986 allows in a query,
# as the address bar shows it): a number list needs no quoting at all
_PLAIN = re.compile(r"[0-9A-Za-z_.~,-]*")


def _text(value: Any) -> str:
    """A query value as text: booleans as 1/0, floats without a ".0" ending, lists as
    comma-separated values."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return plain(value)
    if isinstance(value, list | tuple):
        return ",".join([_text(v) for v in value])
    return str(value)


def query_values(query: dict[str, Any]) -> dict[str, str]:
    """A state's values as a form's fields write them (as `query_string` does, unquoted).

    >>> query_values({"seeds": (12, 99), "half": True, "o": 0.5, "question": None})
    {'seeds': '12,99', 'half': '1', 'o': '0.5'}
    """
    return {key: _text(value) for key, value in query.items() if value is not None}


def query_string(query: dict[str, Any]) -> str:
    """A state as a URL query: booleans as 1/0, lists as comma-separated numbers, each float as
    its shortest text ("2", not "2.0").

    urlencode's quoting (quote_plus) except that commas stay bare: a 1000-number list is half
    as long in each of the 6-14 links a page writes with its state, and numbers skip the
    per-byte quoting.
    """
    parts = []
    for key, value in query.items():
        if value is None:
            continue
        if isinstance(value, list | tuple) and len(value) > 16 and set(map(type, value)) == {float}:
            text = shortest(value)  # digits, ".", "-", ",", "e": quoted only for an "e+"
            plain = "+" not in text
        else:
            text = _text(value)
            plain = _PLAIN.fullmatch(text) is not None
        quoted = text if plain else quote_plus(text, safe=",")
        parts.append(f"{quote_plus(str(key), safe=',')}={quoted}")
    return "&".join(parts)
