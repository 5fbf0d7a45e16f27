"""Without JavaScript every chart slot shows the server's image of the page's state
(templates/_partials.html: chart, app/pages/images.py PageImages): loaded, described by the
slot's sentence, at the phone's width on a phone and in the dark theme where the reader's system
is dark. Screenshots of each page at 1280×800 and 390×844, light and dark, in tests/artifacts."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any

import pytest

from tests.browser.conftest import ARTIFACTS, _open
from tests.browser.test_screenshots import SIZES

pytestmark = pytest.mark.browser

PAGES = {
    "single": "/?t=1&o=0.3&lr=0.5",
    "samples": "/samples",
    "weights": "/weights",
    "why": "/why",
    "embed": "/embed/loss?t=1&o=0.3&lr=0.5&controls=o",
}

opened = contextmanager(_open)

SLOTS = """() => [...document.querySelectorAll('figure.chart-figure')].map((figure) => {
  const img = figure.querySelector('picture.chart-image img');
  const box = img ? img.getBoundingClientRect() : null;
  return {
    label: figure.querySelector('.chart').getAttribute('aria-label'),
    chartShown: figure.querySelector('.chart').checkVisibility(),
    alt: img && img.alt,
    loaded: img ? img.complete && img.naturalWidth > 0 : false,
    natural: img && [img.naturalWidth, img.naturalHeight],
    src: img && img.currentSrc,
    width: box && box.width,
    height: box && box.height,
    room: figure.getBoundingClientRect().width,
  };
})"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_every_chart_slot_shows_the_servers_image(
    browser: Any, live_server: str, size: str, scheme: str
) -> None:
    phone = size == "phone"
    options = {"viewport": SIZES[size], "color_scheme": scheme, "java_script_enabled": False}
    with opened(browser, live_server, is_mobile=phone, has_touch=phone, **options) as visit:
        page = visit.page
        for key, path in PAGES.items():
            visit.goto(path)  # the load event waits for the images (eager without scripts)
            slots = page.evaluate(SLOTS)
            assert slots, path
            for slot in slots:
                assert slot["loaded"], (path, slot)
                assert slot["alt"] == slot["label"] and slot["alt"], (path, slot)
                assert not slot["chartShown"], path  # the empty slot for the script is hidden
                # the phone's image on a phone, the dark one where the system is dark
                assert ("width=400&" in slot["src"]) == phone, (path, slot["src"])
                assert ("theme=dark" in slot["src"]) == (scheme == "dark"), (path, slot["src"])
                # it fits its slot, in the proportions of the image (its attributes reserved)
                assert 0 < slot["width"] <= slot["room"] + 0.5, (path, slot)
                ratio = slot["natural"][0] / slot["natural"][1]
                assert abs(slot["width"] / slot["height"] - ratio) < 0.02, (path, slot)
            assert page.locator(".nojs-note").count() == 0, path
            # under tests/artifacts only (docs/ keeps one: single-no-js.png, test_single_page)
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            shot = ARTIFACTS / f"no-js-{key}-{size}-{scheme}.png"
            page.screenshot(path=str(shot), full_page=True)
        # the caption says nothing the image cannot do: dragging needs the script
        visit.goto(PAGES["single"])
        assert not page.get_by_text("Drag the point along the curve.").is_visible()
        assert page.locator("figure.chart-figure figcaption").first.is_visible()
