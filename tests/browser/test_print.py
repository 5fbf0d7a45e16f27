"""Handouts: / and /why printed by Chromium (page.pdf, A4) keep every chart and every tour step
whole on one page, show no controls, and draw the charts in the light theme even when the page
is dark; the screen looks as before once printed; without JavaScript the server's images are
printed. Each printed page is rasterized with PDFium (pypdfium2, a test extra) and saved as a
PNG under tests/artifacts (print-<page>-p<n>.png) to look at."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pypdfium2 as pdfium
import pytest

from app.figures.palette import CHROME, THEMES
from tests.browser.conftest import ARTIFACTS, Visit, _open, publish

pytestmark = pytest.mark.browser

PAGES = {"single": "/?t=1&o=0.3&lr=0.5", "why": "/why"}
WHOLE = ".chart-figure, .tour-step"  # what a page break must not cut

opened = contextmanager(_open)


def rgb(colour: str) -> tuple[int, int, int]:
    """A colour's channels: rgb("#7d3c98") == (125, 60, 152)."""
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


LOSS_LIGHT, LOSS_DARK = (rgb(colour) for colour in THEMES["loss"])


def save_png(path: Path, pixels: Any) -> Path:
    """An RGB array (height × width × 3, uint8) as a PNG file."""
    height, width, _ = pixels.shape
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = b"".join(b"\x00" + pixels[y].tobytes() for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 6))
        + chunk(b"IEND", b"")
    )
    return path


def printed(page: Any) -> Any:
    """The page printed on A4 as Chromium prints it, opened with PDFium."""
    return pdfium.PdfDocument(page.pdf(format="A4"))


def pixels(document: Any, scale: float = 1.5) -> Iterator[Any]:
    """Each page of the PDF as an RGB array."""
    for index in range(len(document)):
        yield document[index].render(scale=scale, rev_byteorder=True).to_numpy()[:, :, :3]


def count(page_pixels: Any, colour: tuple[int, int, int]) -> int:
    """How many pixels are this colour (±2 per channel)."""
    return int((np.abs(page_pixels.astype(int) - colour).max(axis=2) <= 2).sum())


@contextmanager
def page_in(browser: Any, live_server: str, scheme: str) -> Iterator[Visit]:
    """A desktop page in this colour scheme (console errors and outside requests fail it)."""
    with opened(
        browser, live_server, viewport={"width": 1280, "height": 800}, color_scheme=scheme
    ) as visit:
        yield visit


@pytest.mark.parametrize("key", PAGES)
def test_print_media_hides_the_controls_and_keeps_the_lesson(
    browser: Any, live_server: str, key: str
) -> None:
    with page_in(browser, live_server, "light") as visit:
        page = visit.page
        visit.open(PAGES[key])
        controls = "nav, input:not([type=hidden]), button, select, textarea, .share, .downloads"
        assert page.locator(f":is({controls}):visible").count() > 0  # on screen they show
        page.emulate_media(media="print")
        visible = page.evaluate(
            """(selector) => [...document.querySelectorAll(selector)]
                .filter((el) => el.checkVisibility())
                .map((el) => el.outerHTML.slice(0, 80))""",
            controls,
        )
        assert visible == []
        # kept: every chart, the words and the numbers
        charts = page.locator(".chart-figure")
        assert (
            charts.count() > 0 and charts.count() == page.locator(".chart-figure:visible").count()
        )
        assert page.locator(".formula:visible").count() > 0
        if key == "single":
            assert page.locator("#sentence").is_visible()
            assert page.locator("table#numbers").is_visible()
        else:  # each "Try it" link is followed by where it leads, written out in full
            links = page.locator("a.try-it")
            assert links.count() == page.locator(".tour-step").count()
            for i in range(links.count()):
                link = links.nth(i)
                after = link.evaluate("(a) => getComputedStyle(a, '::after').content")
                assert after == f'" ({live_server}{link.get_attribute("href")})"'


