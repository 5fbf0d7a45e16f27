"""The first frame (app/frames.py): the server's SVG of each chart is on screen before plotly.js
arrives, plotly.js takes over without a visible change, and the server has drawn the default
pages' first frames at start."""

from __future__ import annotations

import base64
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from app.config import Settings
from app.frames import warm_urls
from app.main import create_app
from tests.browser.conftest import Visit, _open
from tests.first_frames import frames
from tests.serving import served

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
PLOTLY = "**/static/vendor/plotly-*.js"
# a pixel "differs" when a channel moves by more than this (of 255): antialiasing of the same
# edge drawn as an <img> and as inline SVG moves a few levels; a jump of a line moves ~all
DIFFERS = 64
# at most this share of the slot's pixels may differ between the frame and plotly.js's drawing
# (measured 2026-12-07: 0 pixels on 18 of 20 page, size and theme pairs, /losses included,
# 20-30 on /weights light (0.008-0.02 %); a phone frame with the legend the page leaves out:
# 6-21 %)
MOST = 0.001

# in the page: how many pixels of two PNGs (data URLs) differ, and by how much at most
COMPARE = """async ([a, b, differs]) => {
  const load = (src) => new Promise((done, fail) => {
    const img = new Image();
    img.onload = () => done(img);
    img.onerror = fail;
    img.src = src;
  });
  const [x, y] = await Promise.all([load(a), load(b)]);
  if (x.width !== y.width || x.height !== y.height) return { size: false };
  const canvas = document.createElement("canvas");
  canvas.width = x.width;
  canvas.height = x.height;
  const g = canvas.getContext("2d", { willReadFrequently: true });
  const pixels = (img) => {
    g.clearRect(0, 0, canvas.width, canvas.height);
    g.drawImage(img, 0, 0);
    return g.getImageData(0, 0, canvas.width, canvas.height).data;
  };
  const p = pixels(x), q = pixels(y);
  let differ = 0, worst = 0;
  for (let i = 0; i < p.length; i += 4) {
    const d = Math.max(Math.abs(p[i] - q[i]), Math.abs(p[i + 1] - q[i + 1]),
                       Math.abs(p[i + 2] - q[i + 2]));
    worst = Math.max(worst, d);
    if (d > differs) differ++;
  }
  return { size: true, differ: differ, total: p.length / 4, worst: worst };
}"""
# the first chart's frame has come (on a phone /why's first chart is below the first screen:
# its frame is lazy, and loads as the page is that near it)
FRAME_IN = """() => {
  const img = document.querySelector(".chart > img.first-frame");
  return Boolean(img && img.complete && img.naturalWidth > 0);
}"""
SWAPPED = """() => document.body?.dataset.rendered === "1"
  && !document.querySelector("img.first-frame")"""


@contextmanager
def opened(browser: Any, base: str, **options: Any) -> Iterator[Visit]:
    yield from _open(browser, base, **options)


def wait(visit: Visit, predicate: str, seconds: float = 30) -> None:
    """Poll `predicate` with evaluate (wait_for_function may be refused by the page's CSP)."""
    end = time.monotonic() + seconds
    while not visit.page.evaluate(predicate):
        assert time.monotonic() < end, f"timed out: {predicate}"
        visit.page.wait_for_timeout(20)


