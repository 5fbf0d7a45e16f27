"""Chart downloads and the share panel's embed builder in headless Chromium: a download is the
server's image of the state the page is in, and the builder's preview and code follow its
choices and the page's state, by mouse and by keyboard, at desktop and phone sizes."""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.pages.charts import EMBED_CHROME, EMBEDS
from app.pages.images import DEFAULT_WIDTH
from app.pages.share import chart_height
from tests.browser.conftest import ARTIFACTS, Visit, _open
from tests.browser.test_accessibility import AXE, RUN, TAGS

pytestmark = pytest.mark.browser

EXAMPLE = "/?t=1&o=0.3&lr=0.5"
STATE = "t=1&o=0.3&lr=0.5&half=1"  # EXAMPLE as the page writes its state


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def corner(data: bytes) -> tuple[int, ...]:
    """The top-left pixel of an 8-bit RGB or RGBA PNG. The first pixel of the first row is
    stored as it is whatever the row's filter (each predicts 0 there), so no decoder is needed."""
    assert data[24] == 8 and data[25] in (2, 6)  # 8 bits, RGB or RGBA
    chunks, at = [], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind = data[at + 4 : at + 8]
        if kind == b"IDAT":
            chunks.append(data[at + 8 : at + 8 + length])
        at += 12 + length
    raw = zlib.decompress(b"".join(chunks))
    return tuple(raw[1 : 1 + (3 if data[25] == 2 else 4)])


def own_height(chart: str) -> int:
    return chart_height(chart, EMBEDS[chart].state({}))


def open_panel(visit: Visit) -> None:
    """Open the panel the way a reader at the top of the page does: the header's link."""
    visit.page.locator("#share-jump").click()
    visit.page.wait_for_function("() => document.getElementById('share').open")


def preview_src(visit: Visit, src: str) -> None:
    visit.page.wait_for_function(
        "(src) => document.getElementById('embed-preview').getAttribute('src') === src",
        arg=src,
        timeout=10_000,
    )


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_a_download_is_the_servers_image_of_the_current_state(visit: Visit, fmt: str) -> None:
    visit.open(EXAMPLE)
    visit.press("#o-range", "ArrowRight")  # o: 0.3 -> 0.4, looked up on the page
    visit.wait_text("#sentence", "o = 0.40")
    link = visit.page.locator(f'a.download-image[data-chart="loss"][data-format="{fmt}"]')
    # clicked at once: the link takes the new state as it is clicked (core/url.js)
    with visit.page.expect_download(timeout=30_000) as download:
        link.click()
    assert "o=0.4" in (link.get_attribute("href") or "")
    assert download.value.suggested_filename == f"sse-explainer-loss-t1.00-o0.40-lr0.50.{fmt}"
    data = Path(download.value.path()).read_bytes()
    if fmt == "png":
        assert png_size(data) == (2 * DEFAULT_WIDTH, 2 * own_height("loss"))
        assert corner(data) in ((255, 255, 255), (255, 255, 255, 255))  # white, opaque
    else:
        svg = data.decode()
        assert re.search(rf'<svg[^>]* width="{DEFAULT_WIDTH}" height="{own_height("loss")}"', svg)
        assert "fill: rgb(255, 255, 255); fill-opacity: 1" in svg  # light, opaque


def test_download_links_follow_the_address_bar(visit: Visit) -> None:
    """Kept in step as the state changes, not only when clicked: a link copied or saved from
    its context menu is the current state too."""
    visit.open(EXAMPLE)
    visit.press("#t-range", "ArrowRight")  # t: 1 -> 1.01, from the server's twin
    visit.page.wait_for_function("() => location.search.includes('t=1.01')")
    link = visit.page.locator('a.download-image[data-chart="gradient"][data-format="png"]')
    visit.page.wait_for_function(
        "(a) => a.getAttribute('href').includes('t=1.01&')", arg=link.element_handle()
    )
    href = link.get_attribute("href") or ""
    assert href.startswith("/embed/gradient.png?") and href.endswith("&scale=2&download=1")


def test_the_builder_follows_its_choices(visit: Visit, live_server: str) -> None:
    page = visit.page
    visit.open(EXAMPLE)
    open_panel(visit)
    preview_src(visit, f"/embed/loss?{STATE}")
    page.locator("#embed-chart").select_option("gradient")
    page.locator('input[name="embed-control"][value="t"]').uncheck()
    page.locator("#embed-height").fill("300")
    page.locator('input[name="embed-theme"][value="dark"]').check()
    looks = "height=300&controls=o,lr&theme=dark"
    preview_src(visit, f"/embed/gradient?{STATE}&{looks}")
    code = page.locator("#share-iframe").input_value()
    frame, script = code.split("\n")
    assert f'src="{live_server}/embed/gradient?{STATE}&{looks}"'.replace("&", "&amp;") in frame
    assert f'height="{300 + EMBED_CHROME}"' in frame
    assert 'title="sse-explainer: gradient against output"' in frame
    assert script == f'<script src="{live_server}/static/embed.js" defer></script>'
    image = page.locator("#share-image").input_value()
    assert image == f"{live_server}/embed/gradient.png?{STATE}&height=300&theme=dark"
    assert page.locator("#share-markdown").input_value() == f"![Gradient against output]({image})"
    answer = page.request.get(image, timeout=30_000)
    assert answer.status == 200 and answer.headers["content-type"] == "image/png"
    assert png_size(answer.body()) == (DEFAULT_WIDTH, 300)
    # the preview is that embed: two controls, dark, and the readout until it is switched off
    inside = page.frame_locator("#embed-preview")
    inside.locator("body[data-rendered='1']").wait_for(timeout=15_000)
    assert inside.locator("#t-number").count() == 0 and inside.locator("#o-number").count() == 1
    assert inside.locator("html").get_attribute("data-theme") == "dark"
    page.locator("#embed-readout").uncheck()
    preview_src(visit, f"/embed/gradient?{STATE}&{looks.replace('&theme', '&readout=0&theme')}")
    # a chart with no controls says so, and takes its own height
    visit.open("/weights")
    open_panel(visit)
    page.locator("#embed-chart").select_option("weights-fit")
    assert page.locator("#embed-still").is_visible()
    assert page.locator("#embed-height").input_value() == str(own_height("weights-fit"))
    assert "/embed/weights-fit?" in page.locator("#share-iframe").input_value()