@pytest.mark.parametrize("key", PAGES)
def test_a_printed_chart_or_tour_step_is_never_cut_by_a_page_break(
    browser: Any, live_server: str, key: str
) -> None:
    """Each chart and tour step gets a word of its own at its top and at its bottom (tiny text,
    placed absolutely, so nothing moves); in the PDF both words of each are on one page."""
    with page_in(browser, live_server, "light") as visit:
        visit.open(PAGES[key])
        marked = visit.page.evaluate(
            """(selector) => {
                const boxes = [...document.querySelectorAll(selector)];
                boxes.forEach((box, i) => {
                    box.style.position = 'relative';
                    for (const side of ['top', 'bottom']) {
                        const mark = document.createElement('span');
                        mark.textContent = ` wholemark${i}${side} `;
                        mark.style.cssText = `position:absolute;${side}:0;font:2px/1 serif`;
                        box.append(mark);
                    }
                });
                return boxes.length;
            }""",
            WHOLE,
        )
        document = printed(visit.page)
        texts = [document[i].get_textpage().get_text_range() for i in range(len(document))]
        assert marked >= 2 and len(texts) >= 2  # several charts, over more than one page
        # and on paper no menu, theme or language control, share panel or button
        for words in ("Mini-batches", "Theme:", "Español", "Share or embed", "Copy", "Check"):
            assert not any(words in text for text in texts), words
        for i in range(marked):
            top = [n for n, text in enumerate(texts) if f"wholemark{i}top" in text]
            bottom = [n for n, text in enumerate(texts) if f"wholemark{i}bottom" in text]
            assert len(top) == 1 and top == bottom, (key, i, top, bottom)


@pytest.mark.parametrize("key", PAGES)
def test_a_dark_page_prints_its_charts_in_the_light_theme(
    browser: Any, live_server: str, key: str
) -> None:
    light, dark = (f"rgb({r}, {g}, {b})" for r, g, b in (LOSS_LIGHT, LOSS_DARK))
    with page_in(browser, live_server, "dark") as visit:
        page = visit.page
        visit.open(PAGES[key])
        strokes = """() => [...document.querySelectorAll('.chart[data-rendered] path.js-line')]
            .map((line) => getComputedStyle(line).stroke)"""
        widths = "() => [...document.querySelectorAll('.chart')].map((c) => c._fullLayout.width)"
        on_screen, screen_widths = page.evaluate(strokes), page.evaluate(widths)
        assert dark in on_screen and light not in on_screen
        # print emulation: the charts take the light colours (on the next frame)
        page.emulate_media(media="print")
        page.wait_for_function(
            "([light, dark]) => { const all = [...document.querySelectorAll("
            "'.chart[data-rendered] path.js-line')].map((l) => getComputedStyle(l).stroke);"
            " return all.includes(light) && !all.includes(dark); }",
            arg=[light, dark],
        )
        page.emulate_media(media="null")  # "screen" would print with the screen's CSS too
        back = f"""([strokes, widths]) => JSON.stringify([({strokes})(), ({widths})()])
            === JSON.stringify([strokes, widths])"""
        page.wait_for_function(back, arg=[on_screen, screen_widths])
        # printed: on white paper, the loss in its light colour, nothing in its dark one
        document = printed(page)
        seen_light = 0
        for n, drawn in enumerate(pixels(document), start=1):
            save_png(ARTIFACTS / f"print-{key}-p{n}.png", drawn)
            if n == 1:  # the first page of each handout goes into docs/ with the screenshots
                publish(ARTIFACTS / f"print-{key}-p{n}.png")
            assert count(drawn, LOSS_DARK) == 0, (key, n)
            assert count(drawn, (255, 255, 255)) > 0.8 * drawn.shape[0] * drawn.shape[1], (key, n)
            seen_light += count(drawn, LOSS_LIGHT)
        assert seen_light > 500, key
        # and the screen is as it was: dark colours, the charts as wide as before
        page.wait_for_function(back, arg=[on_screen, screen_widths])


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_without_javascript_the_servers_images_are_printed(
    browser: Any, live_server: str, scheme: str
) -> None:
    """A reader without JavaScript prints the server's images of the charts: the light ones, or,
    where the system is dark, the dark ones the browser chose for the screen, on their dark
    ground (site.css)."""
    options = {"color_scheme": scheme, "java_script_enabled": False}
    with opened(browser, live_server, viewport={"width": 1280, "height": 800}, **options) as visit:
        visit.goto(PAGES["why"])
        drawn = list(pixels(printed(visit.page)))
        loss = LOSS_DARK if scheme == "dark" else LOSS_LIGHT
        assert sum(count(page, loss) for page in drawn) > 500
        ground = sum(count(page, rgb(CHROME["bg"][1])) for page in drawn)
        assert (ground > 10_000) == (scheme == "dark"), ground
        publish(save_png(ARTIFACTS / f"print-why-no-js-{scheme}-p1.png", drawn[0]))
