"""Chart images by Plotly's own static export: the `kaleido` package driving a Chromium.

One warm Chromium, started at the first image, with `tabs` tabs that draw at once; up to
`queue` more requests wait for a tab, and any past that get `Busy` (the route answers 503 with
Retry-After). The Chromium runs on a thread of its own with its own event loop, so the server's
loop only waits on a future. An image that takes longer than `timeout` seconds fails with
`Failed`, and so does one whose Chromium crashed; either way the Chromium is started afresh for
the next image. Each tab's page keeps about a megabyte of every image it drew, reload or not
(measured: 200 images grew two tabs' renderer processes from ~30 to ~250 MiB each), so after
`recycle` images the Chromium is closed as soon as no image is being drawn, and the next image
starts a fresh one (one cold start, ~1.7 s here, every `recycle` images). A Chromium left
without images for `idle` seconds is closed too, so a server's memory goes back to what it was
before its first image (bench/images.py measures both). Without a Chromium every image is
`Unavailable`, with a sentence saying how to enable images; everything else works as before.

The last images drawn are kept by what was drawn (the figure, format, size and scale), up to
`KEEP_BYTES`: the same chart asked by another URL (another host, parameter order or coding,
which the response cache keys apart) is not drawn again, and the first frames app/frames.py
draws at start are there for the pages' first requests. An image asked while the same is
being drawn waits for that drawing, and a drawing goes on when the request that asked for it
is gone (a page left before its first frame arrived): cancelling it would cancel kaleido in
the middle of its work, which broke its Chromium.

The page kaleido draws in loads the very plotly.js build the site's pages load (static/vendor/,
app/assets.py) and no MathJax, so an image is the page's chart and nothing is fetched from the
network.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import shutil
import threading
from collections import OrderedDict
from collections.abc import Coroutine
from concurrent.futures import Future
from functools import partial
from pathlib import Path
from typing import Any, Literal

import orjson

from app.assets import PLOTLY_CARTESIAN_JS
from app.resources import resource_dir

log = logging.getLogger("sse_explainer.images")

Format = Literal["svg", "png", "pdf"]
CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")
# contour, scatter and bar: the build every chart of the site draws with
PLOTLY_BUILD = PLOTLY_CARTESIAN_JS
# the drawn images kept by what was drawn (a first frame is 8-70 KB of SVG)
KEEP_BYTES = 16 * 1024 * 1024
HOW_TO_ENABLE = (
    "Chart images need Chromium: install it (Debian: apt-get install chromium) or set"
    " SSE_CHROMIUM to its path (a server: then restart it)."
)


class ImageError(Exception):
    """An image that could not be drawn; `str()` is a sentence for the reader."""


class Unavailable(ImageError):
    """No Chromium: images are off on this server."""


class Busy(ImageError):
    """Every tab is drawing and the queue is full: try again in `retry_after` seconds."""

    retry_after = 2


class Failed(ImageError):
    """The image took too long, or the Chromium drawing it crashed (it is restarted)."""


def find_chromium(setting: str = "") -> str | None:
    """The Chromium to drive: the setting (SSE_CHROMIUM) when given, else the first of
    CANDIDATES found; None when there is none."""
    for name in (setting,) if setting else CANDIDATES:
        found = shutil.which(name) if not os.path.isabs(name) else name
        if found and os.access(found, os.X_OK):
            return found
    return None


class Renderer:
    """One Chromium for the process's images (see the module docstring)."""

    def __init__(
        self,
        chromium: str | None,
        tabs: int = 2,
        queue: int = 16,
        timeout: float = 20.0,
        recycle: int = 100,
        idle: float = 300.0,
    ) -> None:
        self.chromium = chromium
        self.tabs = max(1, tabs)
        self.queue = max(0, queue)
        self.timeout = timeout
        self.recycle = max(1, recycle)
        self.idle = idle
        self._idle: asyncio.TimerHandle | None = None
        self.waiting = 0  # requests drawing or waiting for a tab
        self.rendered = 0
        self.since_start = 0  # images the running Chromium has drawn
        self.restarts = 0  # after a timeout or a crash
        self.kept: OrderedDict[bytes, bytes] = OrderedDict()  # LRU: what was drawn -> image
        self.kept_bytes = 0
        self.hits = 0  # images answered from `kept` or from a drawing of the same under way
        self.drawing: dict[bytes, asyncio.Future[bytes]] = {}
        self.recycled = 0  # after `recycle` images
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido: Any = None

    @property
    def available(self) -> bool:
        return self.chromium is not None

    # ---- the Chromium's own thread and loop
    def _start_thread(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                thread = threading.Thread(target=loop.run_forever, name="sse-images", daemon=True)
                thread.start()
                self._loop, self._thread = loop, thread
            return self._loop

    def _submit(self, coroutine: Coroutine[Any, Any, Any]) -> Future[Any]:
        return asyncio.run_coroutine_threadsafe(coroutine, self._start_thread())

    async def _open(self) -> Any:
        if self._kaleido is None:
            import kaleido  # a dependency, imported only when images are drawn

            plotly = resource_dir("static") / PLOTLY_BUILD
            page = kaleido.PageGenerator(plotly=str(Path(plotly).resolve()), mathjax=False)
            k = kaleido.Kaleido(
                n=self.tabs, timeout=self.timeout, page_generator=page, path=self.chromium
            )
            await k.open()
            self._kaleido = k
        return self._kaleido

    async def _close(self) -> None:
        k, self._kaleido = self._kaleido, None
        if k is not None:
            try:
                await k.close()
            except Exception:  # noqa: BLE001 - a crashed Chromium may not close cleanly
                log.warning("closing the image Chromium failed", exc_info=True)

    async def _draw(self, figure: dict[str, Any], opts: dict[str, Any]) -> bytes:
        k = await self._open()
        data: bytes = await k.calc_fig(figure, opts=opts)
        return data

    # ---- the server's side
    async def render(
        self,
        figure: dict[str, Any],
        fmt: Format,
        width: int,
        height: int,
        scale: float = 1,
    ) -> bytes:
        """The figure as `fmt` bytes, `width` × `height` CSS px (PNG: times `scale`)."""
        if not self.available:
            raise Unavailable(HOW_TO_ENABLE)
        key = self.key(figure, fmt, width, height, scale)
        kept = self.kept.get(key)
        if kept is not None:
            self.kept.move_to_end(key)
            self.hits += 1
            return kept
        # one drawing of an image at a time, whoever asks; it goes on when the one who asked
        # leaves (a page left before its first frame came): its image is kept for the next
        task = self.drawing.get(key)
        if task is None:
            task = asyncio.ensure_future(self._render(figure, fmt, width, height, scale))
            self.drawing[key] = task
            task.add_done_callback(partial(self._drawn, key))
        else:
            self.hits += 1
        return await asyncio.shield(task)

    def _drawn(self, key: bytes, task: asyncio.Future[bytes]) -> None:
        del self.drawing[key]
        if not task.cancelled() and task.exception() is None:  # (its error is the asker's)
            self._keep(key, task.result())

    @staticmethod
    def key(figure: dict[str, Any], fmt: Format, width: int, height: int, scale: float) -> bytes:
        """What an image is drawn from, as a digest (a figure is a few to a few hundred KB)."""
        what = orjson.dumps(
            [figure, fmt, width, height, scale],
            option=orjson.OPT_SORT_KEYS | orjson.OPT_SERIALIZE_NUMPY,
        )
        return hashlib.sha256(what).digest()

    def _keep(self, key: bytes, data: bytes) -> None:
        if len(data) > KEEP_BYTES // 8:
            return
        self.kept[key] = data
        self.kept_bytes += len(data)
        while self.kept_bytes > KEEP_BYTES:
            _key, old = self.kept.popitem(last=False)
            self.kept_bytes -= len(old)

    async def _render(
        self, figure: dict[str, Any], fmt: Format, width: int, height: int, scale: float
    ) -> bytes:
        if self.waiting >= self.tabs + self.queue:
            raise Busy(
                f"The server is drawing {self.waiting} images already; try again in"
                f" {Busy.retry_after} seconds."
            )
        self.waiting += 1
        if self._idle is not None:
            self._idle.cancel()
            self._idle = None
        try:
            opts = {"format": fmt, "width": width, "height": height, "scale": scale}
            future = self._submit(self._draw(figure, opts))
            try:
                data: bytes = await asyncio.wait_for(asyncio.wrap_future(future), self.timeout)
            except TimeoutError:
                future.cancel()
                await self._restart()
                raise Failed(
                    f"The image took longer than {self.timeout:g} seconds to draw; please try"
                    " again."
                ) from None
            except ImageError:
                raise
            except Exception as error:  # the Chromium crashed or refused: start it afresh
                log.warning("an image failed: %r", error)
                await self._restart()
                raise Failed("The image could not be drawn; please try again.") from None
            self.rendered += 1
            self.since_start += 1
            return data
        finally:
            self.waiting -= 1
            if self.waiting == 0:
                if self.since_start >= self.recycle:
                    self.since_start = 0
                    self.recycled += 1
                    await asyncio.wrap_future(self._submit(self._close()))
                else:
                    self._idle = asyncio.get_running_loop().call_later(self.idle, self.rest)

    def rest(self) -> None:
        """Close the Chromium if no image is being drawn (its memory goes back): after `idle`
        seconds without images, and once the first frames are drawn at start."""
        if self._idle is not None:
            self._idle.cancel()
        self._idle = None
        if self.waiting == 0 and self._kaleido is not None:
            self.since_start = 0
            self._submit(self._close())

    async def _restart(self) -> None:
        self.restarts += 1
        self.since_start = 0
        await asyncio.wrap_future(self._submit(self._close()))

    async def settle(self) -> None:
        """Cancel the drawings under way (the server's shutdown, before `stop`: a drawing
        left for the server's loop to cancel after the Chromium's loop has closed cannot)."""
        tasks = list(self.drawing.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def stop(self) -> None:
        """Close the Chromium and end its thread (the server's shutdown)."""
        if self._idle is not None:
            self._idle.cancel()
            self._idle = None
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        try:
            self._submit(self._close()).result(timeout=10)
        except Exception:  # noqa: BLE001
            log.warning("the image Chromium did not close", exc_info=True)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        if not thread.is_alive():
            loop.close()
        self._loop = self._thread = None
