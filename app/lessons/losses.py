"""Four losses of one output o against a target t, their derivative dL/do, and where there is
no derivative (|o - t| at o = t) the subgradient interval [left, right] instead of a number.

Every derivative is returned as its two one-sided derivatives: equal where the derivative
exists, and the ends of the subgradient interval where it does not (all four losses are convex
in o, so the interval between the one-sided slopes is exactly the set of subgradients).
Functions take a float target and a numpy array of outputs; `at` answers for one output.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

import numpy as np
import numpy.typing as npt

from app.lessons.numeric import FloatArray, decimals, snap

BoolArray = npt.NDArray[np.bool_]

LossName = Literal["squared", "absolute", "huber", "cross_entropy"]
NAMES: tuple[LossName, ...] = ("squared", "absolute", "huber", "cross_entropy")
# log(0) is infinite: the cross-entropy curve is drawn on [CLIP, 1 - CLIP]
CLIP = 0.001


def in_domain(name: LossName, t: float, o: FloatArray) -> BoolArray:
    """Where the loss is defined: everywhere, or for cross-entropy 0 <= t <= 1 and 0 < o < 1.

    >>> in_domain("cross_entropy", 1.0, np.array([0.0, 0.5, 1.0])).tolist()
    [False, True, False]
    """
    o = np.asarray(o, dtype=np.float64)
    if name != "cross_entropy":
        return np.ones_like(o, dtype=bool)
    return (o > 0) & (o < 1) & (0 <= t <= 1)


def _error(t: float, o: FloatArray, places: int) -> FloatArray:
    # o - t snapped to its exact decimal: the learner's numbers have at most `places` places
    return snap(o - t, places, np.abs(o) + abs(t))


def values(
    name: LossName,
    t: float,
    o: FloatArray,
    delta: float = 1.0,
    half: bool = True,
    places: int | None = None,
) -> FloatArray:
    """The loss at each output (NaN outside cross-entropy's domain); `places` = decimals of o.

    >>> values("huber", 0.0, np.array([0.5, 3.0]), delta=1.0).tolist()
    [0.125, 2.5]
    >>> values("absolute", 1.0, np.array([0.3])).tolist()
    [0.7]
    """
    o = np.asarray(o, dtype=np.float64)
    p = max(decimals(t), _places(o) if places is None else places)
    e = _error(t, o, p)
    if name == "squared":
        return snap(e**2 / 2 if half else e**2, 2 * p + (1 if half else 0))
    if name == "absolute":
        return np.abs(e)
    if name == "huber":
        d = decimals(delta)
        inner = snap(e**2 / 2, 2 * p + 1)
        outer = snap(delta * (np.abs(e) - delta / 2), max(d + p, 2 * d + 1))
        return np.where(np.abs(e) <= delta, inner, outer)
    ok = in_domain(name, t, o)
    safe = np.where(ok, o, 0.5)
    # 0 * log(...) is dropped, not evaluated, so t = 0 or t = 1 stays exact
    loss = np.zeros_like(safe)
    if t != 0:
        loss = loss - t * np.log(safe)
    if t != 1:
        loss = loss - (1 - t) * np.log1p(-safe)
    return np.where(ok, loss, np.nan)


class OneSided(NamedTuple):
    """The left and right derivatives dL/do at each output: equal where dL/do exists."""

    left: FloatArray
    right: FloatArray


def one_sided(
    name: LossName,
    t: float,
    o: FloatArray,
    delta: float = 1.0,
    half: bool = True,
    places: int | None = None,
) -> OneSided:
    """Left and right derivatives of the loss w.r.t. o (NaN outside cross-entropy's domain).

    >>> d = one_sided("absolute", 1.0, np.array([0.3, 1.0, 2.0]))
    >>> d.left.tolist(), d.right.tolist()
    ([-1.0, -1.0, 1.0], [-1.0, 1.0, 1.0])
    """
    o = np.asarray(o, dtype=np.float64)
    p = max(decimals(t), _places(o) if places is None else places)
    e = _error(t, o, p)
    if name == "squared":
        g = e if half else 2 * e
        return OneSided(g, g)
    if name == "absolute":
        # at o = t the slope is -1 from the left and +1 from the right: no derivative
        left = np.where(e > 0, 1.0, -1.0)
        right = np.where(e < 0, -1.0, 1.0)
        return OneSided(left, right)
    if name == "huber":
        g = np.clip(e, -delta, delta) + 0.0
        return OneSided(g, g)
    ok = in_domain(name, t, o)
    safe = np.where(ok, o, 0.5)
    g = np.where(ok, (safe - t) / (safe * (1 - safe)), np.nan)
    return OneSided(g, g)


def _places(o: FloatArray) -> int:
    flat = np.asarray(o, dtype=np.float64).ravel()
    if flat.size > 50:  # a grid: its first steps show its decimals
        flat = flat[:50]
    return max((decimals(float(x)) for x in flat), default=0)


class LossPoint(NamedTuple):
    """One loss at one output: its value and dL/do, or the interval [left, right] if none."""

    name: LossName
    loss: float
    left: float
    right: float

    @property
    def differentiable(self) -> bool:
        """True where dL/do exists (the one-sided derivatives agree)."""
        return self.left == self.right

    @property
    def gradient(self) -> float | None:
        """dL/do, or None where there is no derivative (use the interval)."""
        return self.left if self.differentiable else None


def at(name: LossName, t: float, o: float, delta: float = 1.0, half: bool = True) -> LossPoint:
    """The loss and dL/do (or the subgradient interval) at one output.

    >>> at("absolute", 1.0, 1.0)
    LossPoint(name='absolute', loss=0.0, left=-1.0, right=1.0)
    >>> at("squared", 1.0, 0.3).gradient, at("huber", 0.0, 3.0, delta=2.0).gradient
    (-0.7, 2.0)
    """
    arr = np.array([o], dtype=np.float64)
    places = decimals(o)
    d = one_sided(name, t, arr, delta, half, places)
    value = values(name, t, arr, delta, half, places)
    return LossPoint(name, float(value[0]), float(d.left[0]), float(d.right[0]))


def errors(t: float, o: FloatArray, places: int) -> FloatArray:
    """The signed errors o - t on a grid whose points have `places` decimals, exact.

    >>> errors(1.0, np.array([0.3, 1.2]), 1).tolist()
    [-0.7, 0.2]
    """
    return _error(t, np.asarray(o, dtype=np.float64), max(decimals(t), places))


def error(t: float, o: float) -> float:
    """The signed error o - t, exact for the decimals a learner types.

    >>> error(1.0, 0.3)
    -0.7
    """
    places = max(decimals(t), decimals(o))
    return float(_error(t, np.array([o], dtype=np.float64), places)[0])


def sign(x: float) -> int:
    """-1, 0 or 1.

    >>> sign(-0.2), sign(0.0), sign(3.0)
    (-1, 0, 1)
    """
    return (x > 0) - (x < 0)
