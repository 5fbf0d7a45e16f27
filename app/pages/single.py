"""The state dict of each page: the page renders it and its JSON twin returns it as it is."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app import snippets
from app.errors import parse_lenient
from app.figures import single as fig
from app.figures.layout import PLOT_CONFIG
from app.formatting import number
from app.i18n import N_, _
from app.lessons import single
from app.mathml import single_formulas
from app.pages.chart import Chart
from app.pages.exercises import exercise_for_page
from app.schemas import LossOut, SingleQuery, StepOut, TangentOut

SENTENCES = {
    "increase": N_(
        "o = {o} is below t = {t}, so dL/do = {gradient} is negative"
        " and the step raises o to {next_output}."
    ),
    "decrease": N_(
        "o = {o} is above t = {t}, so dL/do = {gradient} is positive"
        " and the step lowers o to {next_output}."
    ),
    "none": N_(
        "o = {o} equals t = {t}, so dL/do = {gradient}: the loss is at its minimum"
        " and the step leaves o at {next_output}."
    ),
}

LR_SLIDER = {"min": 0.01, "max": 3.0, "step": 0.01}


def loss_out(point: single.Point) -> LossOut:
    """The API's answer for one state, from the maths core's numbers."""
    return LossOut(
        target=point.target,
        output=point.output,
        loss=point.loss,
        gradient=point.gradient,
        tangent=TangentOut(slope=point.slope, intercept=point.intercept),
        step=StepOut(
            learning_rate=point.learning_rate, output=point.next_output, loss=point.next_loss
        ),
        direction=point.direction,
    )


def shown(point: single.Point, other: single.Point) -> dict[str, str]:
    """Each number as the page writes it; `other` is the state under the other convention."""
    return {
        "t": number(point.target),
        "o": number(point.output),
        "lr": number(point.learning_rate),
        "loss": number(point.loss),
        "gradient": number(point.gradient),
        "next_output": number(point.next_output),
        "next_loss": number(point.next_loss),
        "other_gradient": number(other.gradient),
        "other_next_output": number(other.next_output),
    }


HALF_NOTES = {
    True: N_(
        "Without the ½, dL/do would be 2(o − t) = {other_gradient} and the same η = {lr}"
        " would move o to {other_next_output}: twice as far. η without the ½ acts like 2η with it."
    ),
    False: N_(
        "With the ½, dL/do would be o − t = {other_gradient} and the same η = {lr} would move o"
        " only to {other_next_output}: half as far. η without the ½ acts like 2η with it."
    ),
}


LABELS = {
    True: {"loss": N_("loss L = ½(t − o)²"), "gradient": N_("gradient dL/do = o − t")},
    False: {"loss": N_("loss L = (t − o)²"), "gradient": N_("gradient dL/do = 2(o − t)")},
}


def plotted_rows(curves: single.Curves, view: fig.View, count: int = 21) -> list[list[str]]:
    """Every few slider positions, the numbers the charts draw (o, L, dL/do), as written."""
    every = max(1, (len(curves.output) - 1) // (count - 1))
    return [
        [number(curves.output[i]), number(curves.loss[i]), number(curves.gradient[i])]
        for i in range(0, len(curves.output), every)
    ]


# chart heights on the page: both charts, the output's slider and the sentence on one screen
HEIGHTS = {"loss": 290, "gradient": 210}


def figures(
    point: single.Point,
    curves: single.Curves,
    view: fig.View,
    frame: fig.Frame,
    other: tuple[single.Point, single.Curves],
    compare: bool = False,
) -> dict[str, Any]:
    """The page's two charts, framed close around t, o and the step; "without the ½" drawn only
    when compared."""
    charts = {
        "loss": fig.loss_figure(point, curves, view, other, frame, compare=compare),
        "gradient": fig.gradient_figure(point, curves, view, frame),
    }
    for name, figure in charts.items():
        figure["layout"]["height"] = HEIGHTS[name]
    return charts


def single_state(
    query: SingleQuery, errors: dict[str, str] | None = None, compare: bool = False
) -> dict[str, Any]:
    """Everything the single-sample page shows for one query, as JSON-safe data; `compare`
    draws the other convention (with or without the ½) as well."""
    t, o, lr, half = query.t, query.o, query.lr, query.half
    point = single.at(t, o, lr, half)
    other = single.at(t, o, lr, not half)
    view = fig.view_for(t, o)
    frame = fig.frame_for(point, view)
    curves = single.curves(t, lr, view.outputs, view.places, half)
    other_curves = single.curves(t, lr, view.outputs, view.places, not half)
    text = shown(point, other)
    lr_max = max(LR_SLIDER["max"], lr)
    sentences = {key: _(template) for key, template in SENTENCES.items()}
    half_notes = {key: _(template) for key, template in HALF_NOTES.items()}
    return {
        "lesson": "single",
        "query": query.model_dump(),
        "errors": errors or {},
        "result": loss_out(point).model_dump(),
        "shown": text,
        "sentence": sentences[point.direction].format(**text),
        "sentences": sentences,
        "half_note": half_notes[half].format(**text),
        "labels": {key: _(label) for key, label in LABELS[half].items()},
        "half_notes": {"1": half_notes[True], "0": half_notes[False]},
        "formulas": single_formulas(text, half),
        "controls": {
            "t": {"min": view.lo, "max": view.hi, "step": view.step},
            "o": {"min": view.lo, "max": view.hi, "step": view.step},
            "lr": {**LR_SLIDER, "max": lr_max},
        },
        "compare": compare,
        "figures": figures(point, curves, view, frame, (other, other_curves), compare),
        "lookup": fig.lookup(curves, frame, other_curves),
        "chart_labels": fig.chart_labels(),
        "snippet": snippets.single(query),
        "plotted": plotted_rows(curves, view),
        "csv": [
            ["quantity", "value"],
            ["target t", t],
            ["output o", o],
            ["learning rate", lr],
            ["half factor", int(half)],
            ["loss", point.loss],
            ["gradient dL/do", point.gradient],
            ["next output", point.next_output],
            ["loss after the step", point.next_loss],
        ],
        "config": PLOT_CONFIG,
    }


API = "/api/v1/loss"  # its API answer; with SUMMARY and CHARTS, read by app.pages.registry
SUMMARY = "The single-sample explainer: loss, tangent, gradient sign and one descent step."
CHARTS = (
    Chart("loss", N_("Loss against output"), "loss", ("t", "o", "lr")),
    Chart("gradient", N_("Gradient against output"), "gradient", ("t", "o", "lr")),
)

# what single.js needs; the rest of the state is already in the HTML
CLIENT_KEYS = (
    "query",
    "shown",
    "sentences",
    "half_notes",
    "controls",
    "figures",
    "config",
    "plotted",
    "chart_labels",
)
# what it needs only once the output slider moves: its lookup twin serves it, not the HTML
LOOKUP_KEYS = ("lookup",)


def csv_rows(state: dict[str, Any]) -> list[list[Any]]:
    """The page's numbers as CSV rows (kept in the state as the page builds them)."""
    rows: list[list[Any]] = state["csv"]
    return rows


def page_state(params: Mapping[str, str]) -> dict[str, Any]:
    """The page's state from its URL: bad fields get a message and their default."""
    query, errors = parse_lenient(SingleQuery, params)
    # the page's "compare with and without ½" box: on only as compare=1, anything else is off
    return single_state(query, errors, compare=params.get("compare") == "1")


def url_params(state: dict[str, Any]) -> dict[str, str]:
    """The compare box, kept in the URL beside the query when on (the chart images draw it)."""
    return {"compare": "1"} if state["compare"] else {}


def page_extras(params: Mapping[str, str], state: dict[str, Any]) -> dict[str, Any]:
    """What the page shows beside its state: the exercise of its kind."""
    return {"exercise_state": exercise_for_page(params, "single", state["query"]["half"])}


def snippet(state: dict[str, Any]) -> str:
    """The page's numbers in numpy (kept in the state: its JSON twin has carried it)."""
    return str(state["snippet"])
