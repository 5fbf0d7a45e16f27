"""The losses page (`/losses`, its JSON twin `/losses.json`) and `/api/v1/losses/{name}`:
squared, absolute, Huber and binary cross-entropy side by side, each with dL/do or, where
there is none, the subgradient interval."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

from app import snippets
from app.errors import parse_lenient
from app.figures import losses as fig
from app.figures.layout import PLOT_CONFIG
from app.formatting import number, short
from app.i18n import N_, _, decimal, list_separator
from app.lessons import losses
from app.lessons.losses import LossName, LossPoint
from app.mathml import formula
from app.pages.chart import Chart
from app.querystring import query_string
from app.schemas import VALUE_BOUND, Half, Output, Target

MAX_DELTA = VALUE_BOUND


def _positive_delta(value: float) -> float:
    if not 0 < value <= MAX_DELTA:
        raise PydanticCustomError(
            "delta_range",
            _("must be greater than 0 and at most {max}, not {value}").format(
                max=f"{MAX_DELTA:g}", value=f"{value:g}"
            ),
        )
    return value


Delta = Annotated[
    float,
    Field(
        allow_inf_nan=False,
        title="Huber δ",
        description="Where Huber switches from ½e² to δ(|e| − ½δ). Greater than 0.",
        examples=[1.0],
        json_schema_extra={"exclusiveMinimum": 0, "maximum": MAX_DELTA},
    ),
    AfterValidator(_positive_delta),
]


class LossesQuery(BaseModel):
    """What the API takes for one loss: target, output, Huber's δ and the ½ of squared error."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    t: Target = 1.0
    o: Output = 0.3
    delta: Delta = 1.0
    half: Half = True


class LossesPageQuery(LossesQuery):
    """The losses page's state: the API's fields plus which loss the charts show."""

    loss: LossName = Field("absolute", description="The loss drawn in the charts.")


class Name(StrEnum):
    """The losses the API knows."""

    squared = "squared"
    absolute = "absolute"
    huber = "huber"
    cross_entropy = "cross_entropy"


class SubgradientOut(BaseModel):
    """Where dL/do does not exist: every slope in [lo, hi] is a subgradient."""

    lo: float
    hi: float


class LossValueOut(BaseModel):
    """One loss at one output: its value and dL/do, or the subgradient interval instead."""

    name: LossName
    target: float
    output: float
    delta: float
    half: bool
    loss: float
    differentiable: bool = Field(description="False where L has a corner (|o − t| at o = t).")
    gradient: float | None = Field(description="dL/do, or null where it does not exist.")
    subgradient: SubgradientOut | None = Field(
        description="Where dL/do does not exist: the interval of subgradients; else null."
    )


# ---- the cross-entropy domain: o is a probability, t a label or a probability

DOMAIN_MESSAGES = {
    "t": N_("for cross-entropy it must be between 0 and 1, not {value}"),
    "o": N_("for cross-entropy it must be a probability strictly between 0 and 1, not {value}"),
    "o_edge": N_("{value} is so close to 0 or 1 that cross-entropy's gradient overflows a float"),
}


def _domain(key: str, value: float) -> str:
    template = DOMAIN_MESSAGES[key]
    return _(template).format(value=decimal(f"{value:g}"))


def domain_errors(name: str, t: float, o: float) -> dict[str, str]:
    """The fields outside cross-entropy's domain (0 ≤ t ≤ 1, 0 < o < 1), with their reason."""
    if name != "cross_entropy":
        return {}
    bad: dict[str, str] = {}
    if not 0 <= t <= 1:
        bad["t"] = _domain("t", t)
    if not 0 < o < 1:
        bad["o"] = _domain("o", o)
    elif not math.isfinite((o - t) / (o * (1 - o))):  # e.g. o = 5e-324: dL/do = -inf
        bad["o"] = _domain("o_edge", o)
    return bad


def value_out(point: LossPoint, q: LossesQuery) -> LossValueOut:
    """The API's answer for one loss at one state."""
    return LossValueOut(
        name=point.name,
        target=q.t,
        output=q.o,
        delta=q.delta,
        half=q.half,
        loss=point.loss,
        differentiable=point.differentiable,
        gradient=point.gradient,
        subgradient=None if point.differentiable else SubgradientOut(lo=point.left, hi=point.right),
    )


# ---- what the page writes (static/js/losses.js fills the same templates)

ROWS: dict[LossName, dict[str, str]] = {
    "squared": {"label": N_("squared error"), "size": N_("yes: |dL/do| = |o − t|")},
    "absolute": {"label": N_("absolute error"), "size": N_("no: always 1 (none at o = t)")},
    "huber": {"label": N_("Huber"), "size": N_("while |o − t| ≤ δ; beyond, it stays δ = {delta}")},
    "cross_entropy": {
        "label": N_("binary cross-entropy"),
        "size": N_("yes, and without bound as o nears 0 or 1"),
    },
}
SIZE_WITHOUT_HALF = N_("yes: |dL/do| = 2|o − t|")

