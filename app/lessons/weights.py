"""A one-feature model o_i = w·x_i + b: its loss, the chain rule to dL/dw and dL/db, one step.

The loss follows the page's convention: L = c·Σ(o_i − t_i)² with c = ½ (the ½ factor) or 1,
divided by n for the mean. By the chain rule dL/do_i = 2c·(o_i − t_i), do_i/dw = x_i and
do_i/db = 1, so dL/dw = 2c·Σ(o_i − t_i)·x_i and dL/db = 2c·Σ(o_i − t_i).
The numbers a learner checks (one state) are computed in decimal arithmetic; the curves and the
contour the charts draw use floats through the bowl form of the loss, which never goes negative.
"""

from __future__ import annotations

import math
from decimal import Decimal, localcontext
from itertools import repeat
from operator import mul, sub
from typing import NamedTuple

import numpy as np

from app.lessons.exact import decimals, scaled, scaled_pair, sums
from app.lessons.numeric import FloatArray

DEFAULT_ROWS = 8


def seeded_data(seed: int, n: int = DEFAULT_ROWS) -> tuple[list[float], list[float]]:
    """A small data set scattered around a line, reproducible from its seed; one decimal each.

    >>> x, t = seeded_data(1, 3)
    >>> len(x), len(t), seeded_data(1, 3) == (x, t)
    (3, 3, True)
    """
    rng = np.random.default_rng(seed)
    slope = float(rng.uniform(0.5, 2.0))
    intercept = float(rng.uniform(-1.0, 1.0))
    x = np.round(rng.uniform(-2.0, 2.0, n), 1)
    t = np.round(slope * x + intercept + rng.normal(0.0, 0.4, n), 1)
    return [float(v) + 0.0 for v in x], [float(v) + 0.0 for v in t]


def loss_factor(n: int, half: bool = True, mean: bool = False) -> float:
    """The c in L = c·Σ(o − t)²: ½ with the ½ factor, divided by n for the mean.

    >>> loss_factor(4), loss_factor(4, half=False), loss_factor(4, mean=True)
    (0.5, 1.0, 0.125)
    """
    return (0.5 if half else 1.0) / (n if mean else 1)


def _d(value: float) -> Decimal:
    return Decimal(repr(float(value)))


class Point(NamedTuple):
    """Every number the weights page shows for one state, each exact or rounded once."""

    w: float
    b: float
    learning_rate: float
    outputs: list[float]
    errors: list[float]
    loss: float
    grad_w: float
    grad_b: float
    next_w: float
    next_b: float
    next_loss: float
    mean_error: float
    mean_output: float
    next_mean_output: float
    half: bool
    mean: bool


def at(
    x: list[float],
    t: list[float],
    w: float,
    b: float,
    lr: float,
    half: bool = True,
    mean: bool = False,
) -> Point:
    """Outputs, loss, gradient and one descent step, exact from the typed numbers, rounded once.

    >>> p = at([1.0, 2.0, 3.0], [2.0, 4.0, 6.0], 0.5, 0.0, 0.1)
    >>> p.outputs, p.loss, p.grad_w, p.grad_b
    ([0.5, 1.0, 1.5], 15.75, -21.0, -9.0)
    >>> p.next_w, p.next_b
    (2.6, 0.9)
    """
    exact = _at_exact(x, t, w, b, lr, half, mean)
    return exact if exact is not None else _at_decimal(x, t, w, b, lr, half, mean)


