"""Numbers for the guided tour's last steps: SSE against MSE over rows, and a mini-batch.

Sums and means are taken in decimal arithmetic from the numbers as written, then rounded once
to a float, so 1/2 (1 + 0 + 1) is exactly 1.0.
"""

from __future__ import annotations

from decimal import Decimal, localcontext
from typing import NamedTuple

Values = list[float] | tuple[float, ...]


class Rows(NamedTuple):
    """SSE and MSE = SSE / n of some rows, and each output's gradient under both."""

    squares: tuple[float, ...]  # (t_i - o_i)^2
    sse: float
    mse: float
    sse_gradients: tuple[float, ...]  # dSSE/do_i
    mse_gradients: tuple[float, ...]  # dMSE/do_i = dSSE/do_i / n


def _dec(x: float) -> Decimal:
    return Decimal(repr(float(x)))


def rows(t: Values, o: Values, half: bool = True) -> Rows:
    """SSE = ½ Σ (t_i − o_i)² (no ½ when half is False), MSE = SSE / n, and their gradients.

    >>> r = rows([1.0, 2.0, 3.0], [2.0, 2.0, 2.0])
    >>> r.sse, r.sse_gradients, r.mse_gradients[0] == 1 / 3
    (1.0, (1.0, 0.0, -1.0), True)
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
        )


def batch(t: Values, o: Values, picked: list[int] | tuple[int, ...], half: bool = True) -> Rows:
    """The same numbers over a mini-batch: only the picked rows (0-based), MSE over B of them.

    >>> batch([1.0, 2.0, 3.0], [2.0, 2.0, 2.0], [0, 1]).mse_gradients
    (0.5, 0.0)
    """
    return rows([t[i] for i in picked], [o[i] for i in picked], half)
