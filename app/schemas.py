"""Validated state (what a URL may ask for) and the shapes of the API's answers."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo
from pydantic_core import PydanticCustomError

from app.i18n import N_, _
from app.lessons.descent import MAX_STEPS
from app.lessons.exercises import SEED_LIMIT

VALUE_BOUND = 1000.0
MAX_LEARNING_RATE = 10.0


def _value(title: str, description: str, example: float) -> Any:
    """A finite value within ±VALUE_BOUND, documented for /docs."""
    return Field(
        ge=-VALUE_BOUND,
        le=VALUE_BOUND,
        allow_inf_nan=False,
        title=title,
        description=description,
        examples=[example],
    )


Target = Annotated[float, _value("Target t", "The value the output should reach.", 1.0)]
Output = Annotated[float, _value("Output o", "The model's current output.", 0.3)]
LearningRate = Annotated[
    float,
    Field(
        gt=0,
        le=MAX_LEARNING_RATE,
        allow_inf_nan=False,
        title="Learning rate η",
        description="Step size of gradient descent.",
        examples=[0.5],
    ),
]

Half = Annotated[
    bool,
    Field(
        title="Half factor",
        description="1: L = ½(t − o)², dL/do = o − t. 0: L = (t − o)², dL/do = 2(o − t).",
    ),
]

MAX_ROWS = 1000

# an embed's colours (`theme=`): a chart's or the exercise's; auto follows the reader's system
Theme = Literal["light", "dark", "auto"]

# the longest text an integer parameter may have: the largest any field takes, 4294967295, has
# 10 digits. Checked before the text is turned into a number: Python refuses to parse more than
# 4300 digits, and a lenient parser that called int() on such a text answered 500
MAX_INT_DIGITS = 12


def few_digits(value: Any) -> Any:
    """Refuse an integer's text longer than MAX_INT_DIGITS before it is parsed.

    >>> few_digits("42"), few_digits(7)
    ('42', 7)
    """
    if isinstance(value, str) and len(value.strip()) > MAX_INT_DIGITS:
        raise PydanticCustomError(
            "int_too_long",
            "a whole number of at most {max_digits} digits",
            {"max_digits": MAX_INT_DIGITS},
        )
    return value


# on every integer query parameter, after its Field (so the schema keeps minimum/maximum):
# Annotated[int, Field(ge=0, le=9), FEW_DIGITS], or WholeNumber with `= Field(...)`.
# tests/test_hardening.py sends 4301 digits to each one the API documents
FEW_DIGITS = BeforeValidator(few_digits)
WholeNumber = Annotated[int, FEW_DIGITS]


def _bound(x: float) -> str:
    return f"{x:g}"


# the bounds of the inputs as the pages' HTML writes them (min/max of a control): templates read
# these, never their own literals
INPUT_BOUNDS = {
    "value": {"min": _bound(-VALUE_BOUND), "max": _bound(VALUE_BOUND)},
    "rate": {"min": "0", "max": _bound(MAX_LEARNING_RATE)},
    "seed": {"min": "0", "max": str(SEED_LIMIT - 1)},
    "steps": {"min": "1", "max": str(MAX_STEPS)},
}

# every random draw (samples' rows, batches' shuffle, weights' data, exercises) takes one seed
# type: numpy's default_rng and the exercises accept 0 <= seed < 2**32
Seed = Annotated[
    int,
    Field(
        ge=0,
        lt=SEED_LIMIT,
        title="Seed",
        description="Picks the random numbers: the same seed gives the same numbers.",
        examples=[7],
    ),
    FEW_DIGITS,
]


_SPACE = re.compile(r"\s")  # the characters str.strip() removes


def split_commas(value: Any) -> Any:
    """Accept "1,2,3", repeated parameters ["1,2", "3"] or a list: numbers as URLs carry them.

    >>> split_commas("1, 2,3")
    ['1', '2', '3']
    """
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list | tuple):
        return value
    out: list[Any] = []
    for item in items:
        if isinstance(item, str):
            parts = item.split(",")
            out.extend([part.strip() for part in parts] if _SPACE.search(item) else parts)
        else:
            out.append(item)
    return out


Number = Annotated[float, Field(ge=-VALUE_BOUND, le=VALUE_BOUND, allow_inf_nan=False)]


def values(title: str, description: str, example: str) -> Any:
    """A list query parameter: comma-separated finite numbers within ±VALUE_BOUND."""
    return Field(
        min_length=1,
        max_length=MAX_ROWS,
        title=title,
        description=f"{description} Comma-separated, at most {MAX_ROWS} numbers.",
        examples=[example],
    )


# Use as Annotated[Values, values("Targets t", "...", "1,2,3")]
Values = Annotated[list[Number], BeforeValidator(split_commas)]

# the lists of targets and outputs the list pages take, and the rule that pairs them
Targets = Annotated[Values, values("Targets t", "One target per sample.", "1,2,3")]
Outputs = Annotated[
    Values, values("Outputs o", "One output per sample, as many as targets.", "2,2,2")
]


def check_length(o: list[float], info: ValidationInfo) -> list[float]:
    """o must have one value per target t (a 422 naming o otherwise)."""
    t = info.data.get("t")
    if t is not None and len(t) != len(o):
        raise PydanticCustomError(
            "rows_mismatch",
            _("has {count} values but target t has {n}: give one output per target").format(
                count=len(o), n=len(t)
            ),
        )
    return o


FIELD_LABELS = {  # every field's label, in English; app.errors translates it for the page
    "t": N_("target t"),
    "o": N_("output o"),
    "lr": N_("learning rate η"),
    "half": N_("half"),
    "delta": N_("Huber δ"),
    "loss": N_("loss"),
    "seed": N_("seed"),
    "n": N_("number of rows n"),
    "batch_size": N_("batch size B"),
    "x": N_("inputs x"),
    "w": N_("weight w"),
    "b": N_("bias b"),
    "steps": N_("steps"),
    "mean": N_("mean"),
    "mode": N_("mode"),
    "seeds": N_("seeds"),
    "question": N_("question number"),
}


class SingleQuery(BaseModel):
    """The state of the single-sample explainer: one target, one output, one learning rate."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    t: Target = 1.0
    o: Output = -2.0
    lr: LearningRate = 0.5
    half: Half = True


class TangentOut(BaseModel):
    """The tangent line of the loss at the current output: y = slope * o + intercept."""

    slope: float
    intercept: float


class StepOut(BaseModel):
    """Where one gradient-descent step lands."""

    learning_rate: float
    output: float
    loss: float


class LossOut(BaseModel):
    """Loss, gradient, tangent and descent step for one target and output."""

    target: float
    output: float
    loss: float = Field(description="L = 1/2 (t - o)^2")
    gradient: float = Field(description="dL/do = o - t")
    tangent: TangentOut
    step: StepOut
    direction: Literal["increase", "decrease", "none"] = Field(
        description="How the descent step moves the output."
    )


class FigureOut(BaseModel):
    """A Plotly figure as plain data: draw it with Plotly.newPlot(div, data, layout)."""

    data: list[dict[str, object]]
    layout: dict[str, object]


class FieldError(BaseModel):
    """One invalid query parameter."""

    loc: list[str | int]
    field: str
    msg: str
    type: str


class ValidationErrorOut(BaseModel):
    """422 answer: which parameters were wrong and why."""

    detail: list[FieldError]
    message: str
