"""The state dict of each page: the page renders it and its JSON twin returns it as it is."""

from __future__ import annotations

from typing import Any

from app.figures import single as fig
from app.formatting import number
from app.lessons import single
from app.mathml import single_formulas
from app.schemas import LossOut, LossQuery, StepOut, TangentOut

SENTENCES = {
    "increase": (
        "o = {o} is below t = {t}, so dL/do = {gradient} is negative"
        " and the step raises o to {next_output}."
    ),
    "decrease": (
        "o = {o} is above t = {t}, so dL/do = {gradient} is positive"
        " and the step lowers o to {next_output}."
    ),
    "none": (
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


def shown(point: single.Point) -> dict[str, str]:
    """Each number as the page writes it."""
    return {
        "t": number(point.target),
        "o": number(point.output),
        "lr": number(point.learning_rate),
        "loss": number(point.loss),
        "gradient": number(point.gradient),
        "next_output": number(point.next_output),
        "next_loss": number(point.next_loss),
    }


def single_state(query: LossQuery, errors: dict[str, str] | None = None) -> dict[str, Any]:
    """Everything the single-sample page shows for one query, as JSON-safe data."""
    point = single.at(query.t, query.o, query.lr)
    view = fig.view_for(query.t, query.o)
    curves = single.curves(query.t, query.lr, view.outputs, view.places)
    text = shown(point)
    lr_max = max(LR_SLIDER["max"], query.lr)
    return {
        "lesson": "single",
        "query": query.model_dump(),
        "errors": errors or {},
        "result": loss_out(point).model_dump(),
        "shown": text,
        "sentence": SENTENCES[point.direction].format(**text),
        "sentences": SENTENCES,
        "formulas": single_formulas(text),
        "controls": {
            "t": {"min": view.lo, "max": view.hi, "step": view.step},
            "o": {"min": view.lo, "max": view.hi, "step": view.step},
            "lr": {**LR_SLIDER, "max": lr_max},
        },
        "figures": {
            "loss": fig.loss_figure(point, curves, view),
            "gradient": fig.gradient_figure(point, curves, view),
        },
        "lookup": fig.lookup(curves, view),
        "config": fig.PLOT_CONFIG,
    }
