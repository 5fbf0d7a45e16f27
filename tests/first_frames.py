"""The first frames the pages' default states ask for: what app/frames.json lists for the
server to draw at start (app/frames.py), in the order it draws them (the most visited first).

Every chart slot of every lesson page at its default state, as laid out at 1280×800 and
390×844 (the sizes every screenshot test takes), light and dark: the URL static/js/site.js
asks for (`sseFrame.of`). `scripts/first-frames` writes the file from the current pages;
tests/browser/test_first_frame.py fails when it is out of date (a layout or a default changed).
"""

from __future__ import annotations

import json
import sys
from typing import Any

from app.frames import WARM_LIST, warm_path
from app.pages.registry import LESSONS

VIEWPORTS = ((1280, 800), (390, 844))
THEMES = ("light", "dark")
# every slot's frame URL in the page's theme `theme` (set as the theme button sets it: the
# layout, and so each slot's size, is the same in both)
SLOTS = """(theme) => {
  document.documentElement.dataset.theme = theme;
  return [...document.querySelectorAll(".chart[data-frame]")]
    .map((slot) => window.sseFrame.of(slot)).filter(Boolean).map((frame) => frame.url);
}"""


def frames(browser: Any, base: str) -> list[str]:
    """Every first frame the default pages ask for, served at `base`, in drawing order."""
    urls: list[str] = []
    for lesson in LESSONS:
        for width, height in VIEWPORTS:
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            page.route("**/embed/*.svg?*", lambda route: route.abort())  # the URLs will do
            page.goto(base + lesson.path, wait_until="domcontentloaded")
            for theme in THEMES:
                urls.extend(u for u in page.evaluate(SLOTS, theme) if u not in urls)
            context.close()
    return urls


def main() -> int:
    """Write app/frames.json from the pages served by this checkout."""
    from playwright.sync_api import sync_playwright

    from app.config import Settings
    from app.main import create_app
    from bench.browser import CHROMIUM_ARGS
    from tests.conftest import CHROMIUM_MISSING, chromium_path
    from tests.serving import served

    chromium = chromium_path()
    if chromium is None:
        print(CHROMIUM_MISSING, file=sys.stderr)
        return 1
    app = create_app(Settings(first_frame_warm=False))
    with served(app) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        urls = frames(browser, base)
        browser.close()
    warm_path().write_text(json.dumps({"frames": urls}, indent=1) + "\n")
    print(f"{WARM_LIST}: {len(urls)} first frames")
    return 0


if __name__ == "__main__":
    sys.exit(main())
