"""The guided tour `/why`: the learner's three questions in order, each with a chart at a
fixed state, a formula with the numbers, and a "Try it" link into an interactive page."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from app import i18n
from app.figures import palette
from app.figures.layout import PLOT_CONFIG
from app.figures.why import (
    Axes,
    Bars,
    Slope,
    Square,
    WeightPanel,
    gradient_bars,
    half_figure,
    slope_figure,
    square_figure,
    weights_figure,
)
from app.formatting import number
from app.i18n import N_, _
from app.lessons import single
from app.lessons import why as tour
from app.lessons.numeric import grid
from app.mathml import formula
from app.pages.chart import Chart
from app.pages.weights import signed

CLIENT_KEYS = ("figures", "config")

# The tour's steps, in order: each one's key (its chart is /embed/why-<key>) and question.
QUESTIONS = {
    "square": N_("1. If t − o is negative, doesn't the square remove the sign?"),
    "slope": N_("2. Then how can the gradient be negative?"),
    "side": N_("3. How is “too high” told apart from “too low”?"),
    "weights": N_("4. So do the weights go down?"),
    "half": N_("Why the ½ in front?"),
    "sse": N_("More samples: SSE or MSE?"),
    "batches": N_("And with mini-batches?"),
}

# Each step's chart in words: its description (the chart's label) and its caption.
CHART_WORDS = {
    "square": (
        N_(
            "Loss against output: a parabola that touches zero at t. The output o = 3 is 2"
            " above t, marked on the axis as t − o = −2; its loss 2 is the point's height."
            " The mirror output o = −1, 2 below t, has t − o = +2 and the same loss."
        ),
        N_(
            "The error t − o is the segment on the axis, the loss its square's half, the"
            " height. Both sides of t give the same loss."
        ),
    ),
    "slope": (
        N_(
            "Loss against output with two tangents: at o = 0.3, left of t, the tangent falls"
            " (slope −0.7); at o = 3, right of t, it rises (slope +2)."
        ),
        N_("The gradient is the tangent's slope: negative left of t, positive right of it."),
    ),
    "side": (
        N_(
            "Loss against output with the descent steps: an arrow from o = 3 to o = 2 and"
            " one from o = 0.3 to o = 0.65, both towards the target."
        ),
        N_("Each green arrow is one step: against the slope, towards the target."),
    ),
    "weights": (
        N_(
            "Two panels of bars, the same too-low output o = −2 with t = 1: with x = +2,"
            " o − t = −3 and dL/dw = −6, so w goes up; with x = −2, o − t = −3 and"
            " dL/dw = +6, so w goes down."
        ),
        N_("The same error, the opposite x: dL/dw = (o − t)·x takes the sign of x."),
    ),
    "half": (
        N_(
            "Loss without the ½, with the loss with the ½ drawn dotted: twice as tall,"
            " the tangent twice as steep, both with their minimum at t."
        ),
        N_("Without the ½ (solid) the parabola is twice as tall and twice as steep."),
    ),
    "sse": (
        N_(
            "Bars for the same three rows written once, twice and three times: the sum of"
            " the SSE gradients grows 1.5, 3, 4.5; the MSE gradient stays 0.5."
        ),
        N_("Repeat the data: SSE's gradient on a shared b grows with n, MSE's does not."),
    ),
    "batches": (
        N_(
            "Bars of the gradient of rows 1 and 2 under SSE, MSE over all rows and MSE"
            " over the batch of 2."
        ),
        N_("The batch MSE divides by B = 2: between SSE and the full MSE."),
    ),
}

SUMMARY = "The guided tour: why a squared loss still has a signed gradient, step by step."
CHARTS = tuple(Chart(f"why-{key}", question, key) for key, question in QUESTIONS.items())

# The fixed states of the tour: the learner's case (o above t), its mirror, and three rows
# (none with o = t, so every bar has a height).
T, HIGH, LOW, LR = 1.0, 3.0, 0.3, 0.5
AXES = Axes(lo=-1.5, hi=4.0, loss_max=7.0)  # close, so a loss of 2 does not look like 0
OUTPUTS = grid(AXES.lo, AXES.hi, 0.01)
ROWS_T, ROWS_O, BATCH, COPIES = (1.0, 2.0, 3.0), (2.0, 1.5, 4.0), (0, 1), (1, 2, 3)
# The weights step: one row, the same too-low output o = w·x = −2 from x = +2 and x = −2.
W_CASES, W_T, W_LR = ((2.0, -1.0), (-2.0, 1.0)), 1.0, 0.1
SAMPLES_URL = "/samples?t=1,2,3&o=2,1.5,4&half=1"
BATCHES_URL = "/batches?t=1,2,3&o=2,1.5,4&half=1&batch_size=2&seed=7"


def _single_url(o: float, half: bool = True) -> str:
    return f"/?t={T:g}&o={o:g}&lr={LR:g}&half={int(half)}"


def weights_url(x: float, w: float) -> str:
    """The weights page at the step's state: one row, b = 0."""
    return f"/weights?x={x:g}&t={W_T:g}&w={w:g}&b=0&lr={W_LR:g}&half=1&mean=0"