def data_url(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode()


@pytest.mark.parametrize("path", ["/", "/why", "/weights", "/embed/loss"])
@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_plotly_takes_over_the_first_frame_without_a_visible_change(
    browser: Any, live_server: str, path: str, size: str, theme: str
) -> None:
    viewport = DESKTOP if size == "desktop" else PHONE
    with opened(browser, live_server, viewport=viewport, color_scheme=theme) as visit:
        held: list[Any] = []
        visit.page.route(PLOTLY, lambda route: held.append(route))  # held while looked at
        visit.page.goto(live_server + path, wait_until="commit")
        wait(visit, FRAME_IN)
        slot = visit.page.locator(".chart").first
        slot.scroll_into_view_if_needed()
        box = slot.bounding_box()
        assert box is not None and box["height"] > 100
        before = slot.screenshot(animations="disabled")
        wait(visit, "() => document.readyState !== 'loading'")
        assert visit.page.evaluate("() => !window.Plotly")  # what was shown was the frame
        for _ in range(500):  # the scripts ask for plotly.js once the frames are in
            if held:
                break
            visit.page.wait_for_timeout(10)
        assert held, "plotly.js was never asked for"
        for route in held:
            route.continue_()
        wait(visit, SWAPPED)
        assert slot.bounding_box() == box  # nothing moved
        after = slot.screenshot(animations="disabled")
        diff = visit.page.evaluate(COMPARE, [data_url(before), data_url(after), DIFFERS])
    assert diff["size"]
    share = diff["differ"] / diff["total"]
    assert share <= MOST, (path, size, theme, diff)


def test_the_list_drawn_at_start_is_what_the_default_pages_ask_for(
    browser: Any, live_server: str
) -> None:
    """app/frames.json is current: a layout, a chart height or a default state that changed
    changes the frames the pages ask for (scripts/first-frames writes the list anew)."""
    assert frames(browser, live_server) == warm_urls(), "run scripts/first-frames"


def test_a_server_draws_the_default_first_frames_at_start(browser: Any) -> None:
    """Warmed at start, the first frames of a default page are answered without drawing."""
    app = create_app(Settings(first_frame_warm=True))
    wanted = [url for url in warm_urls() if "theme=light" in url and "width=886" in url]
    app.state.warmer.urls = wanted[:2]  # the desktop "/" (the whole list: scripts/first-frames)
    renderer = app.state.renderer
    with served(app) as base:
        end = time.monotonic() + 60
        while app.state.warmer.status != "ready":
            assert time.monotonic() < end, "the first frames were not drawn at start"
            time.sleep(0.05)
        assert app.state.warmer.drawn == 2
        drawn = renderer.rendered
        with opened(browser, base, viewport=DESKTOP, color_scheme="light") as visit:
            asked: list[str] = []
            visit.page.on(
                "request",
                lambda r: asked.append(r.url.removeprefix(base)) if ".svg?" in r.url else None,
            )
            visit.open("/")
        assert asked and set(asked) <= set(wanted[:2])
        assert renderer.rendered == drawn  # nothing more was drawn: all were kept


@pytest.mark.parametrize("how", ["failed", "slow"])
def test_without_its_frame_the_page_is_drawn_all_the_same(
    browser: Any, live_server: str, how: str
) -> None:
    """A frame that fails, or one slower than WAIT_MS (a state the server has yet to draw):
    plotly.js simply draws, and the frame goes."""
    with opened(browser, live_server, viewport=DESKTOP) as visit:
        held: list[Any] = []
        visit.page.route(
            "**/embed/*.svg?*", (lambda r: held.append(r)) if how == "slow" else _refuse
        )
        visit.page.goto(live_server + "/?t=2&o=0.5", wait_until="commit")  # (a held image
        wait(visit, SWAPPED)  # holds the page's load event)
        assert visit.page.locator(".chart .main-svg").count() >= 2
        # the browser's own line for each refused image, and nothing else (the held ones end
        # with the page, unanswered)
        refused = [line for line in visit.console if "Failed to load resource" in line]
        assert len(refused) == (2 if how == "failed" else 0)
        visit.console[:] = [line for line in visit.console if line not in refused]


def _refuse(route: Any) -> None:
    route.abort()


def test_a_page_left_before_its_frames_came_leaves_the_server_well(
    browser: Any, live_server: str
) -> None:
    """Frames still being drawn when their page is left are drawn to the end (and kept); the
    server's Chromium keeps drawing (kaleido broke when its work was cancelled)."""
    with opened(browser, live_server, viewport=DESKTOP) as visit:
        for o in (0.11, 0.12, 0.13):
            visit.page.goto(f"{live_server}/?o={o}", wait_until="commit")
        visit.open("/?o=0.14")
        wait(visit, SWAPPED)
        answer = visit.page.request.get(f"{live_server}/embed/loss.svg?o=0.11&width=300")
        assert answer.status == 200 and b"<svg" in answer.body()
