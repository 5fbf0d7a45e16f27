"""Embedding a chart in another site's page: drawing, auto-height, scrolling, framing rules."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlparse

import pytest
import uvicorn

from app.config import Settings
from app.main import create_app
from app.pages.charts import EMBEDS
from tests.browser.conftest import ARTIFACTS, Visit
from tests.serving import free_port

pytestmark = pytest.mark.browser


class HostSite:
    """A static 'course site' on its own loopback port (so its own origin)."""

    def __init__(self) -> None:
        self.pages: dict[str, str] = {}
        pages = self.pages

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                body = pages.get(self.path, "not found").encode()
                self.send_response(200 if self.path in pages else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def host() -> Iterator[HostSite]:
    site = HostSite()
    yield site
    site.close()


def _host_page(app_base: str) -> str:
    frame = f"{app_base}/embed/loss?t=1&o=0.3&lr=0.5&controls=o"
    return f"""<!doctype html><html><head><title>Course</title>
<script src="{app_base}/static/embed.js" defer></script></head>
<body style="margin:0">
<h1>Week 3: the squared error</h1>
<iframe id="plain" src="{frame}" width="600" height="150" title="plain" style="border:0"></iframe>
<iframe id="boxed" sandbox="allow-scripts" src="{frame}" width="600" height="150"
        title="sandboxed" style="border:0"></iframe>
<div style="height:3000px">more course text</div>
</body></html>"""


def watched_page(browser: Any, width: int, height: int) -> tuple[Any, Any, list[str]]:
    """A new context's page and the problems it sees: console errors, page errors and any
    request leaving the machine (aborted)."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))

    def only_loopback(route: Any) -> None:
        if urlparse(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            problems.append(f"external request {route.request.url}")
            route.abort()

    page.route("**/*", only_loopback)
    return context, page, problems


@pytest.fixture
def host_page(browser: Any) -> Iterator[tuple[Any, list[str]]]:
    context, page, problems = watched_page(browser, 1000, 700)
    yield page, problems
    context.close()


def test_embedded_chart_draws_resizes_and_lets_the_host_scroll(
    host: HostSite, host_page: tuple[Any, list[str]], live_server: str
) -> None:
    page, problems = host_page
    host.pages["/course.html"] = _host_page(live_server)
    page.goto(f"{host.base}/course.html")
    for frame_id in ("plain", "boxed"):
        inner = page.frame_locator(f"#{frame_id}")
        inner.locator("#chart-loss[data-rendered='1']").wait_for(timeout=15_000)
        # embed.js sized the iframe to its content: far taller than the 150 px it started with
        page.wait_for_function(
            "(id) => document.getElementById(id).getBoundingClientRect().height > 400",
            arg=frame_id,
        )
    heights = page.evaluate(
        "['plain','boxed'].map((id) => document.getElementById(id).offsetHeight)"
    )
    inner_height = (
        page.frame_locator("#plain")
        .locator("html")
        .evaluate("(el) => Math.ceil(el.getBoundingClientRect().height)")
    )
    assert heights[0] == inner_height
    # the embedded slider still works inside the sandbox, once its arrays are in (its opaque
    # origin may read the lookup twin, not the JSON twin: a move before would find no server)
    page.frame_locator("#boxed").locator("body[data-lookup='1']").wait_for(state="attached")
    slider = page.frame_locator("#boxed").locator("#o-range")
    slider.focus()
    slider.press("Shift+ArrowRight")  # one grid step (an arrow alone: 0.1)
    page.frame_locator("#boxed").locator("#sentence").filter(has_text="o = 0.31").wait_for()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(
        path=str(ARTIFACTS / "embed-host.png"),
        clip={"x": 0, "y": 0, "width": 1000, "height": 1400},
        full_page=True,
    )
    # a wheel over the chart scrolls the course page: the chart never captures it
    box = page.locator("#plain").bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, 600)
    page.wait_for_function("() => window.scrollY > 0")
    assert problems == []


def test_frame_ancestors_refuses_an_origin_not_listed(
    host: HostSite, host_page: tuple[Any, list[str]]
) -> None:
    page, problems = host_page
    port = free_port()
    settings = Settings(embed_frame_ancestors="https://only-this-course.example")
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        while not server.started:
            thread.join(0.01)
        app_base = f"http://127.0.0.1:{port}"
        host.pages["/course.html"] = _host_page(app_base)
        # Chromium refuses the document and says why on the console
        with page.expect_console_message(lambda m: "frame-ancestors" in m.text, timeout=10_000):
            page.goto(f"{host.base}/course.html")
        assert page.frame_locator("#plain").locator(".chart").count() == 0
        assert page.frame_locator("#boxed").locator(".chart").count() == 0
    finally:
        server.should_exit = True
        thread.join(5)


@pytest.mark.parametrize("name", list(EMBEDS))
def test_every_embed_draws(visit: Visit, name: str) -> None:
    visit.open(f"/embed/{name}")
    assert visit.page.locator(".chart[data-rendered='1'] svg.main-svg").count() >= 1