SIGN_WORDS = {
    "below": N_("yes: −, like o − t"),
    "above": N_("yes: +, like o − t"),
    "zero": N_("dL/do = 0 at o = t"),
    "kink": N_("no derivative at o = t; 0 is in the interval"),
    "undefined": N_("not defined: needs 0 ≤ t ≤ 1, 0 < o < 1"),
}

SENTENCES = {
    "below": N_(
        "o = {o} is below t = {t}: the {label} gradient dL/do = {gradient} is negative, the same"
        " sign as o − t = {e}, so descent raises o."
    ),
    "above": N_(
        "o = {o} is above t = {t}: the {label} gradient dL/do = {gradient} is positive, the same"
        " sign as o − t = {e}, so descent lowers o."
    ),
    "zero": N_("o = {o} equals t = {t}: the {label} gradient is {gradient}, the minimum."),
    "kink": N_(
        "o = {o} equals t = {t}: the {label} has a corner here and no derivative. Every slope in"
        " {gradient} is a subgradient; 0 is one of them, so o is already the minimum."
    ),
}

# the sentence's colour: descent raises o below t, lowers it above
DIRECTIONS = {"below": "increase", "above": "decrease"}

FORMULAS: dict[LossName, dict[str, str]] = {
    "squared": {
        "loss": r"L = \tfrac{1}{2}(o - t)^2 & = \tfrac{1}{2}(\text{SLOTo} - \text{SLOTtP})^2"
        r" = \text{SLOTloss}",
        "gradient": r"\frac{dL}{do} = o - t & = \text{SLOTo} - \text{SLOTtP}"
        r" = \text{SLOTgradient}",
    },
    "absolute": {
        "loss": r"L = |o - t| & = |\text{SLOTo} - \text{SLOTtP}| = \text{SLOTloss}",
        "gradient": r"\frac{dL}{do} = \mathrm{sign}(o - t) & = \text{SLOTgradient}",
    },
    "huber": {
        # TeX with words in it: translated as a whole (keep the TeX commands and slots)
        "loss": N_(
            r"L = \tfrac{1}{2}e^2 \text{ if } |e| \le \delta \text{, else }"
            r" \delta(|e| - \tfrac{1}{2}\delta) & e = o - t = \text{SLOTe},\ L = \text{SLOTloss}"
        ),
        # translated too: a decimal-comma language separates the arguments with ";"
        "gradient": N_(
            r"\frac{dL}{do} = \mathrm{clip}(e, -\delta, \delta) &"
            r" = \mathrm{clip}(\text{SLOTe}, -\text{SLOTdelta}, \text{SLOTdelta})"
            r" = \text{SLOTgradient}"
        ),
    },
    "cross_entropy": {
        "loss": r"L = -[t \ln o + (1 - t) \ln(1 - o)] & = \text{SLOTloss}",
        "gradient": r"\frac{dL}{do} = \frac{o - t}{o(1 - o)} &"
        r" = \frac{\text{SLOTe}}{\text{SLOTo}(1 - \text{SLOTo})} = \text{SLOTgradient}",
    },
}
SQUARED_WITHOUT_HALF = {
    "loss": r"L = (o - t)^2 & = (\text{SLOTo} - \text{SLOTtP})^2 = \text{SLOTloss}",
    "gradient": r"\frac{dL}{do} = 2(o - t) & = 2(\text{SLOTo} - \text{SLOTtP})"
    r" = \text{SLOTgradient}",
}


def gradient_text(point: LossPoint, write: Callable[[float], str] = number) -> str:
    """dL/do as written: a number, the interval "[lo, hi]" where none exists, or "—"."""
    if point.left != point.left:  # NaN: outside cross-entropy's domain
        return "—"
    if point.differentiable:
        return write(point.left)
    return f"[{write(point.left)}{list_separator()}{write(point.right)}]"


def loss_text(point: LossPoint, write: Callable[[float], str] = number) -> str:
    """L as written, or "—" outside cross-entropy's domain."""
    return write(point.loss) if point.loss == point.loss else "—"


def sign_key(point: LossPoint, e: float) -> str:
    """Which of SIGN_WORDS describes this point."""
    if point.left != point.left:
        return "undefined"
    if not point.differentiable:
        return "kink"
    return {-1: "below", 1: "above", 0: "zero"}[losses.sign(e)]