def test_the_builder_follows_the_pages_state(visit: Visit) -> None:
    visit.open(EXAMPLE)
    open_panel(visit)
    preview_src(visit, f"/embed/loss?{STATE}")
    visit.press("#o-range", "ArrowRight")
    visit.page.wait_for_function(
        "() => document.getElementById('share-image').value.includes('o=0.4')"
    )
    assert "o=0.4" in visit.page.locator("#share-iframe").input_value()
    preview_src(visit, f"/embed/loss?{STATE.replace('o=0.3', 'o=0.4')}")


def test_the_builder_by_keyboard(visit: Visit) -> None:
    """From the header's link, Enter opens the panel and moves the focus there; Tab then goes
    through the panel in reading order, and every choice answers the keyboard."""
    page = visit.page
    visit.open(EXAMPLE)
    page.locator("#share-jump").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.getElementById('share').open")
    assert page.evaluate("document.activeElement.id") == "share-summary"
    order = []
    for _ in range(60):
        page.keyboard.press("Tab")
        order.append(page.evaluate("document.activeElement.id || document.activeElement.tagName"))
        if order[-1] == "share-oembed":
            break
    wanted = ["share-url", "embed-chart", "embed-readout", "embed-height", "share-iframe"]
    wanted += ["share-image", "share-markdown", "share-oembed"]
    assert [name for name in order if name in wanted] == wanted, order
    page.locator("#embed-chart").focus()
    page.keyboard.press("ArrowDown")  # the next chart
    page.wait_for_function(
        "() => document.getElementById('share-image').value.includes('/embed/gradient.png')"
    )
    page.locator('input[name="embed-theme"][value="auto"]').focus()
    page.keyboard.press("ArrowDown")  # the radio group's next: light
    page.wait_for_function(
        "() => document.getElementById('share-iframe').value.includes('theme=light')"
    )
    page.locator("#embed-height").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("20")  # too small: said so, and the code keeps the last good height
    assert page.locator("#embed-height-error").is_visible()
    assert page.locator("#embed-height").get_attribute("aria-invalid") == "true"
    assert (
        f'height="{own_height("gradient") + EMBED_CHROME}"'
        in page.locator("#share-iframe").input_value()
    )


@pytest.fixture(params=["desktop-light", "desktop-dark", "phone-light", "phone-dark"])
def sized(request: Any, browser: Any, live_server: str) -> Iterator[tuple[Visit, str]]:
    size, scheme = request.param.split("-")
    viewport = (
        {"width": 1280, "height": 800} if size == "desktop" else {"width": 390, "height": 844}
    )
    phone = {"is_mobile": True, "has_touch": True} if size == "phone" else {}
    for visit in _open(browser, live_server, viewport=viewport, color_scheme=scheme, **phone):
        yield visit, request.param


def test_the_open_panel_fits_and_passes_axe(sized: tuple[Visit, str]) -> None:
    """The open panel fits the screen (no sideways scrolling on a phone), axe finds nothing in
    it, and a screenshot of it is kept (tests/artifacts/share-panel-*.png)."""
    visit, name = sized
    visit.open(EXAMPLE)
    open_panel(visit)
    visit.page.frame_locator("#embed-preview").locator("body[data-rendered='1']").wait_for(
        timeout=15_000
    )
    width = visit.page.viewport_size["width"]  # type: ignore[index]
    assert visit.scroll_width() <= width
    visit.page.evaluate(AXE)
    assert visit.page.evaluate(RUN, TAGS) == []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    visit.page.locator("#share").screenshot(path=str(ARTIFACTS / f"share-panel-{name}.png"))


def test_without_javascript_the_header_link_opens_the_panel(no_js: Visit) -> None:
    no_js.goto(EXAMPLE)
    assert no_js.page.locator("#share").get_attribute("open") is None
    no_js.page.locator("#share-jump").click()
    no_js.page.wait_for_function("() => document.getElementById('share').open")
    assert no_js.page.locator("#share-image").is_visible()
    assert no_js.page.locator("#share-iframe").is_visible()
    assert not no_js.page.locator("#embed-chart").is_visible()  # choices need JavaScript
    link = no_js.page.locator('a.download-image[data-chart="loss"][data-format="png"]')
    assert (
        link.is_visible()
        and link.get_attribute("href") == f"/embed/loss.png?{STATE}&scale=2&download=1"
    )
