"""The lessons, declared once: nav, routes (page, JSON twin, CSV), the charts of /embed/<name>,
the chart a page shares and oEmbed names, the export, the notebook, the numpy snippets and the
script's messages all read this tuple.

A lesson has one name, its key: its page module `app/pages/<key>.py`, its template
`templates/<key>.html`, its script `static/js/<key>.js`, its CSV `sse-explainer-<key>.csv`. The
page module holds, by these names:

- `page_state(params) -> state` (required): the state from a query, leniently (errors shown);
- `CLIENT_KEYS` (required): the parts of the state the page's script reads;
- `SUMMARY` (required): the page in one line, for the API docs;
- `CHARTS` (required): its charts (app.pages.chart.Chart), each /embed/<name>;
- `LOOKUP_KEYS` (optional): the parts of the state its script needs only once a control
  moves (the output slider's per-position arrays): left out of the HTML and served by the
  page's lookup twin (`Lesson.lookup`), which the script fetches when it starts;
- `csv_rows(state)`, `API` (or `api_url(state)`), `snippet(state)`, `page_extras(params,
  state)`, `url_params(state)` and `JS_MESSAGES` (each optional): its numbers as CSV rows, the
  path of its API answer (given the state's query), its numpy snippet, more for its template,
  the parameters its state keeps beside its query (the one-output page's compare=1), and the
  messages its script translates.

Adding a lesson is those files and one line here (README, "Adding a lesson")."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Any, NamedTuple, cast

from app.assets import PLOTLY_CARTESIAN_JS, PLOTLY_JS
from app.i18n import JS_MESSAGES, N_
from app.pages import batches, descent, exercises, losses, samples, single, weights, why
from app.pages.chart import Chart

State = dict[str, Any]
Rows = list[list[Any]]


class LookupTwin(NamedTuple):
    """The cacheable twin of a page's lookup arrays: `/index.lookup.json?<the state's query>`
    beside `/index.json`, answering `{key: state[key]}` for its keys (app/routers/lessons.py).
    The page's data names its URL as `lookup_url` (app.rendering.render); static/js/core/url.js
    (SSE.lookups) fetches it when the lesson's script starts."""

    path: str  # `/index.lookup.json`
    keys: tuple[str, ...]  # the state's parts it answers

    def url(self, query: str) -> str:
        """Its URL for the state's query (as text)."""
        return f"{self.path}?{query}" if query else self.path

    def answer(self, state: State) -> State:
        """What it answers for a state."""
        return {key: state[key] for key in self.keys}


class Lesson(NamedTuple):
    """One lesson page; everything else about it follows from its key and its page module."""

    key: str  # its one name (above)
    path: str  # the page's URL
    label: str  # the nav's words (translated where shown)
    page: ModuleType  # app.pages.<key>
    share: str | None = None  # the chart its share panel and oEmbed embed

    @property
    def summary(self) -> str:
        """One line for the API docs."""
        return cast(str, self.page.SUMMARY)

    @property
    def charts(self) -> tuple[Chart, ...]:
        """Its charts, each /embed/<name>."""
        return cast(tuple[Chart, ...], self.page.CHARTS)

    @property
    def twin(self) -> str:
        """The page's JSON twin: `/samples.json`; `/index.json` for `/`."""
        return ("/index" if self.path == "/" else self.path) + ".json"

    @property
    def lookup(self) -> LookupTwin | None:
        """The twin of its `LOOKUP_KEYS` (`/index.lookup.json`), or None for a page without."""
        keys = cast(tuple[str, ...], getattr(self.page, "LOOKUP_KEYS", ()))
        return LookupTwin(self.twin.removesuffix(".json") + ".lookup.json", keys) if keys else None

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

    def api_url(self, state: State, query: str) -> str | None:
        """The URL of the state's API answer (`query`: the state's query as text): the module's
        `api_url(state)`, or its `API` path with the query; None for a lesson without one."""
        if hasattr(self.page, "api_url"):
            return cast(str, self.page.api_url(state))
        path = getattr(self.page, "API", None)
        return None if path is None else f"{path}?{query}"

    @property
    def snippet(self) -> Callable[[State], str] | None:
        return getattr(self.page, "snippet", None)

    @property
    def extras(self) -> Callable[[Mapping[str, str], State], State] | None:
        return getattr(self.page, "page_extras", None)

    def url_params(self, state: Mapping[str, Any]) -> dict[str, str]:
        """What the state's URL says beside its query (`compare=1`): the module's
        `url_params(state)`, or nothing."""
        params = getattr(self.page, "url_params", None)
        return {} if params is None else cast(dict[str, str], params(state))

    @property
    def messages(self) -> tuple[str, ...]:
        return cast(tuple[str, ...], getattr(self.page, "JS_MESSAGES", ()))


LESSONS = (
    Lesson("single", "/", N_("One output"), single, "loss"),
    Lesson("samples", "/samples", N_("n samples"), samples, "samples"),
    Lesson("batches", "/batches", N_("Mini-batches"), batches, "batches"),
    Lesson("weights", "/weights", N_("Weights"), weights, "weights-contour"),
    Lesson("descent", "/descent", N_("Descent"), descent, "descent"),
    Lesson("losses", "/losses", N_("Other losses"), losses, "losses-loss"),
    Lesson("why", "/why", N_("Why? A guided tour"), why),
)


def js_messages(lesson: Lesson | None = None) -> tuple[str, ...]:
    """The messages a page's scripts write: the core's, the exercise's and its lesson's (every
    lesson's for a page of none, such as an embed)."""
    lessons = LESSONS if lesson is None else (lesson,)
    return (*JS_MESSAGES, *exercises.JS_MESSAGES, *(m for each in lessons for m in each.messages))
