"""One target t, one output o: the squared-error loss, its gradient and one descent step.

Every function works on plain floats, on ``decimal.Decimal`` (exact for the decimal numbers a
learner types) and elementwise on numpy arrays, because it only uses ``+``, ``-``, ``*``, ``**``
and division by an integer.
"""

from __future__ import annotations

from decimal import Decimal, localcontext
from typing import Any, Literal, NamedTuple

import numpy as np

from app.lessons.numeric import FloatArray, Num, decimals, snap

Direction = Literal["increase", "decrease", "none"]


def loss(t: Num, o: Num, half: bool = True) -> Num:
    """Squared-error loss L = 1/2 (t - o)^2 (or (t - o)^2 without the 1/2); never negative.

    >>> loss(1.0, 3.0), loss(1.0, 3.0, half=False)
    (2.0, 4.0)
    """
    square = (t - o) ** 2  # type: ignore[operator]
    return square / 2 if half else square  # type: ignore[no-any-return]


def gradient(t: Num, o: Num, half: bool = True) -> Num:
    """Derivative dL/do = o - t (2(o - t) without the 1/2): the sign of the error stays.

    >>> gradient(1.0, 3.0), gradient(1.0, 3.0, half=False)
    (2.0, 4.0)
    """
    error = o - t  # type: ignore[operator]
    return error if half else 2 * error  # type: ignore[no-any-return]


class Tangent(NamedTuple):
    """The tangent line y = slope * x + intercept of the loss curve at one output."""

    slope: object
    intercept: object


def tangent(t: Num, o: Num, half: bool = True) -> Tangent:
    """Tangent to L at o: slope dL/do, intercept L(o) - slope * o.

    >>> tangent(1.0, 3.0)
    Tangent(slope=2.0, intercept=-4.0)
    """
    # L(o) - slope * o, rewritten as (t - o)(t + o) / 2 so no large terms cancel
    product = (t - o) * (t + o)  # type: ignore[operator]
    return Tangent(slope=gradient(t, o, half), intercept=product / 2 if half else product)


def step(t: Num, o: Num, lr: Num, half: bool = True) -> Num:
    """One gradient-descent step o <- o - lr * dL/do, against the sign of the gradient.

    >>> step(1.0, 3.0, 0.5), step(1.0, 3.0, 0.5, half=False)
    (2.0, 1.0)
    """
    return o - lr * gradient(t, o, half)  # type: ignore[operator, no-any-return]


def direction(t: float, o: float) -> Direction:
    """Which way a descent step moves o: "increase", "decrease" or "none" at o = t.

    >>> direction(1.0, 0.3)
    'increase'
    """
    g = gradient(t, o)
    if g < 0:
        return "increase"
    if g > 0:
        return "decrease"
    return "none"


class Point(NamedTuple):
    """The loss, gradient, tangent and descent step at one output, each exact where possible."""

    target: float
    output: float
    learning_rate: float
    loss: float
    gradient: float
    slope: float
    intercept: float
    next_output: float
    next_loss: float
    direction: Direction
    half: bool = True


class _Exact(NamedTuple):
    loss: Any
    gradient: Any
    intercept: Any
    next_output: Any
    next_loss: Any


def _exact(t: Any, o: Any, lr: float, t_places: int, o_places: int, half: bool = True) -> _Exact:
    """Loss, gradient, intercept and step on numpy arrays, each snapped to its exact decimal.

    Each value is built from already-snapped ones, in a form without cancellation
    (the intercept L - g*o is written -(o - t)(t + o)/2), so the snap's error bound holds.
    Without the 1/2 the loss and intercept double (exact in binary) and lose the place it added.
    """
    lr_places = decimals(lr)
    e_places = max(t_places, o_places)
    size = np.abs(o) + abs(t)
    error = snap(o - t, e_places, size)  # o - t
    total = snap(t + o, e_places, size)
    g = error if half else 2 * error
    nxt_places = max(o_places, lr_places + e_places)
    nxt = snap(o - lr * g, nxt_places, np.abs(o) + abs(lr) * np.abs(g))
    error_next = snap(nxt - t, max(t_places, nxt_places), np.abs(nxt) + abs(t))
    extra = 1 if half else 0
    scale = 0.5 if half else 1.0
    return _Exact(
        loss=snap(error**2 * scale, 2 * e_places + extra),
        gradient=g,
        intercept=snap(-error * total * scale, 2 * e_places + extra),
        next_output=nxt,
        next_loss=snap(error_next**2 * scale, 2 * max(t_places, nxt_places) + extra),
    )


def at(t: float, o: float, lr: float, half: bool = True) -> Point:
    """Every number the readout shows for one state, exact: each is the decimal result
    (computed in decimal arithmetic from the numbers as typed) rounded once to a float.

    >>> p = at(1.0, 0.3, 0.5)
    >>> p.loss, p.gradient, p.next_output, p.next_loss, p.direction
    (0.245, -0.7, 0.65, 0.06125, 'increase')
    >>> at(1.0, 0.3, 0.5, half=False).gradient
    -1.4
    """
    with localcontext() as ctx:
        ctx.prec = 80  # inputs have at most 17 digits: every result below is exact
        dt, do, dlr = (Decimal(repr(float(v))) for v in (t, o, lr))
        g = gradient(dt, do, half)
        nxt = step(dt, do, dlr, half)
        return Point(
            target=t,
            output=o,
            learning_rate=lr,
            loss=float(loss(dt, do, half)),
            gradient=float(g),
            slope=float(g),
            intercept=float(tangent(dt, do, half).intercept),  # type: ignore[arg-type]
            next_output=float(nxt),
            next_loss=float(loss(dt, nxt, half)),
            direction=direction(t, o),
            half=half,
        )


class Curves(NamedTuple):
    """Everything the page draws for one t and one learning rate, sampled on a grid of outputs."""

    output: FloatArray
    loss: FloatArray
    gradient: FloatArray
    intercept: FloatArray
    next_output: FloatArray
    next_loss: FloatArray


def curves(
    t: float, lr: float, outputs: FloatArray, output_places: int, half: bool = True
) -> Curves:
    """Loss, gradient, tangent intercept and the step's landing point at every grid output.

    `output_places` is the number of decimals of the grid's points (2 for a 0.01 grid).

    >>> curves(1.0, 0.5, np.array([0.0, 1.0]), 0).next_output.tolist()
    [0.5, 1.0]
    """
    o = np.asarray(outputs, dtype=np.float64)
    e = _exact(t, o, lr, decimals(t), output_places, half)
    return Curves(output=o, **e._asdict())
