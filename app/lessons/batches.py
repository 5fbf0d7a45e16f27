"""Mini-batches: a seeded shuffle split into batches, each batch's mean gradient, and their spread.

The scalar followed is the mean of dL/do_i over a set of samples: over all n it is the full-data
mean gradient (the gradient of the MSE for a shift b shared by every output); over a batch it is
that batch's estimate of it.
"""

from __future__ import annotations

from decimal import Decimal, localcontext
from typing import NamedTuple

import numpy as np

from app.lessons.exact import decimals
from app.lessons.numeric import FloatArray
from app.lessons.samples import PRECISION, summarize


def batch_indices(n: int, size: int, seed: int) -> list[list[int]]:
    """One epoch: a permutation of 0..n−1 from default_rng(seed), cut into batches of `size`
    (the last one smaller when size does not divide n).

    >>> batch_indices(5, 2, 7)
    [[2, 0], [4, 1], [3]]
    """
    if not 1 <= size <= n:
        raise ValueError("the batch size must be between 1 and n")
    order = np.random.default_rng(seed).permutation(n).tolist()
    return [order[i : i + size] for i in range(0, n, size)]


def spread(gradients: list[float]) -> FloatArray:
    """Standard deviation of the mean of a batch of B samples drawn without replacement, for
    B = 1..n: sqrt(σ²/B · (n − B)/(n − 1)) with σ² the population variance (exact formula).

    >>> spread([1.0, 0.0, -1.0]).round(6).tolist()
    [0.816497, 0.408248, 0.0]
    """
    g = np.asarray(gradients, dtype=np.float64)
    n = g.size
    sizes = np.arange(1, n + 1, dtype=np.float64)
    if n == 1:
        return np.zeros(1)
    variance = float(np.mean((g - g.mean()) ** 2))
    factor = np.clip((n - sizes) / (n - 1), 0.0, None)
    out: FloatArray = np.sqrt(variance / sizes * factor)
    return out


class Batches(NamedTuple):
    """One epoch of mini-batches and how their mean gradients relate to the full gradient."""

    n: int
    size: int
    seed: int
    gradients: list[float]  # dL/do_i of each sample
    indices: list[list[int]]
    means: list[float]  # each batch's mean of dL/do_i
    full_mean: float  # the mean of dL/do_i over all n samples
    epoch_average: float  # Σ_b (|b|/n) · mean_b, from the float means
    spread: list[float]  # std of a batch mean, B = 1..n
    batch_std: float  # spread at the chosen size
    half: bool


def epoch(t: list[float], o: list[float], size: int, seed: int, half: bool = True) -> Batches:
    """The batches of one epoch, each batch's mean gradient (exact, rounded once) and the check.

    >>> b = epoch([1, 2, 3, 4], [2, 2, 2, 2], 2, 7)
    >>> b.indices, b.means, b.full_mean, b.epoch_average
    ([[0, 2], [1, 3]], [0.0, -1.0], -0.5, -0.5)
    """
    summary = summarize(t, o, half)
    n = summary.n
    indices = batch_indices(n, size, seed)
    with localcontext() as ctx:
        ctx.prec = PRECISION
        # a batch of one: its mean is its gradient (no sum of one term per batch)
        if size == 1:
            means = [summary.grad_sse[b[0]] for b in indices]
        else:
            grads = decimals(summary.grad_sse)
            zero = Decimal(0)
            means = [
                summary.grad_sse[b[0]]
                if len(b) == 1
                else float(sum((grads[i] for i in b), zero) / len(b))
                for b in indices
            ]
    # the size-weighted average, done in floats on purpose: the page checks it to 1e-12
    average = float(sum(len(b) * m for b, m in zip(indices, means, strict=True)) / n)
    spreads = spread(summary.grad_sse)
    return Batches(
        n=n,
        size=size,
        seed=seed,
        gradients=summary.grad_sse,
        indices=indices,
        means=means,
        full_mean=summary.grad_mse_sum,
        epoch_average=average,
        spread=spreads.tolist(),
        batch_std=float(spreads[size - 1]),
        half=half,
    )
