"""Gradient descent runs: one output o, or the weights (w, b) of a one-feature model.

Each run is computed in decimal arithmetic (exact while the digits fit in 80 places), so the
first steps show the same numbers a learner gets by hand. A run stops when the gradient is
negligible ("converged"), when a value leaves ±BOUND ("diverged": nothing beyond is kept, so
no infinity can reach a chart or JSON), or after the asked number of steps ("running").
"""

from __future__ import annotations

from decimal import Decimal, localcontext
from operator import mul
from typing import Literal, NamedTuple

import numpy as np

from app.lessons import single
from app.lessons import weights as wl
from app.lessons.exact import decimals, scaled_pair, sums

BOUND = 1e6
MAX_STEPS = 500
PRECISION = 40  # digits: exact for typed inputs over many steps, far past a float
TOLERANCE = 1e-6  # of the first gradient's size (at least 1)
Status = Literal["converged", "running", "diverged"]


class Run(NamedTuple):
    """A trajectory: the values, loss and gradient after 0, 1, ..., `iterations` steps."""

    values: dict[str, list[float]]
    loss: list[float]
    gradient: dict[str, list[float]]
    status: Status
    iterations: int
    escaped: str  # the value that left the bounds, or ""
    oscillates: bool  # successive gradients mostly point against each other
    factor: float  # 1 − η·curvature: how each step scales the error along the steepest line


def _d(value: float) -> Decimal:
    return Decimal(repr(float(value)))


def _oscillates(grads: list[list[float]]) -> bool:
    dots = [
        sum(a * b for a, b in zip(g, h, strict=True))
        for g, h in zip(grads, grads[1:], strict=False)
    ]
    flips = sum(1 for d in dots if d < 0)
    return bool(dots) and flips * 2 > len(dots)


def _oscillates_pair(gw: list[float], gb: list[float]) -> bool:
    """`_oscillates` for two parameters, the dot products in numpy (same products, same order).

    >>> _oscillates_pair([1.0, -1.0, 1.0], [0.5, -0.5, 0.5]), _oscillates_pair([1.0], [0.0])
    (True, False)
    """
    w, b = np.asarray(gw), np.asarray(gb)
    dots = w[:-1] * w[1:] + b[:-1] * b[1:]
    return bool(dots.size) and int((dots < 0).sum()) * 2 > dots.size


def _run(
    names: tuple[str, ...],
    start: list[Decimal],
    gradient: object,
    loss: object,
    lr: float,
    steps: int,
    factor: float,
) -> Run:
    """Iterate θ ← θ − η·∇L(θ) with the given Decimal gradient and loss functions."""
    assert callable(gradient) and callable(loss)
    dlr = _d(lr)
    theta = start
    thetas = [theta]
    grads = [list(gradient(theta))]
    losses = [loss(theta)]
    tol = Decimal(repr(TOLERANCE)) * max(Decimal(1), max(abs(g) for g in grads[0]))
    status: Status = "running"
    escaped = ""
    for _ in range(steps + 1):
        if max(abs(g) for g in grads[-1]) <= tol:
            status = "converged"
            break
        if len(thetas) > steps:
            break
        nxt = [v - dlr * g for v, g in zip(theta, grads[-1], strict=True)]
        out = [name for name, v in zip(names, nxt, strict=True) if abs(v) > Decimal(BOUND)]
        if out:
            status, escaped = "diverged", out[0]
            break
        theta = nxt
        thetas.append(theta)
        grads.append(list(gradient(theta)))
        losses.append(loss(theta))
    return Run(
        values={name: [float(th[i]) for th in thetas] for i, name in enumerate(names)},
        loss=[float(v) for v in losses],
        gradient={name: [float(g[i]) for g in grads] for i, name in enumerate(names)},
        status=status,
        iterations=len(thetas) - 1,
        escaped=escaped,
        oscillates=_oscillates([[float(v) for v in g] for g in grads]),
        factor=factor,
    )


def run_single(t: float, o: float, lr: float, steps: int, half: bool = True) -> Run:
    """Descent on one output: o ← o − η·dL/do, each step scaling o − t by 1 − η (½) or 1 − 2η.

    >>> r = run_single(1.0, -2.0, 0.5, 50)
    >>> r.values["o"][:4], r.status, r.iterations
    ([-2.0, -0.5, 0.25, 0.625], 'converged', 20)
    >>> run_single(1.0, -2.0, 1.0, 50).values["o"]
    [-2.0, 1.0]
    """
    dt = _d(t)
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return _run(
            ("o",),
            [_d(o)],
            lambda th: [single.gradient(dt, th[0], half)],
            lambda th: single.loss(dt, th[0], half),
            lr,
            steps,
            1 - lr * (1 if half else 2),
        )