def _at_exact(
    x: list[float],
    t: list[float],
    w: float,
    b: float,
    lr: float,
    half: bool,
    mean: bool,
) -> Point | None:
    """`at` in whole numbers: every typed value is a whole number of 10⁻ᵏ (exact.scaled), each
    result a ratio of two integers, and Python's int / int rounds that once, correctly.

    Faster than Decimal (int operations are cheaper, and int / int replaces float(Decimal)).
    None where a value is written with an exponent or is too long.
    """
    data, pair, rate = scaled_pair(x, t), scaled([w, b]), scaled([lr])
    if data is None or pair is None or rate is None:
        return None
    # x_i = X_i/10^k, t_i = T_i/10^k, w = W/10^q, b = B/10^q, lr = L/10^r
    (big_x, big_t, k), ((big_w, big_b), q), ((big_l,), r) = data, pair, rate
    n = len(big_x)
    h, m = (1 if half else 2), (n if mean else 1)  # dL/do_i = (h/m)(o_i − t_i)
    pk, pq, pr = 10**k, 10**q, 10**r
    d1 = pq * pk
    # the five sums every total below is made of (small whole numbers: fast and exact)
    sxx, sx, sxt, st, stt = sums(big_x, big_t)

    def square_sum(a: int, c: int, u: int) -> int:
        """Σ(a·X_i + c − u·T_i)², expanded over the five sums."""
        return a * a * sxx + n * c * c + u * u * stt + 2 * (a * c * sx - a * u * sxt - c * u * st)

    # o_i = O_i/d1 and e_i = o_i − t_i = E_i/d1 with O_i = W·X_i + B·10^k, E_i = O_i − T_i·10^q
    bk = big_b * pk
    big_o = [big_w * v + bk for v in big_x]
    big_e = list(map(sub, big_o, map(mul, big_t, repeat(pq))))
    sum_e = big_w * sx + n * bk - pq * st
    loss_n = h * square_sum(big_w, bk, pq)  # L = (h/2m)·Σe² = loss_n/(2m·d1²)
    gw_n, gw_d = h * (big_w * sxx + bk * sx - pq * sxt), m * d1 * pk
    gb_n, gb_d = h * sum_e, m * d1
    # w' = w − lr·gw = nw/nd, b' = b − lr·gb = nb/(nd/10^k)
    nd = pq * pr * gw_d
    nw = big_w * pr * gw_d - big_l * gw_n * pq
    nb = big_b * pr * gb_d - big_l * gb_n * pq
    # o'_i = (nw·X_i + nb·10^2k)/(nd·10^k), e'_i = o'_i − T_i/10^k over the same denominator
    shift, d2 = nb * pk * pk, nd * pk
    next_loss_n = h * square_sum(nw, shift, nd)
    return Point(
        w=w,
        b=b,
        learning_rate=lr,
        outputs=[v / d1 for v in big_o],
        errors=[v / d1 for v in big_e],
        loss=loss_n / (2 * m * d1 * d1),
        grad_w=gw_n / gw_d,
        grad_b=gb_n / gb_d,
        next_w=nw / nd,
        next_b=nb * pk / nd,
        next_loss=next_loss_n / (2 * m * d2 * d2),
        mean_error=sum_e / (n * d1),
        mean_output=(big_w * sx + n * bk) / (n * d1),
        next_mean_output=(nw * sx + n * shift) / (n * d2),
        half=half,
        mean=mean,
    )


def _at_decimal(
    x: list[float],
    t: list[float],
    w: float,
    b: float,
    lr: float,
    half: bool = True,
    mean: bool = False,
) -> Point:
    """`at` in Decimal arithmetic at 80 digits: for numbers written with an exponent or too
    many digits for `_at_exact`, and the reference it is tested against."""
    n = len(x)
    with localcontext() as ctx:
        ctx.prec = 80  # products of 17-digit inputs and sums of 1000 of them stay exact
        dw, db, dlr = _d(w), _d(b), _d(lr)
        dx, dt = decimals(x), decimals(t)
        scale = Decimal(1 if half else 2) / (n if mean else 1)  # dL/do_i = scale·(o_i − t_i)
        c = scale / 2
        outs = [dw * xi + db for xi in dx]
        errs = list(map(sub, outs, dt))
        loss = c * sum(map(mul, errs, errs))
        sum_errs = sum(errs)
        gw = scale * sum(map(mul, errs, dx))
        gb = scale * sum_errs
        nw, nb = dw - dlr * gw, db - dlr * gb
        next_outs = [nw * xi + nb for xi in dx]
        next_errs = list(map(sub, next_outs, dt))
        next_loss = c * sum(map(mul, next_errs, next_errs))
        return Point(
            w=w,
            b=b,
            learning_rate=lr,
            outputs=list(map(float, outs)),
            errors=list(map(float, errs)),
            loss=float(loss),
            grad_w=float(gw),
            grad_b=float(gb),
            next_w=float(nw),
            next_b=float(nb),
            next_loss=float(next_loss),
            mean_error=float(sum_errs / n),
            mean_output=float(sum(outs) / n),
            next_mean_output=float(sum(next_outs) / n),
            half=half,
            mean=mean,
        )