def _losses(half: bool = True) -> list[float]:
    losses: list[float] = single.curves(T, LR, OUTPUTS, 2, half).loss.tolist()
    return losses


def _words() -> dict[str, str]:
    return {
        "output": _("output o"),
        "loss": _("loss L"),
        "target": _("target t"),
        "step": _("descent step"),
        "without": _("solid: L = (t − o)²; dotted: L = ½(t − o)²"),
    }


def _mark(point: single.Point, steps: bool = False, short: bool = False) -> Slope:
    return Slope(
        o=point.output,
        loss=point.loss,
        slope=point.slope,
        next_o=point.next_output,
        next_loss=point.next_loss,
        slope_label=(_("slope {g}") if short else _("slope dL/do = {g}")).format(
            g=signed(point.gradient)
        ),
        step_label=f"{number(point.output)} → {number(point.next_output)}" if steps else "",
    )


def _shown(point: single.Point) -> dict[str, str]:
    """The numbers as the single page writes them, keyed like its `data-shown` outputs."""
    return {
        "t": number(point.target),
        "o": number(point.output),
        "lr": number(point.learning_rate),
        "loss": number(point.loss),
        "gradient": number(point.gradient),
        "next_output": number(point.next_output),
    }


def _square_step(high: single.Point, h: dict[str, str]) -> dict[str, Any]:
    mirror = 2 * T - HIGH
    error, square = number(T - HIGH), number((T - HIGH) ** 2)
    marks = Square(
        t=T,
        o=HIGH,
        mirror=mirror,
        loss=high.loss,
        error_label=f"t − o = {signed(T - HIGH)}",
        mirror_label=f"t − o = {signed(T - mirror)}",
        loss_label=f"L = ½(t − o)² = {h['loss']}",
        mirror_note=_("same L at o = {o}").format(o=number(mirror)),
    )
    return {
        "key": "square",
        "sentences": [
            _("Yes. Take t = {t} and an output that is too high, o = {o}.").format(
                t=h["t"], o=h["o"]
            ),
            _("Then t − o = {error} is negative, but its square is {square}.").format(
                error=error, square=square
            ),
            _(
                "So the loss L = {loss} is positive. A square is never below 0,"
                " so the loss says how far off o is, not on which side."
            ).format(loss=h["loss"]),
            _(
                "The mirror output o = {mirror}, as far below t as {o} is above it, has"
                " t − o = {error} and the same loss {loss}."
            ).format(mirror=number(mirror), o=h["o"], error=signed(T - mirror), loss=h["loss"]),
        ],
        "formulas": [
            formula(
                r"L = \tfrac{1}{2}(t - o)^2 & = \tfrac{1}{2}(\text{SLOTt} - \text{SLOTo})^2"
                r" & = \tfrac{1}{2}\,\text{SLOTerrorP}^2 = \text{SLOTloss} \geq 0",
                {**h, "error": error},
            )
        ],
        "figure": square_figure(AXES, OUTPUTS.tolist(), _losses(), marks, _words()),
        "try_url": _single_url(HIGH),
        "try_shows": {"o": h["o"], "loss": h["loss"]},
    }