def run_weights(
    x: list[float],
    t: list[float],
    w: float,
    b: float,
    lr: float,
    steps: int,
    half: bool = True,
    mean: bool = False,
    curvature: float | None = None,
) -> Run:
    """Descent on (w, b) of o = w·x + b, through the sums Σx², Σx, Σxt, Σt, Σt² (exact).

    The iteration of `_run`, written out for two parameters (its lists and closures cost
    more; README, "Why the code is shaped so"), with the loss from the gradient's sums:
    tests/test_descent.py runs the same gradient and loss through `_run` and compares.
    `curvature` may be passed when the caller has it.

    >>> r = run_weights([1.0, 2.0, 3.0], [2.0, 4.0, 6.0], 0.5, 0.0, 0.1, 3)
    >>> r.values["w"][:2], r.values["b"][:2], r.loss[0], r.status
    ([0.5, 2.6], [0.0, 0.9], 15.75, 'running')
    """
    n = len(x)
    if curvature is None:
        curvature = wl.curvature(wl.bowl(x, t, half, mean))
    with localcontext() as ctx:
        ctx.prec = PRECISION
        sxx, sx, sxt, st, stt = _sums(x, t)
        scale = Decimal(1 if half else 2) / (n if mean else 1)
        half_scale = scale / 2
        dn = Decimal(n)
        zero, bound, dlr = Decimal(0), Decimal(BOUND), _d(lr)

        unit = scale == 1  # 1·g is g: the product can be skipped, same digits
        w_, b_ = _d(w), _d(b)
        ws: list[Decimal] = []
        bs: list[Decimal] = []
        gws: list[Decimal] = []
        gbs: list[Decimal] = []
        losses: list[Decimal] = []
        tol = low = high = zero
        status: Status = "running"
        escaped = ""
        for k in range(steps + 1):
            # Σ(o_i − t_i)·x_i and Σ(o_i − t_i) from the sums; then, since
            # w·gw + b·gb = w²Σx² + 2wbΣx + nb² − wΣxt − bΣt, the loss costs 7 operations, not 18
            gw, gb = w_ * sxx + b_ * sx - sxt, w_ * sx + b_ * dn - st
            loss = half_scale * (w_ * (gw - sxt) + b_ * (gb - st) + stt)
            if not unit:
                gw, gb = scale * gw, scale * gb
            ws.append(w_)
            bs.append(b_)
            gws.append(gw)
            gbs.append(gb)
            losses.append(zero if loss < zero else loss)
            if k == 0:
                tol = Decimal(repr(TOLERANCE)) * max(Decimal(1), abs(gw), abs(gb))
                low, high = -tol, tol
            if low <= gw <= high and low <= gb <= high:
                status = "converged"
                break
            if k == steps:
                break
            nw, nb = w_ - dlr * gw, b_ - dlr * gb
            if not (-bound <= nw <= bound and -bound <= nb <= bound):
                status, escaped = "diverged", "w" if abs(nw) > bound else "b"
                break
            w_, b_ = nw, nb
        grad_w, grad_b = [float(g) for g in gws], [float(g) for g in gbs]
        return Run(
            values={"w": [float(v) for v in ws], "b": [float(v) for v in bs]},
            loss=[float(v) for v in losses],
            gradient={"w": grad_w, "b": grad_b},
            status=status,
            iterations=len(ws) - 1,
            escaped=escaped,
            oscillates=_oscillates_pair(grad_w, grad_b),
            factor=1 - lr * curvature,
        )


def _sums(x: list[float], t: list[float]) -> tuple[Decimal, Decimal, Decimal, Decimal, Decimal]:
    """Σx², Σx, Σxt, Σt, Σt² in the current Decimal context, from the numbers as typed: summed
    in whole numbers of 10⁻ᵏ (exact; about half the time of Decimal), then each rounded once to
    the context, or in Decimal where a value is written with an exponent."""
    data = scaled_pair(x, t)
    if data is not None:
        big_x, big_t, k = data
        sxx, sx, sxt, st, stt = sums(big_x, big_t)
        return (
            +Decimal(sxx).scaleb(-2 * k),
            +Decimal(sx).scaleb(-k),
            +Decimal(sxt).scaleb(-2 * k),
            +Decimal(st).scaleb(-k),
            +Decimal(stt).scaleb(-2 * k),
        )
    dx, dt = decimals(x), decimals(t)
    zero = Decimal(0)
    return (
        sum(map(mul, dx, dx), zero),
        sum(dx, zero),
        sum(map(mul, dx, dt), zero),
        sum(dt, zero),
        sum(map(mul, dt, dt), zero),
    )


def presets(curvature: float) -> list[float]:
    """Learning rates for slow, one-step, oscillating and diverging runs: 0.5, 1, 1.5 and 2.5
    over the curvature, to 3 significant digits (exactly 0.5, 1, 1.5, 2.5 for one output).

    >>> presets(1.0), presets(2.0)
    ([0.5, 1.0, 1.5, 2.5], [0.25, 0.5, 0.75, 1.25])
    """
    return [float(f"{k / curvature:.3g}") for k in (0.5, 1.0, 1.5, 2.5)]