def loss_at(
    x: list[float],
    t: list[float],
    w: float,
    b: float,
    half: bool = True,
    mean: bool = False,
) -> float:
    """The loss in floats, summed with math.fsum (what a finite difference probes).

    >>> loss_at([1.0, 2.0], [1.0, 1.0], 1.0, 0.0)
    0.5
    """
    c = loss_factor(len(x), half, mean)
    return c * math.fsum((w * xi + b - ti) ** 2 for xi, ti in zip(x, t, strict=True))


class Bowl(NamedTuple):
    """L(w, b) = floor + c·(sxx·dw² + 2·sx·dw·db + n·db²) about a lowest point (w_min, b_min)."""

    sxx: float
    sx: float
    n: int
    c: float
    w_min: float
    b_min: float
    floor: float


def bowl(x: list[float], t: list[float], half: bool = True, mean: bool = False) -> Bowl:
    """The loss over (w, b) as a quadratic about its least-squares minimum.

    >>> bowl([1.0, 2.0, 3.0], [2.0, 4.0, 6.0]).w_min
    2.0
    """
    xs = np.asarray(x, dtype=np.float64)
    ts = np.asarray(t, dtype=np.float64)
    a = np.column_stack([xs, np.ones_like(xs)])
    # lstsq's minimum-norm answer solves the normal equations even when every x is the same
    (w_min, b_min), *_ = np.linalg.lstsq(a, ts, rcond=None)
    c = loss_factor(len(xs), half, mean)
    floor = c * math.fsum(((w_min * xs + b_min - ts) ** 2).tolist())
    w_min, b_min = float(np.round(w_min, 12)) + 0.0, float(np.round(b_min, 12)) + 0.0
    return Bowl(
        sxx=math.fsum((xs * xs).tolist()),
        sx=math.fsum(xs.tolist()),
        n=len(xs),
        c=c,
        w_min=w_min,
        b_min=b_min,
        floor=floor,
    )


def bowl_loss(q: Bowl, w: FloatArray | float, b: FloatArray | float) -> FloatArray:
    """L at (w, b) (arrays broadcast), never below the floor.

    >>> float(bowl_loss(bowl([1.0, 2.0], [1.0, 1.0]), 1.0, 0.0))
    0.5
    """
    dw = np.asarray(w, dtype=np.float64) - q.w_min
    db = np.asarray(b, dtype=np.float64) - q.b_min
    form = q.sxx * dw * dw + 2 * q.sx * dw * db + q.n * db * db
    return q.floor + q.c * np.maximum(form, 0.0)


def bowl_gradient(
    q: Bowl, w: FloatArray | float, b: FloatArray | float
) -> tuple[FloatArray, FloatArray]:
    """(dL/dw, dL/db) at (w, b): 2c·H·((w, b) − minimum), H = [[Σx², Σx], [Σx, n]].

    >>> [float(g) for g in bowl_gradient(bowl([1.0, 2.0], [1.0, 1.0]), 1.0, 0.0)]
    [2.0, 1.0]
    """
    dw = np.asarray(w, dtype=np.float64) - q.w_min
    db = np.asarray(b, dtype=np.float64) - q.b_min
    return 2 * q.c * (q.sxx * dw + q.sx * db), 2 * q.c * (q.sx * dw + q.n * db)


def curvature(q: Bowl) -> float:
    """The largest eigenvalue of the loss's Hessian 2c·H: steps above 2/curvature diverge.

    >>> curvature(bowl([0.0, 0.0], [1.0, 1.0]))
    2.0
    """
    h = 2 * q.c * np.array([[q.sxx, q.sx], [q.sx, float(q.n)]])
    return float(np.linalg.eigvalsh(h)[-1])


def slice_minimum(q: Bowl, b: float) -> float:
    """The w that minimises L with b held fixed (any w when every x is 0: then w_min).

    >>> slice_minimum(bowl([1.0, 2.0, 3.0], [2.0, 4.0, 6.0]), 0.0)
    2.0
    """
    if q.sxx == 0:
        return q.w_min
    return q.w_min - q.sx * (b - q.b_min) / q.sxx