def losses_state(query: LossesPageQuery, errors: dict[str, str] | None = None) -> dict[str, Any]:
    """Everything the losses page shows for one state, as JSON-safe data."""
    t, o, delta, half, name = query.t, query.o, query.delta, query.half, query.loss
    points = {n: losses.at(n, t, o, delta, half) for n in losses.NAMES}
    e = losses.error(t, o)
    point = points[name]
    # every digit in the formulas and the cells' titles; a few in the sentence and the cells
    full: dict[str, str] = {
        "t": number(t),
        "o": number(o),
        "delta": number(delta),
        "e": number(e),
        "loss": loss_text(point),
        "gradient": gradient_text(point),
    }
    shown: dict[str, str] = {
        **full,
        "label": _(fig.LABELS[name]),
        "loss": loss_text(point, short),
        "gradient": gradient_text(point, short),
    }
    rows: dict[str, dict[str, str]] = {}
    for n, p in points.items():
        full[f"{n}_loss"], shown[f"{n}_loss"] = loss_text(p), loss_text(p, short)
        full[f"{n}_gradient"] = gradient_text(p)
        shown[f"{n}_gradient"] = gradient_text(p, short)
        shown[f"{n}_sign"] = _(SIGN_WORDS[sign_key(p, e)])
        label, size = ROWS[n]["label"], ROWS[n]["size"]
        if n == "squared" and not half:
            size = SIZE_WITHOUT_HALF
        rows[n] = {"label": _(label), "size": _(size).format(delta=shown["delta"])}
    key = sign_key(point, e)
    sentences = {k: _(template) for k, template in SENTENCES.items()}
    view = fig.view_for(name, t, o)
    ranges = fig.y_ranges(name, t, view, delta, half)
    texts = SQUARED_WITHOUT_HALF if name == "squared" and not half else FORMULAS[name]
    results = {}
    for n, p in points.items():
        ok = not domain_errors(n, t, o)
        results[n] = value_out(p, query).model_dump() if ok else None
    return {
        "lesson": "losses",
        "query": query.model_dump(),
        "errors": errors or {},
        "result": results,
        "shown": shown,
        "full": full,
        "sentence": sentences[key].format(**shown),
        "sentence_key": key,
        "direction": DIRECTIONS.get(key, "none"),
        "sentences": sentences,
        "sign_words": {k: _(words) for k, words in SIGN_WORDS.items()},
        "rows": rows,
        "names": list(losses.NAMES),
        "formulas": {k: formula(_(tex), full) for k, tex in texts.items()},
        "controls": {
            "t": {"min": 0.0, "max": 1.0, "step": 0.01}
            if name == "cross_entropy"
            else {"min": view.lo, "max": view.hi, "step": view.step},
            "o": {"min": view.lo, "max": view.hi, "step": view.step},
            "delta": {"min": 0.1, "max": max(5.0, delta), "step": 0.1},
        },
        "figures": {
            "loss": fig.loss_figure(point, t, o, view, ranges, delta, half),
            "gradient": fig.gradient_figure(point, t, o, view, ranges, delta, half),
        },
        "tangent": {"length": fig.TANGENT_LENGTH, "fan": fig.FAN, "spans": fig.spans(view, ranges)},
        "lookup": fig.lookup(t, view, delta, half),
        "config": PLOT_CONFIG,
    }


SUMMARY = "Squared, absolute, Huber and cross-entropy losses: curves, gradients, tangents."
CHARTS = (
    Chart("losses-loss", N_("Other losses: the loss curve"), "loss"),
    Chart("losses-gradient", N_("Other losses: the gradient"), "gradient"),
)

CLIENT_KEYS = (
    "query",
    "shown",
    "full",
    "sentences",
    "sign_words",
    "rows",
    "controls",
    "figures",
    "tangent",
    "config",
)
# what it needs only once the output slider moves: its lookup twin serves it, not the HTML
LOOKUP_KEYS = ("lookup",)


def parse_page(params: Mapping[str, str]) -> tuple[LossesPageQuery, dict[str, str]]:
    """The page's state from its URL: bad fields get a message and their default."""
    query, errors = parse_lenient(LossesPageQuery, params)
    bad = domain_errors(query.loss, query.t, query.o)
    if bad:
        labels = {"t": _("target t"), "o": _("output o")}
        for field, reason in bad.items():
            errors.setdefault(field, f"{labels[field]}: {reason}.")
        defaults = {field: LossesPageQuery.model_fields[field].default for field in bad}
        query = query.model_copy(update=defaults)
    return query, errors


def csv_rows(state: dict[str, Any]) -> list[list[Any]]:
    """The page's numbers as CSV rows (a header row, then the data)."""
    result = state["result"]
    rows: list[list[Any]] = [
        ["loss", "t", "o", "L", "dL/do", "subgradient low", "subgradient high"]
    ]
    for name, r in result.items():
        if r is None:  # cross-entropy outside 0 < o < 1, 0 <= t <= 1: no numbers to write
            rows.append([name, "", "", "", "", "", ""])
            continue
        sub = r["subgradient"] or {}
        rows.append(
            [name, r["target"], r["output"], r["loss"], r["gradient"], sub.get("lo"), sub.get("hi")]
        )
    return rows


def page_state(params: Mapping[str, str]) -> dict[str, Any]:
    """The page's state from its URL: bad fields get a message and their default."""
    query, errors = parse_page(params)
    return losses_state(query, errors)


def api_url(state: dict[str, Any]) -> str:
    """The API answer of the page's state (the chosen loss is in the path)."""
    api = {k: v for k, v in state["query"].items() if k != "loss"}
    return f"/api/v1/losses/{state['query']['loss']}?{query_string(api)}"


def snippet(state: dict[str, Any]) -> str:
    """The page's numbers in numpy."""
    q = state["query"]
    return snippets.losses(q["t"], q["o"], q["delta"], q["half"])
