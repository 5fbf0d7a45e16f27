"""What a page lets a reader take away: its charts as image downloads, and the share panel's
embed builder (one chart at the page's state as an iframe with the embed.js line, as an image
URL and as a Markdown line). A page's charts are app.pages.charts.EMBEDS with that page's path,
never a list of their own; oEmbed writes its iframe with `iframe_code` too.

Downloads are drawn by the server (/embed/<chart>.png|svg, app/pages/images.py): the image
defaults (light theme, opaque background), PNG at twice the size, as an attachment whose file
name carries the state. The builder's image URL is the same image, inline, in the theme asked.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from app.i18n import with_lang
from app.nav import PAGE_CHART
from app.pages.charts import EMBED_CHROME, EMBEDS, title_of

IFRAME_WIDTH = 720
DEFAULT_CHART_HEIGHT = 420  # a figure that does not say its height (Plotly's own default is 450)
MARKDOWN_IMAGE = "![{title}]({url})"
# what a download link adds to the state, by format (static/js/core/url.js keeps the state
# part in step with the address bar and leaves this part as it is)
DOWNLOAD_QUERY = {"png": "scale=2&download=1", "svg": "download=1"}

# the charts of each page, in the registry's order
_BY_PAGE: dict[str, tuple[str, ...]] = {}
for _name, _spec in EMBEDS.items():
    _BY_PAGE[_spec.page] = (*_BY_PAGE.get(_spec.page, ()), _name)


def attr(value: str) -> str:
    """Text for a double-quoted HTML attribute."""
    return (
        value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    )


def iframe_code(src: str, height: int, title: str, width: int = IFRAME_WIDTH) -> str:
    """A bare iframe of an embed (what WordPress keeps from an oEmbed answer).

    >>> iframe_code("http://x/embed/loss?t=1&o=2", 560, "sse-explainer: loss")[:51]
    '<iframe src="http://x/embed/loss?t=1&amp;o=2" width'
    """
    return (
        f'<iframe src="{attr(src)}" width="{width}" height="{height}" title="{attr(title)}"'
        ' loading="lazy" style="border:0;max-width:100%"></iframe>'
    )


def script_line(base: str) -> str:
    """The line a course page adds once so that each iframe fits its chart (static/embed.js)."""
    return f'<script src="{attr(base)}static/embed.js" defer></script>'


def frame_title(chart: str) -> str:
    """An embed's iframe title: the site and the chart, in the page's language."""
    return f"sse-explainer: {title_of(chart, EMBEDS[chart]).lower()}"


def _with_query(url: str, query: str) -> str:
    return with_lang(f"{url}?{query}" if query else url)


def chart_height(chart: str, state: Mapping[str, Any]) -> int:
    """The chart's own height in px at this state (an embed's `height` when none is asked)."""
    figure = (state.get("figures") or {}).get(EMBEDS[chart].figure) or {}
    return int((figure.get("layout") or {}).get("height") or DEFAULT_CHART_HEIGHT)


class Download(NamedTuple):
    """One chart's image downloads: its name, title, figure key and a link per format."""

    chart: str
    title: str
    figure: str
    links: dict[str, str]  # format -> URL


def image_link(chart: str, fmt: str, query: str) -> str:
    """The download link of the chart's image at the state in `query`."""
    extra = DOWNLOAD_QUERY[fmt]
    return with_lang(
        f"/embed/{chart}.{fmt}?{query}&{extra}" if query else f"/embed/{chart}.{fmt}?{extra}"
    )


def downloads(path: str, query: str) -> list[Download]:
    """The page's charts as PNG and SVG downloads of the state in `query`."""
    return [
        Download(
            name,
            title_of(name, EMBEDS[name]),
            EMBEDS[name].figure,
            {fmt: image_link(name, fmt, query) for fmt in DOWNLOAD_QUERY},
        )
        for name in _BY_PAGE.get(path, ())
    ]


class Choice(NamedTuple):
    """A chart the builder offers, with what its choices depend on."""

    chart: str
    title: str  # its title (the Markdown line's alt text)
    frame_title: str  # its iframe's title
    controls: tuple[str, ...]  # the controls its embed may show
    height: int  # its own height in px


class Builder(NamedTuple):
    """The share panel's embed builder for a page: its charts, the one chosen at first, and
    that chart's iframe code, embed.js line, image URL and Markdown line at the page's state
    (all its controls, the readout, its own height, the reader's theme)."""

    choices: list[Choice]
    chosen: Choice
    controls: list[str]  # every control any of the charts may show, in first-seen order
    readout: bool  # whether the embeds have a sentence to show under the chart
    base: str  # the site's address, as the code writes it ("http://host/")
    iframe: str
    script: str
    image: str
    markdown: str


def builder(path: str, state: Mapping[str, Any], query: str, base: str) -> Builder | None:
    """The builder for the page at `path` (None for a page without charts): `query` is the
    state's query, `base` the site's address ("http://host/")."""
    names = _BY_PAGE.get(path, ())
    if not names:
        return None
    choices = [
        Choice(
            name,
            title_of(name, EMBEDS[name]),
            frame_title(name),
            EMBEDS[name].controls,
            chart_height(name, state),
        )
        for name in names
    ]
    first = PAGE_CHART.get(path)  # the chart its oEmbed link embeds, else its first
    chosen = next((choice for choice in choices if choice.chart == first), choices[0])
    controls = list(dict.fromkeys(name for choice in choices for name in choice.controls))
    embed = _with_query(f"/embed/{chosen.chart}", query)
    image = _with_query(f"{base}embed/{chosen.chart}.png", query)
    return Builder(
        choices,
        chosen,
        controls,
        bool(state.get("sentence")),
        base,
        iframe_code(base.rstrip("/") + embed, chosen.height + EMBED_CHROME, chosen.frame_title),
        script_line(base),
        image,
        MARKDOWN_IMAGE.format(title=chosen.title, url=image),
    )
