"""'Reproduce in numpy': a few lines of plain numpy that print the numbers a page shows."""

from __future__ import annotations

from typing import Any

from app.formatting import float_list
from app.schemas import SingleQuery


def single(query: SingleQuery) -> str:
    """The single-output page's numbers, in numpy.

    >>> print(single(SingleQuery(t=1, o=0.3, lr=0.5)).splitlines()[3])
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
    return "np.array([" + float_list(values).replace(",", ", ") + "])"


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


def _show(names: str) -> str:
    return (
        f"for name, value in [{names}]:\n"
        "    print(name, '=', ', '.join(format(v, '.12g') for v in np.atleast_1d(value)))"
    )


def weights(result: dict[str, Any]) -> str:
    """The weights page: outputs, loss and the chain-rule gradients dL/dw and dL/db."""
    scale = "0.5" if result["half"] else "1.0"
    per = " / len(x)" if result["mean"] else ""
    return "\n".join(
        [
            "import numpy as np",
            "",
            f"x = {_array(result['x'])}  # inputs",
            f"t = {_array(result['t'])}  # targets",
            f"w, b = np.float64({result['w']!r}), np.float64({result['b']!r})",
            "o = w * x + b  # the model's outputs",
            "error = o - t  # dL/do_i keeps this sign",
            f"loss = {scale} * np.sum(error ** 2){per}",
            f"dL_dw = 2 * {scale} * np.sum(error * x){per}  # chain rule: do_i/dw = x_i",
            f"dL_db = 2 * {scale} * np.sum(error){per}  # chain rule: do_i/db = 1",
            _show("('outputs', o), ('loss', loss), ('dL_dw', dL_dw), ('dL_db', dL_db)"),
        ]
    )


def losses(t: float, o: float, delta: float, half: bool) -> str:
    """The losses page: each loss and its derivative at one output (where it has one)."""
    scale = "0.5" if half else "1.0"
    return "\n".join(
        [
            "import numpy as np",
            "",
            f"t, o, delta = np.float64({t!r}), np.float64({o!r}), np.float64({delta!r})",
            "e = o - t",
            f"squared, d_squared = {scale} * e ** 2, 2 * {scale} * e",
            "absolute, d_absolute = abs(e), np.sign(e)  # at e = 0: any slope in [-1, 1]",
            "if abs(e) <= delta:",
            "    huber, d_huber = 0.5 * e ** 2, e",
            "else:",
            "    huber, d_huber = delta * (abs(e) - 0.5 * delta), delta * np.sign(e)",
            "if 0 < o < 1 and 0 <= t <= 1:  # cross-entropy needs a probability",
            "    cross_entropy = -(t * np.log(o) + (1 - t) * np.log(1 - o))",
            "    d_cross_entropy = (o - t) / (o * (1 - o))",
            "else:",
            "    cross_entropy = d_cross_entropy = np.nan",
            _show(
                "('squared', [squared, d_squared]), ('absolute', [absolute, d_absolute]),\n"
                "                    ('huber', [huber, d_huber]),"
                " ('cross_entropy', [cross_entropy, d_cross_entropy])"
            ),
        ]
    )


def batches(result: dict[str, Any], t: list[float], o: list[float]) -> str:
    """The batches page: each batch's mean gradient, the full mean and the epoch average."""
    grad = "o - t" if result["half"] else "2 * (o - t)"
    indices = [batch["indices"] for batch in result["batches"]]
    return "\n".join(
        [
            "import numpy as np",
            "",
            f"t = {_array(t)}",
            f"o = {_array(o)}",
            f"g = {grad}  # dL/do_i for each sample",
            f"batches = {indices!r}  # the page's seeded epoch (0-based indices)",
            "means = [g[idx].mean() for idx in batches]",
            "epoch = sum(len(idx) * m for idx, m in zip(batches, means)) / len(g)",
            _show("('batch_means', means), ('full_mean', g.mean()), ('epoch_average', epoch)"),
        ]
    )


def descent(state: dict[str, Any]) -> str:
    """The descent page: the same run, step by step, for as many steps as the page took."""
    result, query = state["result"], state["query"]
    # after a bad x or t, "data" holds the text as typed; the run used the defaults
    data = state.get("data_used", state["data"])
    lr, steps, half = state["learning_rate"], result["iterations"], query["half"]
    scale = "0.5" if half else "1.0"
    if result["mode"] == "single":
        t = float(data["t"])
        o0 = result["trajectory"]["o"][0]
        return "\n".join(
            [
                "import numpy as np",
                "",
                f"t, o, lr = np.float64({t!r}), np.float64({o0!r}), np.float64({lr!r})",
                f"for step in range({steps}):",
                f"    o = o - lr * 2 * {scale} * (o - t)  # against the gradient",
                f"loss = {scale} * (t - o) ** 2",
                _show(
                    "('steps', {steps}), ('o', o), ('loss', loss)".replace("{steps}", str(steps))
                ),
            ]
        )
    if "data_used" not in state and query.get("x") is not None and query.get("t") is not None:
        x, ts = query["x"], query["t"]  # the lists as given (their text is kept: no re-parse)
    else:  # the seeded data, or the defaults after a bad x or t: as the page wrote them
        x = [float(v) for v in str(data["x"]).split(",")]
        ts = [float(v) for v in str(data["t"]).split(",")]
    per = " / len(x)" if query["mean"] else ""
    w0, b0 = result["trajectory"]["w"][0], result["trajectory"]["b"][0]
    return "\n".join(
        [
            "import numpy as np",
            "",
            f"x = {_array(x)}",
            f"t = {_array(ts)}",
            f"w, b, lr = np.float64({w0!r}), np.float64({b0!r}), np.float64({lr!r})",
            f"for step in range({steps}):",
            "    error = w * x + b - t",
            f"    w, b = (w - lr * 2 * {scale} * np.sum(error * x){per},"
            f" b - lr * 2 * {scale} * np.sum(error){per})",
            f"loss = {scale} * np.sum((w * x + b - t) ** 2){per}",
            _show(f"('steps', {steps}), ('w', w), ('b', b), ('loss', loss)"),
        ]
    )
