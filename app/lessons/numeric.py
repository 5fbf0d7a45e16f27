"""The numeric helpers every lesson shares: the float array type, the decimals a learner typed,
snapping a float back to the exact decimal it stands for, and a grid of such decimals."""

from __future__ import annotations

from typing import TypeVar

import numpy as np
import numpy.typing as npt

Num = TypeVar("Num")  # float, Decimal or a float numpy array
FloatArray = npt.NDArray[np.float64]

MAX_DECIMALS = 22  # 10.0**n is exact in binary64 up to n = 22
# A value computed within 3 units in the last place of a magnitude M, with M * 10**places below
# 2**49, is within 3/8 of the integer (value * 10**places): rint then finds the exact decimal.
_SNAP_LIMIT = 2.0**49


def decimals(x: float) -> int:
    """Number of decimal places in the shortest form of x, the way a learner typed it.

    >>> decimals(0.3), decimals(2.0), decimals(1.5e-07)
    (1, 0, 8)
    """
    text = repr(float(abs(x)))
    if "e" in text:
        mantissa, exponent = text.split("e")
        fraction = mantissa.split(".")[1] if "." in mantissa else ""
        return max(0, len(fraction.rstrip("0")) - int(exponent))
    fraction = text.split(".")[1]
    return len(fraction.rstrip("0"))


def snap(x: Num, places: int, magnitude: object = None) -> Num:
    """Round x to the exact decimal it stands for, a decimal with at most `places` places.

    Sums, differences and products of decimals have a known number of places; rounding the
    float result to it removes binary noise, so 0.5 * 0.7**2 gives 0.245, not 0.24499999999999997.
    `magnitude` bounds the operands x was computed from (default |x|); where it is too large
    for that many places in 53 bits, x is left as computed.

    >>> snap(0.24499999999999997, 5)
    0.245
    """
    if places > MAX_DECIMALS:
        return x
    scale = 10.0**places
    arr = np.asarray(x, dtype=np.float64)
    size = np.abs(arr) if magnitude is None else np.asarray(magnitude, dtype=np.float64)
    ok = size * scale < _SNAP_LIMIT
    scaled = np.where(ok, arr * scale, 0.0)
    out = np.where(ok, np.rint(scaled) / scale, arr) + 0.0
    if arr.ndim == 0:
        return float(out)  # type: ignore[return-value]
    return out  # type: ignore[return-value]


def grid(lo: float, hi: float, step_size: float) -> FloatArray:
    """Points lo, lo + step_size, ..., hi, each snapped to the step's decimals so 0.1 is 0.1.

    >>> grid(-0.02, 0.02, 0.01).tolist()
    [-0.02, -0.01, 0.0, 0.01, 0.02]
    """
    count = int(round((hi - lo) / step_size)) + 1
    points = lo + step_size * np.arange(count, dtype=np.float64)
    return snap(points, max(decimals(lo), decimals(step_size)))
