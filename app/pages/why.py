"""The guided tour `/why`: the learner's three questions in order, each with a chart at a
fixed state, a formula with the numbers, and a "Try it" link into an interactive page."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from app import i18n
from app.figures import palette
from app.figures import single as fig
from app.figures.layout import PLOT_CONFIG
from app.figures.why import Bars, gradient_bars
from app.formatting import number
from app.i18n import N_, _
from app.lessons import single
from app.lessons import why as tour
from app.mathml import formula
from app.pages.chart import Chart

CLIENT_KEYS = ("figures", "config")

# The tour's steps, in order: each one's key (its chart is /embed/why-<key>) and question.
QUESTIONS = {
    "square": N_("1. If t − o is negative, doesn't the square remove the sign?"),
    "slope": N_("2. Then how can the gradient be negative?"),
    "side": N_("3. How is “too high” told apart from “too low”?"),
    "half": N_("Why the ½ in front?"),
    "sse": N_("More samples: SSE or MSE?"),
    "batches": N_("And with mini-batches?"),
}

# Each step's chart in words: its description (the chart's label) and its caption.
CHART_WORDS = {
    "square": (
        N_(
            "Loss against output: a parabola that touches zero at t and is positive"
            " everywhere else; the point sits at o = 3 on the right arm."
        ),
        N_("The loss is a parabola: positive on both sides of the target."),
    ),
    "slope": (
        N_(
            "Gradient against output: a straight line through zero at t, below zero on"
            " the left and above zero on the right; the point at o = 0.3 is below zero."
        ),
        N_("Left of t the gradient is negative, right of t it is positive."),
    ),
    "side": (
        N_(
            "Loss against output with the descent step: an arrow from o = 3 towards"
            " the target, ending at o = 2."
        ),
        N_("The green arrow is one step: against the slope, towards the target."),
    ),
    "half": (
        N_(
            "Loss without the ½, with the loss with the ½ drawn faintly: twice as tall,"
            " the tangent twice as steep, both with their minimum at t."
        ),
        N_("Without the ½ (solid) the parabola is twice as tall and twice as steep."),
    ),
    "sse": (
        N_(
            "Bars of each row's gradient: row 1 positive, row 2 zero, row 3 negative;"
            " the MSE bars are a third as tall as the SSE bars."
        ),
        N_("Same signs under SSE and MSE; MSE is n times smaller."),
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

# The fixed states of the tour: the learner's case (o above t), its mirror, and three rows.
T, HIGH, LOW, LR = 1.0, 3.0, 0.3, 0.5
ROWS_T, ROWS_O, BATCH = (1.0, 2.0, 3.0), (2.0, 2.0, 2.0), (0, 1)
# Closer than the single page's default view, so a loss of 2 does not look like 0.
TOUR_VIEW = fig.View(lo=-1.5, hi=4.0, step=0.01, places=2, loss_max=7.0)
GRADIENT_RANGE = (-3.2, 3.2)
SAMPLES_URL = "/samples?t=1,2,3&o=2,2,2&half=1"
BATCHES_URL = "/batches?t=1,2,3&o=2,2,2&half=1&batch_size=2&seed=7"


def _single_url(o: float, half: bool = True) -> str:
    return f"/?t={T:g}&o={o:g}&lr={LR:g}&half={int(half)}"


def _single_figure(o: float, kind: str, half: bool = True, other: bool = False) -> dict[str, Any]:
    point = single.at(T, o, LR, half)
    view = TOUR_VIEW
    curves = single.curves(T, LR, view.outputs, view.places, half)
    if kind == "gradient":
        figure = fig.gradient_figure(point, curves, view)
    else:
        pair = None
        if other:
            pair = (
                single.at(T, o, LR, not half),
                single.curves(T, LR, view.outputs, view.places, not half),
            )
        figure = fig.loss_figure(point, curves, view, pair)
    layout = figure["layout"]
    layout["height"] = 340
    layout["uirevision"] = kind
    if kind == "gradient":
        layout["yaxis"]["range"] = list(GRADIENT_RANGE)
    return figure


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


def _steps() -> list[dict[str, Any]]:
    high, low = single.at(T, HIGH, LR), single.at(T, LOW, LR)
    low_nohalf = single.at(T, LOW, LR, half=False)
    h, lo_, ln = _shown(high), _shown(low), _shown(low_nohalf)
    error = number(T - HIGH)
    square = number((T - HIGH) ** 2)
    everything = tour.rows(ROWS_T, ROWS_O)
    batch = tour.batch(ROWS_T, ROWS_O, BATCH)
    r = {
        **{f"t{i + 1}": number(v) for i, v in enumerate(ROWS_T)},
        **{f"o{i + 1}": number(v) for i, v in enumerate(ROWS_O)},
        **{f"sq{i + 1}": number(v) for i, v in enumerate(everything.squares)},
        "sse": number(everything.sse),
        "mse": number(everything.mse),
        "sse_g1": number(everything.sse_gradients[0]),
        "mse_g1": number(round(everything.mse_gradients[0], 3)),  # written after ≈
        "batch_g1": number(batch.mse_gradients[0]),
    }
    labels = [_("row {i}").format(i=i + 1) for i in range(len(ROWS_T))]
    return [
        {
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
            ],
            "formulas": [
                formula(
                    r"L = \tfrac{1}{2}(t - o)^2 & = \tfrac{1}{2}(\text{SLOTt} - \text{SLOTo})^2"
                    r" & = \tfrac{1}{2}\,\text{SLOTerrorP}^2 = \text{SLOTloss} \geq 0",
                    {**h, "error": error},
                )
            ],
            "figure": _single_figure(HIGH, "loss"),
            "try_url": _single_url(HIGH),
            "try_shows": {"o": h["o"], "loss": h["loss"]},
        },
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
            "figure": _single_figure(LOW, "gradient"),
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
            "figure": _single_figure(HIGH, "loss"),
            "try_url": _single_url(HIGH),
            "try_shows": {"o": h["o"], "next_output": h["next_output"]},
        },
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
            "figure": _single_figure(LOW, "loss", half=False, other=True),
            "try_url": _single_url(LOW, half=False),
            "try_shows": {"o": ln["o"], "gradient": ln["gradient"]},
        },
        {
            "key": "sse",
            "sentences": [
                _(
                    "With n = {n} rows, SSE adds the losses of all rows. Here t = 1, 2, 3"
                    " and o = 2, 2, 2, so SSE = {sse}."
                ).format(n=len(ROWS_T), sse=r["sse"]),
                _(
                    "Each o_i appears in one term only, so dSSE/do_i = o_i − t_i. Row 1: {g}."
                ).format(g=r["sse_g1"]),
                _(
                    "MSE = SSE / n divides every gradient by n = {n}: row 1 gets a third"
                    " of {g}. The signs stay the same."
                ).format(n=len(ROWS_T), g=r["sse_g1"]),
            ],
            "formulas": [
                formula(
                    r"\mathrm{SSE} = \tfrac{1}{2}\sum_i (t_i - o_i)^2 & = \tfrac{1}{2}"
                    r"(\text{SLOTsq1} + \text{SLOTsq2} + \text{SLOTsq3}) = \text{SLOTsse}",
                    r,
                ),
                formula(
                    r"\frac{\partial \mathrm{MSE}}{\partial o_1} = \tfrac{1}{n}(o_1 - t_1) &"
                    r" = \tfrac{1}{3}(\text{SLOTo1} - \text{SLOTt1P}) \approx \text{SLOTmse_g1}",
                    r,
                ),
            ],
            "figure": gradient_bars(
                labels,
                [
                    Bars("sse", "dSSE/do_i", everything.sse_gradients, palette.LOSS),
                    Bars("mse", "dMSE/do_i", everything.mse_gradients, palette.POSITIVE),
                ],
                "gradient",
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
                "gradient",
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
