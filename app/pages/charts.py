"""Every chart of every lesson, by the name it has in /embed/<name>: where its numbers come
from, its figure, the controls it may show and the scripts that draw it. The embed pages,
oEmbed, CSV downloads, the static export and the notebook API all read this one table."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from app.assets import PLOTLY_CARTESIAN_JS, PLOTLY_JS
from app.i18n import N_, _
from app.pages import batches, losses, samples, single, weights, why
from app.schemas import FEW_DIGITS

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
    state: Callable[[Mapping[str, str]], dict[str, Any]]  # its page's state from a query
    script: str
    bundle: str = PLOTLY_JS  # the plotly.js build: contour charts need the cartesian one


STILL = "js/embed-still.js"  # lessons whose script needs the whole page embed still charts

EMBEDS: dict[str, EmbedSpec] = {
    "loss": EmbedSpec(
        N_("Loss against output"),
        "/",
        "/index.json",
        "loss",
        ("t", "o", "lr"),
        single.page_state,
        "js/explainer.js",
    ),
    "gradient": EmbedSpec(
        N_("Gradient against output"),
        "/",
        "/index.json",
        "gradient",
        ("t", "o", "lr"),
        single.page_state,
        "js/explainer.js",
    ),
    "losses-loss": EmbedSpec(
        N_("Other losses: the loss curve"),
        "/losses",
        "/losses.json",
        "loss",
        (),
        losses.page_state,
        STILL,
    ),
    "losses-gradient": EmbedSpec(
        N_("Other losses: the gradient"),
        "/losses",
        "/losses.json",
        "gradient",
        (),
        losses.page_state,
        STILL,
    ),
    "samples": EmbedSpec(
        N_("n samples: each term"),
        "/samples",
        "/samples.json",
        "terms",
        (),
        samples.page_state,
        STILL,
    ),
    "samples-gradient": EmbedSpec(
        N_("n samples: each gradient"),
        "/samples",
        "/samples.json",
        "gradient",
        (),
        samples.page_state,
        STILL,
    ),
    "batches": EmbedSpec(
        N_("Mini-batches: batch means"),
        "/batches",
        "/batches.json",
        "means",
        (),
        batches.page_state,
        STILL,
    ),
    "weights-fit": EmbedSpec(
        N_("Weights: the data and the fitted line"),
        "/weights",
        "/weights.json",
        "fit",
        (),
        weights.weights_page_state,
        STILL,
    ),
    "weights-slice": EmbedSpec(
        N_("Weights: the loss against w"),
        "/weights",
        "/weights.json",
        "slice",
        (),
        weights.weights_page_state,
        STILL,
    ),
    "weights-contour": EmbedSpec(
        N_("Weights: the loss over (w, b)"),
        "/weights",
        "/weights.json",
        "contour",
        (),
        weights.weights_page_state,
        STILL,
        PLOTLY_CARTESIAN_JS,
    ),
    "descent": EmbedSpec(
        N_("Gradient descent: the run"),
        "/descent",
        "/descent.json",
        "path",
        (),
        weights.descent_page_state,
        STILL,
        PLOTLY_CARTESIAN_JS,
    ),
    "descent-loss": EmbedSpec(
        N_("Gradient descent: loss by iteration"),
        "/descent",
        "/descent.json",
        "losses",
        (),
        weights.descent_page_state,
        STILL,
    ),
    "batches-spread": EmbedSpec(
        N_("Mini-batches: spread by batch size"),
        "/batches",
        "/batches.json",
        "spread",
        (),
        batches.page_state,
        STILL,
    ),
}


# the guided tour's charts: each step's fixed state
for _step in why.why_state()["steps"]:
    EMBEDS[f"why-{_step['key']}"] = EmbedSpec(
        f"Guided tour: {_step['question']}",
        "/why",
        "/why.json",
        _step["key"],
        (),
        why.page_state,
        STILL,
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
