"""'Reproduce in numpy': a few lines of plain numpy that print the numbers a page shows."""

from __future__ import annotations

from app.schemas import LossQuery


def single(query: LossQuery) -> str:
    """The single-output page's numbers, in numpy.

    >>> print(single(LossQuery(t=1, o=0.3, lr=0.5)).splitlines()[3])
    o = np.float64(0.3)  # output
    """
    if query.half:
        loss, grad = "0.5 * (t - o) ** 2", "o - t"
        loss_next = "0.5 * (t - next_output) ** 2"
    else:
        loss, grad = "(t - o) ** 2", "2 * (o - t)"
        loss_next = "(t - next_output) ** 2"
    return "\n".join(
        [
            "import numpy as np",
            "",
            f"t = np.float64({query.t!r})  # target",
            f"o = np.float64({query.o!r})  # output",
            f"lr = np.float64({query.lr!r})  # learning rate",
            f"loss = {loss}",
            f"gradient = {grad}  # dL/do: the sign of o - t survives",
            "next_output = o - lr * gradient  # one step against the gradient",
            f"next_loss = {loss_next}",
            "for name in ('loss', 'gradient', 'next_output', 'next_loss'):",
            "    print(name, '=', format(globals()[name], '.12g'))  # 12 digits hide float noise",
        ]
    )
