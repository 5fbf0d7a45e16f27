"""Every page of the menu (the lessons and the exercise) at 1280×800 and 390×844, light and
dark: drawn, no console errors, and saved under tests/artifacts (`make screenshots` copies them
into docs/ for the README)."""

from __future__ import annotations

from typing import Any

import pytest

from app.nav import MENU
from tests.browser.conftest import ARTIFACTS, Visit

pytestmark = pytest.mark.browser

SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_every_page_in_every_theme_and_size(
    browser: Any, live_server: str, scheme: str, size: str
) -> None:
    context = browser.new_context(
        viewport=SIZES[size],
        color_scheme=scheme,
        is_mobile=size == "phone",
        has_touch=size == "phone",
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    visit = Visit(page=page, base=live_server)
    try:
        for item in MENU:
            visit.open(item.path)
            background = page.evaluate("getComputedStyle(document.body).backgroundColor")
            assert (background == "rgb(18, 20, 22)") == (scheme == "dark"), item.path
            visit.shot(f"page-{item.key}-{size}-{scheme}")
    finally:
        context.close()
    assert errors == []
    assert (ARTIFACTS / f"page-single-{size}-{scheme}.png").exists()
