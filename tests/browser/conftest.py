"""Per-test browser pages that record console errors and any request leaving the machine.

Pass wait_for_function a function ("() => ..."), never a bare expression: Playwright evaluates
an expression with eval, which the pages' strict CSP (no 'unsafe-eval') can refuse after a
navigation, failing the wait at random.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"

pytestmark = pytest.mark.browser


@dataclass
class Visit:
    """A page plus what it logged and asked for."""

    page: Any
    base: str
    console: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)

    def goto(self, path: str) -> None:
        self.page.goto(self.base + path)

    def wait_drawn(self) -> None:
        self.page.wait_for_selector("body[data-rendered='1']", timeout=15_000)

    def wait_lookup(self) -> None:
        """Wait until the page's slider arrays are in (body[data-lookup], fetched from its lookup
        twin by static/js/core/url.js SSE.lookups): until then the output slider asks the
        server instead of moving the charts in the same frame."""
        self.page.wait_for_selector("body[data-lookup='1']", state="attached", timeout=15_000)

    def wait_text(self, selector: str, words: str) -> None:
        """Wait until the element's text contains words (updates land on the next frame)."""
        self.page.wait_for_function(
            "([sel, words]) => (document.querySelector(sel)?.textContent || '').includes(words)",
            arg=[selector, words],
            timeout=10_000,
        )

    def text(self, selector: str) -> str:
        return str(self.page.locator(selector).first.text_content())

    def open(self, path: str) -> None:
        """Go to path and wait until its charts are drawn."""
        self.goto(path)
        self.wait_drawn()

    def press(self, selector: str, key: str, times: int = 1) -> Any:
        """Focus the control and press key on it, times times; gives the control's locator."""
        control = self.page.locator(selector)
        control.focus()
        for _ in range(times):
            control.press(key)
        return control

    def fill_for_error(self, selector: str, value: str, field: str) -> Any:
        """Type value into the control, wait until field's message shows; gives its locator."""
        self.page.locator(selector).fill(value)
        error = self.page.locator(f'[data-error-for="{field}"]')
        error.wait_for(state="visible")
        return error

    def click_chart(self, chart: str, x: float, y: float) -> None:
        """Click the chart at the data point (x, y). Plotly picks the clicked point from its
        hover data: hover first, as a real pointer does."""
        left, top = self.page.evaluate(
            """([chart, x, y]) => {
                const gd = document.getElementById(chart);
                const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
                const box = gd.querySelector('.nsewdrag').getBoundingClientRect();
                return [box.left + xa.l2p(x), box.top + ya.l2p(y)];
            }""",
            [chart, x, y],
        )
        self.page.mouse.move(left, top)
        self.page.wait_for_selector(f"#{chart} .hoverlayer .hovertext")
        self.page.mouse.click(left, top)

    def submit(self, selector: str, value: str, button: str = "button.update") -> None:
        """Type value into the control and send its form, waiting for the page it loads."""
        self.page.locator(selector).fill(value)
        with self.page.expect_navigation():
            self.page.locator(button).click()

    def scroll_width(self) -> int:
        return int(self.page.evaluate("document.documentElement.scrollWidth"))

    def shot(self, name: str) -> Path:
        """Save a full-page screenshot under tests/artifacts (and docs/ when asked)."""
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return publish(path)


def publish(path: Path) -> Path:
    """Copy an artifact into the folder SSE_SCREENSHOTS names, when set (`make screenshots`:
    docs/, which the README links)."""
    target = os.environ.get("SSE_SCREENSHOTS")
    if target:
        (ROOT / target).mkdir(exist_ok=True)
        (ROOT / target / path.name).write_bytes(path.read_bytes())
    return path


def _open(browser: Any, live_server: str, **options: Any) -> Iterator[Visit]:
    context = browser.new_context(**{"viewport": {"width": 1280, "height": 900}, **options})
    page = context.new_page()
    visit = Visit(page=page, base=live_server)
    local = urlparse(live_server).netloc

    def on_console(message: Any) -> None:
        if message.type in ("error", "warning"):
            visit.console.append(f"{message.type}: {message.text}")

    def on_request(route: Any) -> None:
        if urlparse(route.request.url).netloc not in (local, ""):
            visit.external.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    page.on("console", on_console)
    page.on("pageerror", lambda error: visit.console.append(f"pageerror: {error}"))
    page.route("**/*", on_request)
    yield visit
    context.close()
    assert visit.console == [], visit.console
    assert visit.external == [], visit.external


@pytest.fixture
def visit(browser: Any, live_server: str) -> Iterator[Visit]:
    """A desktop-sized page; fails the test on console errors or external requests."""
    yield from _open(browser, live_server)


@pytest.fixture
def phone(browser: Any, live_server: str) -> Iterator[Visit]:
    """A 375×667 phone-sized page with touch."""
    yield from _open(
        browser, live_server, viewport={"width": 375, "height": 667}, has_touch=True, is_mobile=True
    )


@pytest.fixture
def dark(browser: Any, live_server: str) -> Iterator[Visit]:
    """A desktop page in dark colour scheme."""
    yield from _open(browser, live_server, color_scheme="dark")


@pytest.fixture
def no_js(browser: Any, live_server: str) -> Iterator[Visit]:
    """A page with JavaScript turned off."""
    yield from _open(browser, live_server, java_script_enabled=False)