def _weights_step() -> dict[str, Any]:
    cases = [tour.weight_case(x, W_T, w, W_LR) for x, w in W_CASES]
    up, down = cases  # x > 0: w goes up; x < 0: w goes down
    v = {
        **{f"{k}_up": number(getattr(up, k)) for k in ("x", "w", "error", "grad_w", "output")},
        **{f"{k}_down": number(getattr(down, k)) for k in up._fields},
        "t": number(W_T),
        "lr": number(W_LR),
        "xs_down": signed(down.x),
        "xs_up": signed(up.x),
        "g_down": signed(down.grad_w),
        "g_up": signed(up.grad_w),
    }
    panels = [
        WeightPanel(
            title=f"x = {signed(c.x)}<br>w = {number(c.w)}",
            values=(c.error, c.x, c.grad_w),
            texts=(signed(c.error), signed(c.x), signed(c.grad_w)),
            verdict=(_("w goes down ▼") if c.grad_w > 0 else _("w goes up ▲")),
        )
        for c in cases
    ]
    return {
        "key": "weights",
        "sentences": [
            _(
                "Not always. With o = w·x + b, the chain rule gives dL/dw = (o − t)·x: the sign"
                " of the error times the sign of x."
            ),
            _(
                "Take t = {t}, b = 0 and x = {x}, w = {w}: o = {o} is too low, o − t = {e},"
                " and dL/dw = {g}, so w goes down, from {w} to {next_w} with η = {lr}."
            ).format(
                t=v["t"],
                x=v["xs_down"],
                w=v["w_down"],
                o=v["output_down"],
                e=v["error_down"],
                g=v["g_down"],
                next_w=v["next_w_down"],
                lr=v["lr"],
            ),
            _(
                "That raises the output: with x < 0 a smaller w makes w·x larger, from {o}"
                " to {next_wx}, towards t."
            ).format(o=v["output_down"], next_wx=v["next_wx_down"]),
            _(
                "With x = {x} and w = {w} the output is the same {o}, but dL/dw = {g}: w goes"
                " up. The error says which way o must move; x says which way w moves it."
            ).format(x=v["xs_up"], w=v["w_up"], o=v["output_up"], g=v["g_up"]),
        ],
        "formulas": [
            formula(
                r"\frac{\partial L}{\partial w} = (o - t) \cdot x & = \text{SLOTerror_downP}"
                r" \cdot \text{SLOTx_downP} = \text{SLOTgrad_down}",
                {**v, "grad_down": v["g_down"]},
            ),
            formula(
                r"w \leftarrow w - \eta \frac{\partial L}{\partial w} & = \text{SLOTw_down} -"
                r" \text{SLOTlr} \cdot \text{SLOTgrad_w_downP} = \text{SLOTnext_w_down}",
                v,
            ),
        ],
        "figure": weights_figure(["o − t", "x", "dL/dw"], panels),
        "try_url": weights_url(down.x, down.w),
        "try_shows": {"grad_w": v["grad_w_down"], "next_w": v["next_w_down"]},
    }


