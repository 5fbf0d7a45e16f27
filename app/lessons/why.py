"""Numbers for the guided tour: how the sign of x turns dL/do into dL/dw, SSE against MSE
over rows (and over the same rows repeated), and a mini-batch.

Sums and means are taken in decimal arithmetic from the numbers as written, then rounded once
to a float, so 1/2 (1 + 0 + 1) is exactly 1.0.
"""

from __future__ import annotations

from decimal import Decimal, localcontext
from typing import NamedTuple

from app.lessons import weights

Values = list[float] | tuple[float, ...]


class Rows(NamedTuple):
    """SSE and MSE = SSE / n of some rows, and each output's gradient under both."""

    squares: tuple[float, ...]  # (t_i - o_i)^2
    sse: float
    mse: float
    sse_gradients: tuple[float, ...]  # dSSE/do_i
    mse_gradients: tuple[float, ...]  # dMSE/do_i = dSSE/do_i / n
    sse_shared: float  # Σ dSSE/do_i: the gradient on a parameter every output shares (a bias)
    mse_shared: float  # Σ dMSE/do_i = sse_shared / n


def _dec(x: float) -> Decimal:
    return Decimal(repr(float(x)))


def rows(t: Values, o: Values, half: bool = True) -> Rows:
    """SSE = ½ Σ (t_i − o_i)² (no ½ when half is False), MSE = SSE / n, and their gradients.

    >>> r = rows([1.0, 2.0, 3.0], [2.0, 2.0, 2.0])
    >>> r.sse, r.sse_gradients, r.mse_gradients[0] == 1 / 3
    (1.0, (1.0, 0.0, -1.0), True)
    >>> rows([1.0, 2.0, 3.0], [2.0, 1.5, 4.0])[-2:]
    (1.5, 0.5)
    """
    with localcontext() as ctx:
        ctx.prec = 60
        dt, do = [_dec(v) for v in t], [_dec(v) for v in o]
        n = len(dt)
        squares = [(a - b) ** 2 for a, b in zip(dt, do, strict=True)]
        scale = Decimal("0.5") if half else Decimal(1)
        sse = scale * sum(squares, Decimal(0))
        grads = [(b - a) * (1 if half else 2) for a, b in zip(dt, do, strict=True)]
        return Rows(
            squares=tuple(float(s) for s in squares),
            sse=float(sse),
            mse=float(sse / n),
            sse_gradients=tuple(float(g) for g in grads),
            mse_gradients=tuple(float(g / n) for g in grads),
            sse_shared=float(sum(grads, Decimal(0))),
            mse_shared=float(sum(grads, Decimal(0)) / n),
        )


def repeated(t: Values, o: Values, times: int, half: bool = True) -> Rows:
    """The same rows written `times` times over: n grows, SSE's shared gradient with it, and
    MSE's stays.

    >>> [repeated([1.0, 2.0, 3.0], [2.0, 1.5, 4.0], k)[-2:] for k in (1, 2, 3)]
    [(1.5, 0.5), (3.0, 0.5), (4.5, 0.5)]
    """
    return rows(list(t) * times, list(o) * times, half)


def batch(t: Values, o: Values, picked: list[int] | tuple[int, ...], half: bool = True) -> Rows:
    """The same numbers over a mini-batch: only the picked rows (0-based), MSE over B of them.

    >>> batch([1.0, 2.0, 3.0], [2.0, 2.0, 2.0], [0, 1]).mse_gradients
    (0.5, 0.0)
    """
    return rows([t[i] for i in picked], [o[i] for i in picked], half)


class WeightCase(NamedTuple):
    """One row of o = w·x + b with b = 0: its output, error, dL/dw and the w part of a step."""

    x: float
    w: float
    output: float  # o = w·x
    error: float  # o − t
    grad_w: float  # dL/dw = (o − t)·x with the ½, 2(o − t)·x without
    next_w: float  # w − η·dL/dw
    next_wx: float  # (w − η·dL/dw)·x: where the w part of the step takes the output


def weight_case(x: float, t: float, w: float, lr: float, half: bool = True) -> WeightCase:
    """dL/dw for one row: the sign of x decides whether a too-low output lowers w or raises it.

    >>> weight_case(-2.0, 1.0, 1.0, 0.1)
    WeightCase(x=-2.0, w=1.0, output=-2.0, error=-3.0, grad_w=6.0, next_w=0.4, next_wx=-0.8)
    >>> weight_case(2.0, 1.0, -1.0, 0.1).grad_w
    -6.0
    """
    p = weights.at([x], [t], w, 0.0, lr, half)
    with localcontext() as ctx:
        ctx.prec = 60
        next_wx = float(_dec(p.next_w) * _dec(x))
    return WeightCase(x, w, p.outputs[0], p.errors[0], p.grad_w, p.next_w, next_wx)
