"""Every chart of every lesson, by the name it has in /embed/<name>: where its numbers come
from, its figure, the controls it may show and the scripts that draw it. The embed pages,
oEmbed, CSV downloads, the static export and the notebook API all read this one table."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Annotated, Any, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from app.assets import PLOTLY_JS
from app.i18n import _
from app.pages.registry import LESSONS, LookupTwin
from app.schemas import FEW_DIGITS, Theme

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


STILL_KEYS = ("figures", "config")  # all a still chart's script reads


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
    client_keys: tuple[str, ...] = STILL_KEYS  # the parts of the state its script reads
    lookup: LookupTwin | None = None  # where its script fetches its lookup arrays


STILL = "js/embed-still.js"  # lessons whose script needs the whole page embed still charts


def _embeds() -> dict[str, EmbedSpec]:
    """Every lesson's charts, from the registry: a chart with controls is driven by its lesson's
    own script, the others are drawn still."""
    return {
        chart.name: EmbedSpec(
            chart.title,
            lesson.path,
            lesson.twin,
            chart.figure,
            chart.controls,
            lesson.build,
            lesson.script if chart.controls else STILL,
            chart.bundle,
            lesson.client_keys if chart.controls else STILL_KEYS,
            lesson.lookup if chart.controls else None,
        )
        for lesson in LESSONS
        for chart in lesson.charts
    }


EMBEDS = _embeds()

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
    if spec.page == "/why":
        return _("Guided tour: {question}").format(question=_(spec.title))
    return _(spec.title)
