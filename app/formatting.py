"""How numbers are written on the pages (static/js/core/format.js mirrors `number`, with the
rules it reads from the page: `text_rules`).

The decimal separator follows the page's language (app.i18n): "0.245" in English, "0,245" in
Spanish. The API and CSV answers carry floats, never these strings.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal

from app.i18n import LANGUAGES, decimal, decimal_mark, list_separator
from app.lessons.exact import shortest, typed

MINUS = "\u2212"
APPROX = "\u2248"  # marks a rounded value
SIGNIFICANT = 12  # past this many digits a value is rounded and marked with "≈"
SHORT_DIGITS = 3  # `short` rounds a long value to this many significant digits
SHORT_EXACT = 6  # and writes a value with at most this many as it is
NOISE = 4 * 2.0**-52  # relative distance below which a value counts as its rounded form


def text_rules() -> dict[str, object]:
    """The rules `number` writes by, in the request's language, for the client's copy of it
    (each page carries them as JSON, #text-rules): one place for both."""
    return {
        "minus": MINUS,
        "approx": APPROX,
        "significant": SIGNIFICANT,
        "short_digits": SHORT_DIGITS,
        "short_exact": SHORT_EXACT,
        "noise": NOISE,
        "decimal": decimal_mark(),
        "list_separator": list_separator(),
        "languages": list(LANGUAGES),
    }


def number(x: float, min_places: int = 2) -> str:
    """Write x exactly with at least `min_places` decimals, or rounded with "≈" when long,
    with the decimal separator of the request's language.

    >>> number(-0.7), number(0.06125), number(1 / 3)
    ('−0.70', '0.06125', '≈0.333333333333')
    """
    x = float(x)  # numpy scalars print as np.float64(...)
    if x == 0:
        x = 0.0  # no "−0.00"
    sign = MINUS if x < 0 else ""
    # the common case in plain string operations (a 100-row table writes 500 numbers): the
    # shortest repr has no exponent and at most SIGNIFICANT digits, so it is written as it is
    head, dot, tail = repr(abs(x)).partition(".")
    if dot and "e" not in tail:
        tail = tail.rstrip("0")
        if len((head + tail).strip("0")) <= SIGNIFICANT:
            places = max(min_places, len(tail))
            return sign + decimal(f"{head}.{tail.ljust(places, '0')}" if places else head)
        rounded = _rounded(abs(x), min_places)
        if rounded is not None:
            return rounded[0] + sign + decimal(rounded[1])
    return _number_decimal(x, min_places)


def _rounded(ax: float, min_places: int) -> tuple[str, str] | None:
    """("≈" or "", text) for a positive value longer than SIGNIFICANT digits, through float
    formatting (faster than Decimal), or None on a possible tie, where the formatting rounds
    half to even and JavaScript's toPrecision rounds half up.

    A tie at 12 digits is exact at 13, so its 13th digit is a 5; any other value rounds the same
    either way.
    """
    if f"{ax:.{SIGNIFICANT}e}"[SIGNIFICANT + 1] == "5":
        return None
    text = f"{ax:.{SIGNIFICANT - 1}e}"
    mantissa, _, exponent = text.partition("e")
    digits = mantissa.replace(".", "").rstrip("0")
    point = int(exponent) + 1  # digits before the decimal point
    if point <= 0:
        head, tail = "0", "0" * -point + digits
    else:
        head, tail = digits[:point].ljust(point, "0"), digits[point:]
    places = max(min_places, len(tail))
    body = f"{head}.{tail.ljust(places, '0')}" if places else head
    # a few units in the last place away is float noise, not a long decimal: no "≈"
    return (APPROX if abs(float(text) - ax) > NOISE * ax else ""), body


def _number_decimal(x: float, min_places: int = 2) -> str:
    """`number` through Decimal: long values, exponents, and the reference the fast path is
    tested against."""
    if x == 0:
        x = 0.0
    shortest = Decimal(repr(abs(x))).normalize()
    approx = False
    if len(shortest.as_tuple().digits) > SIGNIFICANT:
        # round the exact binary value half-up, as JavaScript's toPrecision does
        exact = Decimal(abs(x))
        unit = Decimal(1).scaleb(exact.adjusted() - SIGNIFICANT + 1)
        shortest = exact.quantize(unit, rounding=ROUND_HALF_UP).normalize()
        # a few units in the last place away is float noise, not a long decimal: no "≈"
        approx = abs(float(shortest) - abs(x)) > NOISE * abs(x)
    last = shortest.as_tuple().exponent
    assert isinstance(last, int)  # x is finite
    places = max(min_places, -last)
    text = f"{shortest:.{places}f}"
    sign = MINUS if x < 0 else ""
    return (APPROX if approx else "") + sign + decimal(text)


def float_list(values: list[float] | tuple[float, ...]) -> str:
    """Floats as comma-separated reprs ("1.0,-2.5"), kept for the next call with the same
    values (app.lessons.exact.typed): a page writes its lists into its links, its form and its
    numpy snippet.

    >>> float_list([1.0, -2.5])
    '1.0,-2.5'
    """
    return typed(values)


def plain(x: float) -> str:
    """A value as the shortest text that reads back as it, as JavaScript's String(x) writes it
    (the form's boxes, the links): "2" for 2.0, "-1.25", "1e-07".

    >>> plain(2.0), plain(-1.25), plain(1e-07)
    ('2', '-1.25', '1e-07')
    """
    text = repr(float(x))
    return text[:-2] if text.endswith(".0") else text


def plain_list(values: list[float] | tuple[float, ...]) -> str:
    """Values as a form's text box shows them, ", " between, each as `plain` writes it: the kept
    `float_list` with each ".0" ending dropped.

    >>> plain_list([2.0, -1.25, 10.05, -0.0, 1e16])
    '2, -1.25, 10.05, -0, 1e+16'
    """
    return shortest(values).replace(",", ", ")


SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def short(x: float, digits: int = SHORT_DIGITS) -> str:
    """A value for prose, legends and narrow tables: as `number` writes it when that has at most
    SHORT_EXACT significant digits, else `digits` of them (at least two decimals) after "≈";
    × 10ⁿ below 10⁻⁴ and from 10⁵ on. The exact value stays in the tables' titles, the CSV and
    the API. (static/js/core/format.js mirrors it.)

    >>> short(1 / 3), short(0.40625), short(1.5), short(-4.0927e-13), short(2e9)
    ('≈0.333', '0.40625', '1.50', '≈−4.09 × 10⁻¹³', '2.00 × 10⁹')
    >>> short(1.1249999999999998), short(1234.56789)
    ('1.125', '≈1234.57')
    """
    x = float(x)
    text = number(x)
    ax = abs(x)
    if x == 0 or not math.isfinite(x):
        return text
    exact = Decimal(ax)
    sign = MINUS if x < 0 else ""
    if ax < 1e-4 or ax >= 1e5:
        # the rounding of JavaScript's toExponential: the exact binary value, half up
        unit = Decimal(1).scaleb(exact.adjusted() - digits + 1)
        rounded = f"{exact.quantize(unit, rounding=ROUND_HALF_UP):.{digits - 1}e}"
        mantissa, _, power = rounded.partition("e")
        approx = APPROX if float(rounded) != ax else ""
        tail = " × 10" + str(int(power)).translate(SUPERSCRIPT)
        return approx + sign + number(float(mantissa)) + tail
    if len(re.sub(r"\D", "", text).strip("0")) <= SHORT_EXACT:
        return text
    places = max(digits - 1 - exact.adjusted(), 2)  # toFixed's rounding, as above
    return APPROX + sign + number(float(exact.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)))
