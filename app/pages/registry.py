"""The lessons, declared once: nav, routes (page, JSON twin, CSV), the charts of /embed/<name>,
the chart a page shares and oEmbed names, the export, the notebook, the numpy snippets and the
script's messages all read this tuple.

A lesson has one name, its key: its page module `app/pages/<key>.py`, its template
`templates/<key>.html`, its script `static/js/<key>.js`, its CSV `sse-explainer-<key>.csv`. The
page module holds, by these names:

- `page_state(params) -> state` (required): the state from a query, leniently (errors shown);
- `CLIENT_KEYS` (required): the parts of the state the page's script reads;
- `csv_rows(state)`, `api_url(state)`, `snippet(state)`, `page_extras(params, state)` and
  `JS_MESSAGES` (each optional): its numbers as CSV rows, its API answer's URL, its numpy
  snippet, more for its template, and the messages its script translates.

Adding a lesson is those files and one line here (README, "Adding a lesson")."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Any, NamedTuple, cast

from app.assets import PLOTLY_CARTESIAN_JS, PLOTLY_JS
from app.i18n import JS_MESSAGES, N_
from app.pages import batches, descent, exercises, losses, samples, single, weights, why

State = dict[str, Any]
Rows = list[list[Any]]


class Chart(NamedTuple):
    """One chart of a lesson, embeddable as /embed/<name>."""

    name: str  # its name in /embed/<name>, oEmbed and the notebook
    title: str  # its title (translated where shown)
    figure: str  # its key in the state's "figures"
    controls: tuple[str, ...] = ()  # the lesson's controls its embed may show (live charts)
    bundle: str = PLOTLY_JS  # the plotly.js build it needs: contours need the cartesian one


class Lesson(NamedTuple):
    """One lesson page; everything else about it follows from its key and its page module."""

    key: str  # its one name (above)
    path: str  # the page's URL
    label: str  # the nav's words (translated where shown)
    page: ModuleType  # app.pages.<key>
    summary: str  # one line for the API docs
    charts: tuple[Chart, ...] = ()
    share: str | None = None  # the chart its share panel and oEmbed embed

    @property
    def twin(self) -> str:
        """The page's JSON twin: `/samples.json`; `/index.json` for `/`."""
        return ("/index" if self.path == "/" else self.path) + ".json"

    @property
    def csv_path(self) -> str | None:
        """`/samples.csv` beside `/samples.json`, or None for a page without a CSV."""
        return self.twin.removesuffix(".json") + ".csv" if self.csv else None

    @property
    def template(self) -> str:
        return f"{self.key}.html"

    @property
    def script(self) -> str:
        return f"js/{self.key}.js"

    @property
    def bundle(self) -> str:
        """The plotly.js build the page loads: the cartesian one if any of its charts needs it."""
        needs = {chart.bundle for chart in self.charts}
        return PLOTLY_CARTESIAN_JS if PLOTLY_CARTESIAN_JS in needs else PLOTLY_JS

    @property
    def build(self) -> Callable[[Mapping[str, str]], State]:
        return cast(Callable[[Mapping[str, str]], State], self.page.page_state)

    @property
    def client_keys(self) -> tuple[str, ...]:
        return cast(tuple[str, ...], self.page.CLIENT_KEYS)

    @property
    def csv(self) -> Callable[[State], Rows] | None:
        return getattr(self.page, "csv_rows", None)

    @property
    def api(self) -> Callable[[State], str] | None:
        return getattr(self.page, "api_url", None)

    @property
    def snippet(self) -> Callable[[State], str] | None:
        return getattr(self.page, "snippet", None)

    @property
    def extras(self) -> Callable[[Mapping[str, str], State], State] | None:
        return getattr(self.page, "page_extras", None)

    @property
    def messages(self) -> tuple[str, ...]:
        return cast(tuple[str, ...], getattr(self.page, "JS_MESSAGES", ()))


LIVE = ("t", "o", "lr")  # the one-output charts' embeds can show its controls
CARTESIAN = PLOTLY_CARTESIAN_JS

LESSONS = (
    Lesson(
        "single",
        "/",
        N_("One output"),
        single,
        "The single-sample explainer: loss, tangent, gradient sign and one descent step.",
        (
            Chart("loss", N_("Loss against output"), "loss", LIVE),
            Chart("gradient", N_("Gradient against output"), "gradient", LIVE),
        ),
        share="loss",
    ),
    Lesson(
        "samples",
        "/samples",
        N_("n samples"),
        samples,
        "n samples: each term, SSE (their sum), MSE (their mean) and every dL/do_i.",
        (
            Chart("samples", N_("n samples: each term"), "terms"),
            Chart("samples-gradient", N_("n samples: each gradient"), "gradient"),
        ),
        share="samples",
    ),
    Lesson(
        "batches",
        "/batches",
        N_("Mini-batches"),
        batches,
        "Mini-batches: each batch's mean gradient against the full-data mean, and their spread.",
        (
            Chart("batches", N_("Mini-batches: batch means"), "means"),
            Chart("batches-spread", N_("Mini-batches: spread by batch size"), "spread"),
        ),
        share="batches",
    ),
    Lesson(
        "weights",
        "/weights",
        N_("Weights"),
        weights,
        "From outputs to weights: the chain rule to dL/dw and dL/db for o = w·x + b.",
        (
            Chart("weights-fit", N_("Weights: the data and the fitted line"), "fit"),
            Chart("weights-slice", N_("Weights: the loss against w"), "slice"),
            Chart("weights-contour", N_("Weights: the loss over (w, b)"), "contour", (), CARTESIAN),
        ),
        share="weights-contour",
    ),
    Lesson(
        "descent",
        "/descent",
        N_("Descent"),
        descent,
        "Gradient descent runs: step, play and reset; slow, one-step, oscillating, diverging.",
        (
            Chart("descent", N_("Gradient descent: the run"), "path", (), CARTESIAN),
            Chart("descent-loss", N_("Gradient descent: loss by iteration"), "losses"),
        ),
        share="descent",
    ),
    Lesson(
        "losses",
        "/losses",
        N_("Other losses"),
        losses,
        "Squared, absolute, Huber and cross-entropy losses: curves, gradients, tangents.",
        (
            Chart("losses-loss", N_("Other losses: the loss curve"), "loss"),
            Chart("losses-gradient", N_("Other losses: the gradient"), "gradient"),
        ),
        share="losses-loss",
    ),
    Lesson(
        "why",
        "/why",
        N_("Why? A guided tour"),
        why,
        "The guided tour: why a squared loss still has a signed gradient, step by step.",
        tuple(Chart(f"why-{key}", question, key) for key, question in why.QUESTIONS.items()),
    ),
)


def js_messages(lesson: Lesson | None = None) -> tuple[str, ...]:
    """The messages a page's scripts write: the core's, the exercise's and its lesson's (every
    lesson's for a page of none, such as an embed)."""
    lessons = LESSONS if lesson is None else (lesson,)
    return (*JS_MESSAGES, *exercises.JS_MESSAGES, *(m for each in lessons for m in each.messages))
