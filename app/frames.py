"""The first frame: a chart on screen before plotly.js arrives.

Every chart slot of a lesson page or an embed starts with the server's SVG of its state, drawn
by app/renderer.py with the very plotly.js build the pages vendor, at the slot's own width and
height and in the page's theme: an `<img class="first-frame">` that one inline script
(`SCRIPT`, the same text in every slot, allowed by its hash in the CSP) adds while the page is
parsed, from the slot's `data-frame` (the image URL without its size and theme) and
`data-frame-height`. static/js/site.js `sseFrame` measures the slot, asks for the image at high
priority (a slot below the first screen lazily) and loads plotly.js and the page's scripts only
once the first screen's frames have arrived, or after `WAIT_MS` (static/js/site.js) when a
frame is slow, so plotly.js never delays them; static/js/core/plot.js removes a frame once
plotly.js has drawn its chart and that drawing has been painted. Both drawings are the same
(tests/browser/test_first_frame.py compares screenshots before and after).

At start the server draws the first frames of every page's default state (`frames.json`: the
URLs the pages ask for at 1280×800 and 390×844, light and dark, written by
scripts/first-frames and checked by the same test) in the background, so the common first
frames are answered from the renderer's kept images; a fresh state's frame is drawn when asked,
and never holds up the HTML. `SSE_FIRST_FRAME=0` turns it all off (the pages load their scripts
at once, as before); `SSE_FIRST_FRAME_WARM=0` skips the drawing at start.
"""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from urllib.parse import parse_qsl, urlsplit

if TYPE_CHECKING:  # the pages are imported when a frame is drawn (app/middleware.py reads
    # SCRIPT for the CSP, and must not import them)
    from app.pages.images import Image
    from app.renderer import Renderer

log = logging.getLogger("sse_explainer.images")

# the inline script each chart slot carries (templates/_partials.html: chart), which the CSP
# allows by its hash (app/middleware.py): no other inline script runs on a page
SCRIPT = "sseFrame(document.currentScript)"
WARM_LIST = "frames.json"

Status = Literal["off", "warming", "ready"]


def warm_path() -> Path:
    """The list of first frames drawn at start (scripts/first-frames writes it)."""
    return Path(__file__).with_name(WARM_LIST)


def warm_urls() -> list[str]:
    """The first frames the pages' default states ask for, the most visited first."""
    urls: list[str] = json.loads(warm_path().read_text())["frames"]
    return urls


def image_at(url: str) -> Image | None:
    """The image a first frame's URL asks for (None: a chart or state that no longer is)."""
    from app.pages.charts import EMBEDS
    from app.pages.images import Image, image_of

    parts = urlsplit(url)
    chart = parts.path.removeprefix("/embed/").removesuffix(".svg")
    if chart not in EMBEDS:
        return None
    made = image_of(chart, dict(parse_qsl(parts.query, keep_blank_values=True)))
    return made if isinstance(made, Image) else None


class Warmer:
    """Draws the listed first frames in the background, `tabs` at a time (never more than the
    renderer draws at once, so a visitor's image waits behind at most that many)."""

    def __init__(self, renderer: Renderer, urls: list[str]) -> None:
        self.renderer = renderer
        self.urls = urls
        self.status: Status = "off"
        self.drawn = 0
        self.failed = 0
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Begin drawing (the server's start); `status` says "ready" once all are drawn."""
        if not self.renderer.available or not self.urls:
            return
        self.status = "warming"
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        from app.pages.images import drawn
        from app.renderer import ImageError

        queue = list(reversed(self.urls))  # the list's order: the most visited page first

        async def worker() -> None:
            while queue:
                image = image_at(queue.pop())
                if image is None:
                    self.failed += 1
                    continue
                try:
                    await drawn(self.renderer, image, "svg")
                    self.drawn += 1
                except ImageError as error:
                    self.failed += 1
                    log.warning("a first frame could not be drawn at start: %s", error)

        await asyncio.gather(*(worker() for _ in range(self.renderer.tabs)))
        self.renderer.rest()  # its memory (~1 GiB after drawing them) back until the next image
        self.status = "ready"
        log.info("first frames drawn: %d (%d failed)", self.drawn, self.failed)

    async def stop(self) -> None:
        """Stop drawing (the server's shutdown)."""
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()
            try:
                await task
            except asyncio.CancelledError:
                pass
