"""Every chart of every lesson, by the name it has in /embed/<name>: where its numbers come
from, its figure, the controls it may show and the scripts that draw it. The embed pages,
oEmbed, CSV downloads, the static export and the notebook API all read this one table."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from app.assets import PLOTLY_CARTESIAN_JS, PLOTLY_JS
from app.errors import parse_lenient
from app.i18n import N_, _
from app.pages import batches, losses, samples, why
from app.pages import weights as state_weights
from app.pages.single import single_state
from app.schemas import FEW_DIGITS, LossQuery
from app.schemas_weights import DescentQuery, WeightsQuery

Theme = Literal["light", "dark", "auto"]


# an embed's chart height in pixels (`height=`), and what its page adds around the chart (title
# line, controls, readout): oEmbed sizes its iframe from these
MIN_CHART_HEIGHT = 150
MAX_CHART_HEIGHT = 2000
EMBED_CHROME = 160


class EmbedQuery(BaseModel):
    """How an embedded chart looks; the lesson's own parameters come on top of these."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    controls: str | None = Field(None, max_length=200)
    readout: bool = True
    height: Annotated[int, Field(ge=MIN_CHART_HEIGHT, le=MAX_CHART_HEIGHT), FEW_DIGITS] | None = (
        None
    )
    theme: Theme = "auto"


class EmbedSpec(NamedTuple):
    """One embeddable chart: where its numbers come from and which controls it may show."""

    title: str
    page: str
    twin: str
    figure: str
    controls: tuple[str, ...]
    state: Callable[[Mapping[str, str]], tuple[dict[str, Any], dict[str, Any]]]
    script: str
    bundle: str = PLOTLY_JS  # the plotly.js build: contour charts need the cartesian one


def _single(params: Mapping[str, str]) -> tuple[dict[str, Any], dict[str, Any]]:
    query, errors = parse_lenient(LossQuery, params)
    return single_state(query, errors), query.model_dump()


def _losses(params: Mapping[str, str]) -> tuple[dict[str, Any], dict[str, Any]]:
    query, errors = losses.parse_page(params)
    return losses.losses_state(query, errors), query.model_dump()


def _samples(params: Mapping[str, str]) -> tuple[dict[str, Any], dict[str, Any]]:
    query, errors = samples.lenient(samples.SamplesQuery, params, samples.DEPENDS)
    state = samples.samples_state(query, errors)
    return state, state["query"]


def _batches(params: Mapping[str, str]) -> tuple[dict[str, Any], dict[str, Any]]:
    query, errors = samples.lenient(batches.BatchesQuery, params, batches.DEPENDS)
    state = batches.batches_state(query, errors)
    return state, state["query"]


def _weights(params: Mapping[str, str]) -> tuple[dict[str, Any], dict[str, Any]]:
    query, errors = state_weights.parse_pairs(WeightsQuery, params)
    state = state_weights.keep_typed(state_weights.weights_state(query, errors), params)
    return state, state["query"]


def _descent(params: Mapping[str, str]) -> tuple[dict[str, Any], dict[str, Any]]:
    query, errors = state_weights.parse_pairs(DescentQuery, params)
    state = state_weights.keep_typed(state_weights.descent_state(query, errors), params)
    return state, state["query"]


STILL = "js/embed-still.js"  # lessons whose script needs the whole page embed still charts

EMBEDS: dict[str, EmbedSpec] = {
    "loss": EmbedSpec(
        N_("Loss against output"),
        "/",
        "/index.json",
        "loss",
        ("t", "o", "lr"),
        _single,
        "js/explainer.js",
    ),
    "gradient": EmbedSpec(
        N_("Gradient against output"),
        "/",
        "/index.json",
        "gradient",
        ("t", "o", "lr"),
        _single,
        "js/explainer.js",
    ),
    "losses-loss": EmbedSpec(
        N_("Other losses: the loss curve"), "/losses", "/losses.json", "loss", (), _losses, STILL
    ),
    "losses-gradient": EmbedSpec(
        N_("Other losses: the gradient"), "/losses", "/losses.json", "gradient", (), _losses, STILL
    ),
    "samples": EmbedSpec(
        N_("n samples: each term"), "/samples", "/samples.json", "terms", (), _samples, STILL
    ),
    "samples-gradient": EmbedSpec(
        N_("n samples: each gradient"), "/samples", "/samples.json", "gradient", (), _samples, STILL
    ),
    "batches": EmbedSpec(
        N_("Mini-batches: batch means"), "/batches", "/batches.json", "means", (), _batches, STILL
    ),
    "weights-fit": EmbedSpec(
        N_("Weights: the data and the fitted line"),
        "/weights",
        "/weights.json",
        "fit",
        (),
        _weights,
        STILL,
    ),
    "weights-slice": EmbedSpec(
        N_("Weights: the loss against w"), "/weights", "/weights.json", "slice", (), _weights, STILL
    ),
    "weights-contour": EmbedSpec(
        N_("Weights: the loss over (w, b)"),
        "/weights",
        "/weights.json",
        "contour",
        (),
        _weights,
        STILL,
        PLOTLY_CARTESIAN_JS,
    ),
    "descent": EmbedSpec(
        N_("Gradient descent: the run"),
        "/descent",
        "/descent.json",
        "path",
        (),
        _descent,
        STILL,
        PLOTLY_CARTESIAN_JS,
    ),
    "descent-loss": EmbedSpec(
        N_("Gradient descent: loss by iteration"),
        "/descent",
        "/descent.json",
        "losses",
        (),
        _descent,
        STILL,
    ),
    "batches-spread": EmbedSpec(
        N_("Mini-batches: spread by batch size"),
        "/batches",
        "/batches.json",
        "spread",
        (),
        _batches,
        STILL,
    ),
}


def _why(params: Mapping[str, str]) -> tuple[dict[str, Any], dict[str, Any]]:
    return why.why_state(), {}


# the guided tour's charts: each step's fixed state
for _step in why.why_state()["steps"]:
    EMBEDS[f"why-{_step['key']}"] = EmbedSpec(
        f"Guided tour: {_step['question']}", "/why", "/why.json", _step["key"], (), _why, STILL
    )

EMBED_KEYS = ("controls", "readout", "height", "theme")


def parse_controls(raw: str | None, allowed: tuple[str, ...]) -> tuple[list[str], str | None]:
    """`controls=t,o` -> ["t", "o"]; "none" -> []; missing -> all; unknown names -> a message."""
    if raw is None or raw.strip() == "":
        return list(allowed), None
    if raw.strip() == "none":
        return [], None
    names = [part.strip() for part in raw.split(",") if part.strip()]
    unknown = [name for name in names if name not in allowed]
    if unknown:
        choices = ", ".join(allowed)
        return list(allowed), _("controls: unknown {names}; choose from {choices} or none.").format(
            names=", ".join(unknown)[:60], choices=choices
        )
    return [name for name in allowed if name in names], None


def title_of(chart: str, spec: EmbedSpec) -> str:
    """The chart's title in the page's language (the tour's charts are named by their question)."""
    if chart.startswith("why-"):
        questions = {step["key"]: step["question"] for step in why.why_state()["steps"]}
        return _("Guided tour: {question}").format(question=questions[chart.removeprefix("why-")])
    return _(spec.title)
