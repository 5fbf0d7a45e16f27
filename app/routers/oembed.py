"""oEmbed (https://oembed.com): course sites turn a link to one of our pages into an iframe."""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import parse_qsl, urlencode, urlsplit

from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import BaseModel, Field

from app import __version__
from app.i18n import _, use
from app.nav import PAGE_CHART
from app.pages.charts import EMBED_CHROME, EMBEDS, MIN_CHART_HEIGHT
from app.pages.share import IFRAME_WIDTH, frame_title, iframe_code
from app.responses import ORJSON
from app.schemas import FEW_DIGITS

router = APIRouter(tags=["embed"])

DEFAULT_WIDTH = IFRAME_WIDTH
DEFAULT_HEIGHT = 560
# the smallest iframe that still shows a chart: a phone-width column, and the embed's
# smallest chart with its title line, controls and readout
MIN_WIDTH = 280
MIN_HEIGHT = MIN_CHART_HEIGHT + EMBED_CHROME


class OEmbedQuery(BaseModel):
    """An oEmbed request: which URL, in which format, at most how big."""

    url: Annotated[str, Field(min_length=1, max_length=4096, description="A page of this site.")]
    format: Literal["json", "xml"] = "json"
    maxwidth: Annotated[int, Field(ge=50, le=5000), FEW_DIGITS] | None = None
    maxheight: Annotated[int, Field(ge=50, le=5000), FEW_DIGITS] | None = None


class OEmbedOut(BaseModel):
    """A `rich` oEmbed response whose html is a bare iframe (what WordPress keeps)."""

    version: Literal["1.0"] = "1.0"
    type: Literal["rich"] = "rich"
    html: str
    width: int
    height: int
    title: str
    provider_name: str
    provider_url: str
    cache_age: int


EXERCISE = "exercise"  # /exercise and /embed/exercise: the exercise alone, not a chart
# a learner's progress is theirs: an embed of their address starts the question afresh
PROGRESS = ("score", "tries", "sign", "move")


def embed_target(url: str, base: str) -> tuple[str, dict[str, str]] | None:
    """The chart name (or EXERCISE) and query a URL of ours stands for, or None when it is not
    ours."""
    parts = urlsplit(url)
    ours = urlsplit(base)
    if parts.scheme not in ("http", "https") or parts.netloc != ours.netloc:
        return None
    params = dict(parse_qsl(parts.query))
    if parts.path in ("/exercise", "/embed/exercise"):
        return EXERCISE, {k: v for k, v in params.items() if k not in PROGRESS}
    if parts.path.startswith("/embed/"):
        chart = parts.path.removeprefix("/embed/")
        return (chart, params) if chart in EMBEDS else None
    chart_name = PAGE_CHART.get(parts.path)
    return (chart_name, params) if chart_name else None


@router.get(
    "/oembed",
    response_model=OEmbedOut,
    responses={
        404: {
            "description": "The URL is not a page of this sse-explainer, or no embed of it"
            f" fits in maxwidth × maxheight (the smallest is {MIN_WIDTH} × {MIN_HEIGHT} px)"
        },
        501: {"description": "format=xml is not implemented"},
    },
)
async def oembed(request: Request, q: Annotated[OEmbedQuery, Query()]) -> ORJSON:
    """The oEmbed answer for one of our pages: an iframe of its main chart."""
    if q.format == "xml":
        raise HTTPException(501, "Only format=json is implemented.")
    base = str(request.base_url)
    target = embed_target(q.url, base)
    if target is None:
        raise HTTPException(404, "That URL is not a page of this sse-explainer.")
    chart, params = target
    width = min(DEFAULT_WIDTH, q.maxwidth or DEFAULT_WIDTH)
    height = min(DEFAULT_HEIGHT, q.maxheight or DEFAULT_HEIGHT)
    if width < MIN_WIDTH or height < MIN_HEIGHT:
        # oEmbed: the answer must fit maxwidth × maxheight; no embed of ours fits below this
        raise HTTPException(
            404,
            f"No embed of this chart fits in {q.maxwidth or DEFAULT_WIDTH} × "
            f"{q.maxheight or DEFAULT_HEIGHT} px: the smallest is {MIN_WIDTH} × {MIN_HEIGHT}.",
        )
    params = {k: v for k, v in params.items() if k != "height"}
    if chart == EXERCISE:  # its page grows with its answer: embed.js fits the iframe to it
        query = urlencode(params)
        src = f"{base.rstrip('/')}/embed/exercise" + (f"?{query}" if query else "")
    else:
        chart_height = height - EMBED_CHROME
        src = f"{base.rstrip('/')}/embed/{chart}?{urlencode({**params, 'height': chart_height})}"
    with use("en"):  # the provider's words, as oEmbed consumers cache them
        title = (
            f"sse-explainer: {_('Exercise').lower()}" if chart == EXERCISE else frame_title(chart)
        )
    html = iframe_code(src, height, title, width)
    answer = OEmbedOut(
        html=html,
        width=width,
        height=height,
        title=title,
        provider_name=f"sse-explainer {__version__}",
        provider_url=base,
        cache_age=86400,
    )
    return ORJSON(answer.model_dump())
