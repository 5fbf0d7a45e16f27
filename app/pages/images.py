"""A chart of a state as an image: which figure, how big, in which theme, with which title and
file name. The image routes (/embed/<chart>.svg|png), `sse-explainer image` and the static
export's images all build theirs here; app/renderer.py draws them."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from app.errors import parse_lenient
from app.figures.still import still
from app.formatting import number
from app.i18n import decimal_mark
from app.pages.charts import EMBEDS, title_of
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
    )
    parts = [chart, *(f"{field}{_file_part(value)}" for field, _symbol, value in words)]
    return Image(drawn, look, "-".join(["sse-explainer", *parts]), title)


async def drawn(renderer: Renderer, image: Image, fmt: Format) -> bytes:
    """The image drawn as `fmt` (PNG at its scale): what the route answers and the commands
    write. Raises app.renderer's ImageError with a sentence when it cannot be drawn."""
    layout = image.figure["layout"]
    scale = image.look.scale if fmt == "png" else 1
    return await renderer.render(image.figure, fmt, layout["width"], layout["height"], scale)
