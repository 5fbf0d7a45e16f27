"""'Reproduce in numpy': a few lines of plain numpy that print the numbers a page shows."""

from __future__ import annotations

from typing import Any

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


def _array(values: list[float]) -> str:
    return "np.array([" + ", ".join(repr(float(v)) for v in values) + "])"


def samples(t: list[float], o: list[float], half: bool) -> str:
    """The n-samples page's numbers, in numpy: terms, SSE, MSE and both gradients.

    >>> print(samples([1.0, 2.0], [2.0, 2.0], True).splitlines()[4])
    terms = 0.5 * (t - o) ** 2
    """
    show = "print(name, '=', ', '.join(format(v, '.12g') for v in np.atleast_1d(value)))"
    return "\n".join(
        [
            "import numpy as np",
            "",
            f"t = {_array(t)}  # targets",
            f"o = {_array(o)}  # outputs",
            "terms = 0.5 * (t - o) ** 2" if half else "terms = (t - o) ** 2",
            "sse = terms.sum()  # add the terms up",
            "mse = terms.mean()  # = sse / n",
            "gradient_sse = o - t  # dSSE/do_i" if half else "gradient_sse = 2 * (o - t)",
            "gradient_mse = gradient_sse / len(t)  # dMSE/do_i",
            "for name, value in [('terms', terms), ('sse', sse), ('mse', mse),",
            "                    ('gradient_sse', gradient_sse), ('gradient_mse', gradient_mse)]:",
            f"    {show}",
        ]
    )


def samples_csv(result: dict[str, Any]) -> list[list[Any]]:
    """One row per sample: t_i, o_i, its term and both gradients; then the totals."""
    rows: list[list[Any]] = [["i", "t", "o", "term", "dSSE/do", "dMSE/do"]]
    for i, (t, o, term, g, m) in enumerate(
        zip(
            result["t"],
            result["o"],
            result["terms"],
            result["gradient"]["sse"],
            result["gradient"]["mse"],
            strict=True,
        ),
        start=1,
    ):
        rows.append([i, t, o, term, g, m])
    rows.append(["SSE", "", "", result["sse"], "", ""])
    rows.append(["MSE", "", "", result["mse"], "", ""])
    return rows
