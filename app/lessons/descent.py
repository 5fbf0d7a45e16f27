"""Gradient descent runs: one output o, or the weights (w, b) of a one-feature model.

Each run is computed in decimal arithmetic (exact while the digits fit in 80 places), so the
first steps show the same numbers a learner gets by hand. A run stops when the gradient is
negligible ("converged"), when a value leaves ±BOUND ("diverged": nothing beyond is kept, so
no infinity can reach a chart or JSON), or after the asked number of steps ("running").
"""

from __future__ import annotations

from decimal import Decimal, localcontext
from typing import Literal, NamedTuple

from app.lessons import single
from app.lessons import weights as wl

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
) -> Run:
    """Descent on (w, b) of o = w·x + b, through the sums Σx², Σx, Σxt, Σt, Σt² (exact).

    >>> r = run_weights([1.0, 2.0, 3.0], [2.0, 4.0, 6.0], 0.5, 0.0, 0.1, 3)
    >>> r.values["w"][:2], r.values["b"][:2], r.loss[0], r.status
    ([0.5, 2.6], [0.0, 0.9], 15.75, 'running')
    """
    n = len(x)
    factor = 1 - lr * wl.curvature(wl.bowl(x, t, half, mean))
    with localcontext() as ctx:
        ctx.prec = PRECISION
        dx = [_d(v) for v in x]
        dt = [_d(v) for v in t]
        sxx = sum(v * v for v in dx)
        sx = sum(dx)
        sxt = sum(a * c for a, c in zip(dx, dt, strict=True))
        st = sum(dt)
        stt = sum(v * v for v in dt)
        scale = Decimal(1 if half else 2) / (n if mean else 1)
        dn = Decimal(n)

        def grad(th: list[Decimal]) -> list[Decimal]:
            w_, b_ = th
            return [scale * (w_ * sxx + b_ * sx - sxt), scale * (w_ * sx + b_ * dn - st)]

        def loss(th: list[Decimal]) -> Decimal:
            w_, b_ = th
            total = w_ * w_ * sxx + 2 * w_ * b_ * sx + b_ * b_ * dn - 2 * w_ * sxt - 2 * b_ * st
            return max(scale / 2 * (total + stt), Decimal(0))

        return _run(("w", "b"), [_d(w), _d(b)], grad, loss, lr, steps, factor)


def presets(curvature: float) -> list[float]:
    """Learning rates for slow, one-step, oscillating and diverging runs: 0.5, 1, 1.5 and 2.5
    over the curvature, to 3 significant digits (exactly 0.5, 1, 1.5, 2.5 for one output).

    >>> presets(1.0), presets(2.0)
    ([0.5, 1.0, 1.5, 2.5], [0.25, 0.5, 0.75, 1.25])
    """
    return [float(f"{k / curvature:.3g}") for k in (0.5, 1.0, 1.5, 2.5)]
