"""A chart of a state as an image: which figure, how big, in which theme, with which title and
file name. The image routes (/embed/<chart>.svg|png), `sse-explainer image` and the static
export's images all build theirs here; app/renderer.py draws them."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, Any, Literal, NamedTuple

from markupsafe import Markup, escape
from pydantic import BaseModel, ConfigDict, Field

from app.errors import parse_lenient
from app.figures.still import still
from app.formatting import number
from app.i18n import decimal_mark, url_lang
from app.pages.charts import EMBEDS, title_of
from app.pages.registry import LESSONS
from app.renderer import Format, Renderer
from app.schemas import FEW_DIGITS, FIELD_LABELS

FORMATS = {"svg": "image/svg+xml", "png": "image/png", "pdf": "application/pdf"}
DEFAULT_WIDTH = 800
MIN_SIDE, MAX_SIDE = 150, 4000


class ImageQuery(BaseModel):
    """How an image of a chart looks; the lesson's own parameters come on top of these."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    width: Annotated[int, Field(ge=MIN_SIDE, le=MAX_SIDE), FEW_DIGITS] = DEFAULT_WIDTH
    height: Annotated[int, Field(ge=MIN_SIDE, le=MAX_SIDE), FEW_DIGITS] | None = None
    scale: Annotated[float, Field(ge=1, le=4)] = 1
    theme: Literal["light", "dark"] = "light"
    background: Literal["opaque", "transparent"] = "opaque"
    title: bool = False
    legend: bool = True


class Image(NamedTuple):
    """Everything the renderer needs, and the answer's file name and alt text."""

    figure: dict[str, Any]
    look: ImageQuery
    filename: str
    alt: str


def _symbol(field: str) -> str:
    """A field's symbol for a title or a file name: the last word of its label ("learning
    rate η" -> "η"), or the field's name."""
    last = FIELD_LABELS.get(field, field).split()[-1]
    return last if len(last) <= 2 else field


def state_words(query: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """The state's numbers as (field, symbol, value): ("lr", "η", "0.50"); a whole number as
    it is; the data's length as n."""
    words: list[tuple[str, str, str]] = []
    for field, value in query.items():
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, int):
            words.append((field, _symbol(field), str(value)))
        elif isinstance(value, float):
            words.append((field, _symbol(field), number(value)))
        elif isinstance(value, list | tuple) and field in ("t", "x") and value:
            words.append(("n", "n", str(len(value))))
    return words


def _file_part(text: str) -> str:
    """A number as a file name writes it: with a point whatever the page's language (the
    Spanish 1,00 would otherwise become 100)."""
    return re.sub(r"[^A-Za-z0-9._+-]+", "", text.replace("−", "-").replace(",", "."))


def image_of(chart: str, params: Mapping[str, str]) -> Image | dict[str, str]:
    """The image of `chart` at the state in `params`, or each bad field's message (the route
    answers 422 with them: an image is drawn only of a state exactly as asked)."""
    spec = EMBEDS[chart]
    look, errors = parse_lenient(ImageQuery, params)
    state = spec.state(params)
    errors = {**state["errors"], **errors}
    if errors:
        return errors
    figure = state["figures"][spec.figure]
    height = look.height or int(figure["layout"].get("height") or 420)
    words = state_words(state["query"])
    described = ", ".join(f"{symbol} = {value}" for _field, symbol, value in words)
    title = f"{title_of(chart, spec)}: {described}" if described else title_of(chart, spec)
    drawn = still(
        figure,
        look.theme,
        width=look.width,
        height=height,
        transparent=look.background == "transparent",
        title=title if look.title else None,
        separators=",\u202f" if decimal_mark() == "," else None,
        legend=look.legend,
    )
    parts = [chart, *(f"{field}{_file_part(value)}" for field, _symbol, value in words)]
    return Image(drawn, look, "-".join(["sse-explainer", *parts]), title)


async def drawn(renderer: Renderer, image: Image, fmt: Format) -> bytes:
    """The image drawn as `fmt` (PNG at its scale): what the route answers and the commands
    write. Raises app.renderer's ImageError with a sentence when it cannot be drawn."""
    layout = image.figure["layout"]
    scale = image.look.scale if fmt == "png" else 1
    return await renderer.render(image.figure, fmt, layout["width"], layout["height"], scale)


# ---- a chart slot's image for readers without JavaScript (templates/_partials.html: chart)