def _steps() -> list[dict[str, Any]]:
    high, low = single.at(T, HIGH, LR), single.at(T, LOW, LR)
    low_nohalf = single.at(T, LOW, LR, half=False)
    h, lo_, ln = _shown(high), _shown(low), _shown(low_nohalf)
    everything = tour.rows(ROWS_T, ROWS_O)
    batch = tour.batch(ROWS_T, ROWS_O, BATCH)
    repeats = [tour.repeated(ROWS_T, ROWS_O, k) for k in COPIES]
    r = {
        **{f"t{i + 1}": number(v) for i, v in enumerate(ROWS_T)},
        **{f"o{i + 1}": number(v) for i, v in enumerate(ROWS_O)},
        **{f"sq{i + 1}": number(v) for i, v in enumerate(everything.squares)},
        **{f"e{i + 1}": number(v) for i, v in enumerate(everything.sse_gradients)},
        "sse": number(everything.sse),
        "mse": number(everything.mse),
        "sse_g1": number(everything.sse_gradients[0]),
        "sse_b": number(everything.sse_shared),
        "mse_b": number(everything.mse_shared),
        "sse_b3": number(repeats[-1].sse_shared),
        "batch_g1": number(batch.mse_gradients[0]),
    }
    labels = [_("row {i}").format(i=i + 1) for i in range(len(ROWS_T))]
    words = _words()
    return [
        _square_step(high, h),
        {
            "key": "slope",
            "sentences": [
                _("The gradient is not the loss. It is the slope of the loss: the derivative."),
                _("Differentiating brings the sign back: d/do ½(t − o)² = (t − o)·(−1) = o − t."),
                _(
                    "With o = {o} below t = {t}, the slope is {gradient}:"
                    " negative, though the loss is positive."
                ).format(o=lo_["o"], t=lo_["t"], gradient=lo_["gradient"]),
                _("With o = {o} above t, it is {gradient}: positive.").format(
                    o=h["o"], gradient=h["gradient"]
                ),
            ],
            "formulas": [
                formula(
                    r"\frac{dL}{do} = o - t & = \text{SLOTo} - \text{SLOTtP} = \text{SLOTgradient}",
                    lo_,
                )
            ],
            "figure": slope_figure(
                AXES, OUTPUTS.tolist(), _losses(), T, [_mark(low), _mark(high)], words
            ),
            "try_url": _single_url(LOW),
            "try_shows": {"o": lo_["o"], "gradient": lo_["gradient"]},
        },
        {
            "key": "side",
            "sentences": [
                _("By the sign of o − t, which is the gradient."),
                _("Positive means too high; negative means too low."),
                _("Gradient descent steps against the gradient: o ← o − η·dL/do."),
                _(
                    "So o = {high} comes down to {high_next}, and o = {low} goes up to {low_next}."
                ).format(
                    high=h["o"],
                    high_next=h["next_output"],
                    low=lo_["o"],
                    low_next=lo_["next_output"],
                ),
            ],
            "formulas": [
                formula(
                    r"o_{\text{next}} = o - \eta \cdot \frac{dL}{do} & = \text{SLOTo} -"
                    r" \text{SLOTlr} \cdot \text{SLOTgradientP} = \text{SLOTnext_output}",
                    h,
                )
            ],
            "figure": slope_figure(
                AXES,
                OUTPUTS.tolist(),
                _losses(),
                T,
                [_mark(high, steps=True), _mark(low, steps=True)],
                words,
                steps=True,
            ),
            "try_url": _single_url(HIGH),
            "try_shows": {"o": h["o"], "next_output": h["next_output"]},
        },
        _weights_step(),
        {
            "key": "half",
            "sentences": [
                _("Only so the 2 from the square cancels, and the gradient is plain o − t."),
                _(
                    "Without it, L = (t − o)² and dL/do = 2(o − t) = {without}"
                    " instead of {with_half}. Same sign, twice the size."
                ).format(without=ln["gradient"], with_half=lo_["gradient"]),
                _(
                    "The same η = {lr} then moves o to {without}"
                    " instead of {with_half}: the ½ only rescales η."
                ).format(lr=ln["lr"], without=ln["next_output"], with_half=lo_["next_output"]),
            ],
            "formulas": [
                formula(
                    r"\frac{dL}{do} = 2(o - t) & = 2(\text{SLOTo} - \text{SLOTtP})"
                    r" = \text{SLOTgradient}",
                    ln,
                )
            ],
            "figure": half_figure(
                AXES,
                OUTPUTS.tolist(),
                _losses(half=False),
                _losses(),
                T,
                (_mark(low_nohalf, short=True), _mark(low, short=True)),
                words,
            ),
            "try_url": _single_url(LOW, half=False),
            "try_shows": {"o": ln["o"], "gradient": ln["gradient"]},
        },
        {
            "key": "sse",
            "sentences": [
                _(
                    "With n = {n} rows, SSE adds the losses of all rows. Here t = {t} and"
                    " o = {o}, so SSE = {sse}; each o_i appears in one term only, so"
                    " dSSE/do_i = o_i − t_i."
                ).format(
                    n=len(ROWS_T),
                    t=", ".join(r[f"t{i + 1}"] for i in range(len(ROWS_T))),
                    o=", ".join(r[f"o{i + 1}"] for i in range(len(ROWS_O))),
                    sse=r["sse"],
                ),
                _(
                    "A bias b shifts every output, so dSSE/db adds them all: {sum}."
                    " MSE = SSE / n divides that by n: {mean}."
                ).format(sum=r["sse_b"], mean=r["mse_b"]),
                _(
                    "Write the same rows {k} times over and dSSE/db becomes {sse3}, while"
                    " dMSE/db stays {mean}: with SSE the step grows with n, with MSE it does not."
                ).format(k=COPIES[-1], sse3=r["sse_b3"], mean=r["mse_b"]),
            ],
            "formulas": [
                formula(
                    r"\frac{\partial \mathrm{SSE}}{\partial b} = \sum_i (o_i - t_i) &"
                    r" = \text{SLOTe1P} + \text{SLOTe2P} + \text{SLOTe3P} = \text{SLOTsse_b}",
                    r,
                ),
                formula(
                    r"\frac{\partial \mathrm{MSE}}{\partial b} = \tfrac{1}{n}\sum_i (o_i - t_i) &"
                    r" = \tfrac{1}{3} \cdot \text{SLOTsse_b} = \text{SLOTmse_b}",
                    r,
                ),
            ],
            "figure": gradient_bars(
                [_("{k}× (n = {n})").format(k=k, n=k * len(ROWS_T)) for k in COPIES],
                [
                    Bars(
                        "sse",
                        "dSSE/db = Σ(o_i − t_i)",
                        [x.sse_shared for x in repeats],
                        palette.LOSS,
                        [number(x.sse_shared) for x in repeats],
                    ),
                    Bars(
                        "mse",
                        "dMSE/db",
                        [x.mse_shared for x in repeats],
                        palette.POSITIVE,
                        [number(x.mse_shared) for x in repeats],
                    ),
                ],
                _("gradient on b"),
            ),
            "try_url": SAMPLES_URL,
            "try_shows": {},
        },
        {
            "key": "batches",
            "sentences": [
                _("A mini-batch takes B rows at a time. Say B = 2, rows 1 and 2."),
                _(
                    "The MSE of the batch divides by B, not by n: row 1 gets {g}"
                    " instead of a third."
                ).format(g=r["batch_g1"]),
                _(
                    "So with MSE the step size does not grow with the batch size; with SSE it"
                    " does. The sign is still o_i − t_i."
                ),
            ],
            "formulas": [
                formula(
                    r"\frac{\partial \mathrm{MSE}_B}{\partial o_1} = \tfrac{1}{B}(o_1 - t_1) &"
                    r" = \tfrac{1}{2}(\text{SLOTo1} - \text{SLOTt1P}) = \text{SLOTbatch_g1}",
                    r,
                )
            ],
            "figure": gradient_bars(
                labels[:2],
                [
                    Bars("sse", "SSE", batch.sse_gradients, palette.LOSS),
                    Bars(
                        "mse_all", _("MSE over all 3 rows"), everything.mse_gradients[:2], "#999999"
                    ),
                    Bars("mse_batch", _("MSE over the batch"), batch.mse_gradients, palette.STEP),
                ],
                _("gradient"),
            ),
            "try_url": BATCHES_URL,
            "try_shows": {},
        },
    ]


def why_state() -> dict[str, Any]:
    """Everything the tour shows, as JSON-safe data; fixed (no parameters), so built once
    for each language.

    Callers must not change it: every request shares the one dict."""
    return _why_state(i18n.current())


def _worded(step: dict[str, Any]) -> dict[str, Any]:
    """A step with its question and its chart's words (from its key), in the twin's order."""
    key = step["key"]
    label, caption = CHART_WORDS[key]
    return {
        "key": key,
        "question": _(QUESTIONS[key]),
        "sentences": step["sentences"],
        "formulas": step["formulas"],
        "figure": step["figure"],
        "label": _(label),
        "caption": _(caption),
        "try_url": step["try_url"],
        "try_shows": step["try_shows"],
    }


@cache
def _why_state(lang: str) -> dict[str, Any]:
    steps = [_worded(step) for step in _steps()]
    return {
        "lesson": "why",
        "query": {},
        "errors": {},
        "steps": [{k: v for k, v in step.items() if k != "figure"} for step in steps],
        "figures": {step["key"]: step["figure"] for step in steps},
        "config": PLOT_CONFIG,
    }


def page_state(params: Mapping[str, str]) -> dict[str, Any]:
    """The tour's state: fixed, whatever the URL says."""
    return why_state()
