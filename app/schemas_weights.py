"""Validated state and answer shapes of the weights and descent lessons (/weights, /descent)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from app.i18n import _, ngettext
from app.lessons.descent import MAX_STEPS
from app.schemas import (
    FEW_DIGITS,
    MAX_ROWS,
    VALUE_BOUND,
    Half,
    LearningRate,
    Output,
    Seed,
    Values,
    values,
)

Inputs = Annotated[
    Values | None,
    values("Inputs x", "The feature of each row (default: seeded random data).", "1,2,3"),
]
Targets = Annotated[
    Values | None,
    values("Targets t", "The target of each row, one per input x.", "2,4,6"),
]
Mean = Annotated[bool, Field(title="Mean", description="1: divide the loss by n (MSE). 0: sum.")]


def _param(title: str, description: str) -> Any:
    return Field(
        ge=-VALUE_BOUND, le=VALUE_BOUND, allow_inf_nan=False, title=title, description=description
    )


Weight = Annotated[float, _param("Weight w", "The model's weight in o = w·x + b.")]
Bias = Annotated[float, _param("Bias b", "The model's bias in o = w·x + b.")]
Steps = Annotated[
    int,
    Field(ge=1, le=MAX_STEPS, title="Steps", description=f"Iterations, at most {MAX_STEPS}."),
    FEW_DIGITS,
]


def _pair(t: list[float] | None, info: ValidationInfo) -> list[float] | None:
    """t must come with x, one target per input (x is validated first)."""
    x = info.data.get("x")
    if x is None and "x" not in info.data:
        return t  # x itself was invalid: that error is enough
    if (x is None) != (t is None):
        if t is None:
            text = _("give targets t too: one target per input")
        else:
            text = _("give inputs x too: one target per input")
        raise PydanticCustomError("pair", text)
    if x is not None and t is not None and len(x) != len(t):
        raise PydanticCustomError(
            "length_mismatch",
            ngettext(
                "has {count} value but inputs x has {n}: give one target per input",
                "has {count} values but inputs x has {n}: give one target per input",
                len(t),
            ).format(count=len(t), n=len(x)),
        )
    return t


class WeightsQuery(BaseModel):
    """The weights page's state: a data set (x, t), the model's w and b, a learning rate."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    x: Inputs = None
    t: Annotated[Targets, Field(validate_default=True)] = None
    seed: Seed = 1
    w: Weight = 0.0
    b: Bias = 0.0
    lr: LearningRate = 0.05
    half: Half = True
    mean: Mean = False

    _check_pair = field_validator("t")(_pair)


class DescentQuery(BaseModel):
    """The descent page's state: a mode, its start, a learning rate and a number of steps."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    mode: Annotated[
        Literal["single", "weights"],
        Field(description="single: one output o. weights: (w, b) of o = w·x + b on (x, t)."),
    ] = "single"
    x: Inputs = None
    t: Annotated[Targets, Field(validate_default=True)] = None
    o: Annotated[Output, Field(description="Start output (single mode).")] = -2.0
    seed: Seed = 1
    w: Weight = 0.0
    b: Bias = 0.0
    lr: Annotated[
        LearningRate | None,
        Field(description="Default: the slow preset, 0.5 over the curvature."),
    ] = None
    steps: Steps = 50
    half: Half = True
    mean: Mean = False

    @field_validator("t")
    @classmethod
    def _targets(cls, t: list[float] | None, info: ValidationInfo) -> list[float] | None:
        if info.data.get("mode", "single") == "single":
            if t is not None and len(t) != 1:
                raise PydanticCustomError(
                    "one_target", _("the single-output mode takes one number")
                )
            return t
        return _pair(t, info)


class GradientOut(BaseModel):
    """dL/dw and dL/db."""

    w: float
    b: float


class WeightsStepOut(BaseModel):
    """Where one descent step on (w, b) lands."""

    learning_rate: float
    w: float
    b: float
    loss: float


class WeightsOut(BaseModel):
    """Outputs, loss, gradient and one descent step for o = w·x + b on (x, t)."""

    x: list[float] = Field(max_length=MAX_ROWS)
    t: list[float] = Field(max_length=MAX_ROWS)
    w: float
    b: float
    outputs: list[float] = Field(description="o_i = w·x_i + b")
    loss: float = Field(description="L = ½Σ(o − t)² (½ and mean as asked)")
    gradient: GradientOut = Field(description="dL/dw = Σ(o − t)·x, dL/db = Σ(o − t) (with ½)")
    step: WeightsStepOut
    mean_error: float = Field(description="mean of o − t")
    half: bool
    mean: bool


class DescentOut(BaseModel):
    """A gradient-descent run: values, losses and gradients after 0, 1, ... steps."""

    mode: Literal["single", "weights"]
    learning_rate: float
    status: Literal["converged", "running", "diverged"]
    iterations: int = Field(le=MAX_STEPS)
    trajectory: dict[str, list[float]] = Field(description="o, or w and b, per iteration")
    loss: list[float]
    gradient: dict[str, list[float]]
    sentence: str