PHONE = "(max-width: 600px)"  # the phone layout (site.css, static/js/site.js `ssePhone`)
PHONE_WIDTH = 400  # its image, drawn at the width a phone shows it (its words stay legible)
DARK = "(prefers-color-scheme: dark)"
# a state longer than this gets the <img> alone: each variant writes the state again, and at
# the bounds (two 1000-number lists, ~10 KB) the three added 90-130 KB and ~0.6 ms to a page
VARIANTS_UP_TO = 2048
# each chart of a page by the figure key its slot names: ("/", "loss") -> "loss"
CHART_AT = {(spec.page, spec.figure): name for name, spec in EMBEDS.items()}
LESSON_AT = {lesson.path: lesson for lesson in LESSONS}


class Source(NamedTuple):
    """One <source> of a slot's <picture>: its image when `media` matches."""

    media: str
    url: str
    width: int
    height: int


class Picture(NamedTuple):
    """A chart slot's server image: `src` (light, at the desktop width) with its size, and the
    sources a browser takes first when their media match (phone width, the dark theme); and
    its first frame (app/frames.py), when the page shows one: the image's URL without its
    width, height and theme, which static/js/site.js adds for the slot as laid out."""

    src: str
    width: int
    height: int
    sources: tuple[Source, ...]
    frame: Markup | None = None


def image_url(
    chart: str,
    query: Markup,
    width: int | None,
    height: int | None,
    theme: str | None = "light",
    clear: bool = False,
    legend: bool = True,
) -> Markup:
    """The URL of `chart`'s SVG at the state in `query` (a page's query as text, escaped for
    HTML), in the page's language, escaped for an HTML attribute; `clear`: on a transparent
    background (the page's shows through, as under the chart the script draws); a width,
    height or theme of None is left out (a first frame's, added in the browser).

    >>> image_url("loss", escape("t=1&o=0.3"), 400, 290, "dark")
    Markup('/embed/loss.svg?t=1&amp;o=0.3&amp;width=400&amp;height=290&amp;theme=dark')
    """
    parts = [f"width={width}"] if width else []
    if height:
        parts.append(f"height={height}")
    if theme and theme != "light":
        parts.append(f"theme={theme}")
    if clear:
        parts.append("background=transparent")
    if not legend:
        parts.append("legend=0")
    lang = url_lang()
    if lang:
        parts.append(f"lang={lang}")  # last, as the page's links have it
    state = f"{query}&amp;" if query else ""
    return Markup(f"/embed/{chart}.svg?{state}{'&amp;'.join(parts)}")


class PageImages:
    """The server images of one page's charts at its state, by figure key: what the chart
    macro puts in each slot's <noscript>. `query` is the page's state as its links write it
    (the lesson's `url_params` are added); `theme` the page's: an embed's `theme=` light or
    dark, else (None or "auto") light, and dark where the reader's system is dark. The URLs
    come escaped for HTML (the state's text escaped once: at the bounds it is ~10 KB, and
    escaping each of a page's dozen URLs cost 0.3 ms)."""

    def __init__(
        self,
        page: str,
        state: Mapping[str, Any],
        query: str,
        theme: str | None = None,
        frames: bool = False,
    ) -> None:
        lesson = LESSON_AT.get(page)
        more = lesson.url_params(state) if lesson else {}
        self.page = page
        self.query = escape("&".join([query, *(f"{k}={v}" for k, v in more.items())]).strip("&"))
        self.figures = state["figures"]
        overrides = state.get("layout_overrides") or {}
        self.height = overrides.get("height")
        self.legend = overrides.get("showlegend", True) is not False  # a short embed has none
        self.frames = frames
        self.dark_too = theme in (None, "auto")
        self.theme = "light" if theme in (None, "auto") else str(theme)

    def __call__(self, figure: str) -> Picture | None:
        """The slot's picture, or None for a figure that is no chart of the page."""
        chart = CHART_AT.get((self.page, figure))
        if chart is None or figure not in self.figures:
            return None
        height = int(self.height or self.figures[figure]["layout"].get("height") or 420)
        variants = [(PHONE, PHONE_WIDTH, self.theme)] if len(self.query) <= VARIANTS_UP_TO else []
        if self.dark_too and variants:  # the first source that matches is taken
            variants[:0] = [
                (f"{DARK} and {PHONE}", PHONE_WIDTH, "dark"),
                (DARK, DEFAULT_WIDTH, "dark"),
            ]
        sources = tuple(
            Source(
                media,
                image_url(chart, self.query, width, height, theme, True, self.legend),
                width,
                height,
            )
            for media, width, theme in variants
        )
        src = image_url(chart, self.query, DEFAULT_WIDTH, height, self.theme, True, self.legend)
        frame = image_url(chart, self.query, None, None, None, True, self.legend)
        return Picture(src, DEFAULT_WIDTH, height, sources, frame if self.frames else None)
