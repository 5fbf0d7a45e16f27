"""Numbers as typed: the shortest decimal text of each float, and its exact Decimal.

A float from the query is the number the learner typed; `repr` gives that text back, and
Decimal(text) computes with it exactly. The text of a long list is kept, because a page writes
the same lists into its links, its form and its snippet, and reads them back here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import lru_cache
from operator import mul
from typing import Any

import numpy as np


def typed(values: Iterable[float]) -> str:
    """The values as comma-separated shortest reprs, kept for the next call with the same values.

    >>> typed([1.0, -2.5, 0.1])
    '1.0,-2.5,0.1'
    >>> numbers = [1.0, 2.0]; first = typed(numbers); numbers[0] = 3.0; typed(numbers)
    '3.0,2.0'
    """
    if isinstance(values, list | tuple):
        seen = _seen.get(id(values))
        # the same object, with the same contents (a list compares its items by identity
        # first, far cheaper than a tuple and its hash)
        if seen is not None and seen[0] is values and seen[1] == values:
            return seen[2]
        text = _typed(tuple(map(float, values)))
        if len(_seen) >= _SEEN:
            _seen.clear()  # no iteration over a dict another thread may be changing
        snapshot = values if isinstance(values, tuple) else list(values)
        _seen[id(values)] = (values, snapshot, text, {})
        return text
    return _typed(tuple(map(float, values)))


def shortest(values: Sequence[float]) -> str:
    """`typed` with each ".0" ending dropped ("2,-1.25", as JavaScript's String writes them):
    the text a page's links carry, kept with the list like `typed`'s.

    >>> shortest([2.0, -1.25, 10.05, -0.0, 1e16])
    '2,-1.25,10.05,-0,1e+16'
    """
    text = typed(values)
    seen = _seen.get(id(values))
    if seen is not None and seen[2] is text:
        derived = seen[3]
        if "shortest" not in derived:
            derived["shortest"] = (text + ",").replace(".0,", ",")[:-1]
        return str(derived["shortest"])
    return (text + ",").replace(".0,", ",")[:-1]


# the lists a request asks for again and again (its links, its form, its snippet, its maths),
# held so that their ids are not reused while they are here: (list, copy, text, derived texts)
_SEEN = 8
_seen: dict[int, tuple[Any, Any, str, dict[str, str]]] = {}


@lru_cache(maxsize=16)
def _typed(values: tuple[float, ...]) -> str:
    return ",".join(map(repr, values))


def decimals(values: Iterable[float]) -> list[Decimal]:
    """Each value as the exact Decimal of its shortest repr (0.1 is 0.1, not 0.1000000000000000055).

    >>> decimals([0.1, -2.0])
    [Decimal('0.1'), Decimal('-2.0')]
    >>> decimals([])
    []
    """
    text = typed(values)
    return list(map(Decimal, text.split(","))) if text else []


# |X| below this, X·(1 + 2⁻⁵²)² is within ½ of X: rint(x·10ᵏ) gives X back exactly
_SAFE_COUNT = 2.0**50
# "a value with at least k decimals": searched for k = 1, 2, ... (cheaper than listing every
# value's decimals)
_AT_LEAST = [re.compile(rf"\.\d{{{k}}}") for k in range(1, 24)]


def scaled(values: Sequence[float]) -> tuple[list[int], int] | None:
    """The values as whole numbers of 10⁻ᵏ for one k (the most decimals any of them has as typed),
    exactly: ([-998, 1500], 3) for [-0.998, 1.5]. None when a value is written with an exponent
    or is too long for that (the caller computes in Decimal instead).

    >>> scaled([-0.998, 1.5, 2.0]), scaled([]), scaled([1e-07])
    (([-998, 1500, 2000], 3), ([], 0), None)
    """
    text = typed(values)
    if not text:
        return [], 0
    if "e" in text or "n" in text:  # 1e-07, inf, nan
        return None
    k = 0
    while k < len(_AT_LEAST) and _AT_LEAST[k].search(text):
        k += 1
    counts = np.asarray(values, dtype=np.float64) * 10.0**k
    if k > 22 or float(np.abs(counts).max()) >= _SAFE_COUNT:
        return None
    return np.rint(counts).astype(np.int64).tolist(), k


def scaled_pair(x: Sequence[float], t: Sequence[float]) -> tuple[list[int], list[int], int] | None:
    """x and t as whole numbers of 10⁻ᵏ for one k both share, or None (see `scaled`).

    >>> scaled_pair([0.5, 2.0], [1.25, -3.0])
    ([50, 200], [125, -300], 2)
    """
    xs, ts = scaled(x), scaled(t)
    if xs is None or ts is None:
        return None
    (big_x, kx), (big_t, kt) = xs, ts
    k = max(kx, kt)
    if kx < k:
        big_x = [v * 10 ** (k - kx) for v in big_x]
    if kt < k:
        big_t = [v * 10 ** (k - kt) for v in big_t]
    return big_x, big_t, k


def sums(big_x: list[int], big_t: list[int]) -> tuple[int, int, int, int, int]:
    """ΣX², ΣX, ΣXT, ΣT, ΣT² of two lists of whole numbers, exactly.

    >>> sums([1, 2], [3, 4])
    (5, 3, 11, 7, 25)
    """
    sxx: int = sum(map(mul, big_x, big_x))
    sxt: int = sum(map(mul, big_x, big_t))
    stt: int = sum(map(mul, big_t, big_t))
    return sxx, sum(big_x), sxt, sum(big_t), stt
