"""Theme toggle remembered across pages; a keyboard-only walk through every page."""

from __future__ import annotations

import pytest

from app.nav import NAV
from tests.browser.conftest import Visit

pytestmark = pytest.mark.browser

DARK_BG = "rgb(18, 20, 22)"
LIGHT_BG = "rgb(255, 255, 255)"


def _background(visit: Visit) -> str:
    return str(visit.page.evaluate("getComputedStyle(document.body).backgroundColor"))


def test_theme_toggle_recolours_charts_and_is_remembered(visit: Visit) -> None:
    visit.open("/?t=1&o=0.3")
    assert _background(visit) == LIGHT_BG
    toggle = visit.page.locator("#theme-toggle")
    assert toggle.text_content() == "Theme: auto"
    toggle.click()  # auto -> light
    toggle.click()  # light -> dark
    assert toggle.text_content() == "Theme: dark"
    assert _background(visit) == DARK_BG
    visit.page.wait_for_function(
        "() => document.getElementById('chart-loss').layout.font.color === 'rgb(232, 234, 237)'"
        " || document.getElementById('chart-loss').layout.font.color === '#e8eaed'"
    )
    visit.goto("/samples")  # another page, same reader: still dark, before any script runs
    visit.wait_drawn()
    assert _background(visit) == DARK_BG
    visit.page.locator("#theme-toggle").click()  # dark -> auto
    assert _background(visit) == LIGHT_BG
    assert visit.page.evaluate("localStorage.getItem('sse-theme')") is None


@pytest.mark.parametrize("path", [item.path for item in NAV])
def test_keyboard_walk_reaches_every_control_with_a_visible_focus_ring(
    visit: Visit, path: str
) -> None:
    """Tab from the top: the skip link comes first, every form control is reached, each with
    an outline drawn by :focus-visible."""
    visit.open(path)
    controls = visit.page.evaluate(
        """() => Array.from(document.querySelectorAll(
              'main form input:not([type=hidden]), main form select, main form textarea,'
              + ' main form button'))
            .filter((el) => !el.disabled && el.offsetParent !== null && el.tabIndex >= 0)
            .filter((el) => {
              // Tab reaches one radio per group (the checked, else the first); arrows do the rest
              if (el.type !== 'radio') return true;
              const group = el.form.querySelectorAll('input[type=radio][name="' + el.name + '"]');
              const checked = Array.from(group).find((r) => r.checked);
              return checked ? el === checked : el === group[0];
            })
            .map((el) => el.id || el.name + '=' + el.value)"""
    )
    reached: list[str] = []
    rings: list[str] = []
    visit.page.keyboard.press("Tab")
    first = visit.page.evaluate("document.activeElement.className")
    assert "skip-link" in first
    for _ in range(250):
        visit.page.keyboard.press("Tab")
        info = visit.page.evaluate(
            """() => { const el = document.activeElement;
                       const style = getComputedStyle(el);
                       return [el.id || (el.name + '=' + el.value), el.tagName,
                               style.outlineStyle !== 'none' && style.outlineWidth !== '0px'
                               || style.boxShadow !== 'none']; }"""
        )
        if info[1] == "BODY":
            break
        reached.append(info[0])
        if not info[2]:
            rings.append(f"{info[0]} ({info[1]})")
    missing = [c for c in controls if c not in reached]
    assert missing == [], f"not reachable by Tab on {path}: {missing}"
    assert rings == [], f"no visible focus ring on {path}: {rings}"


@pytest.mark.parametrize("path", [item.path for item in NAV] + ["/exercise", "/embed/loss"])
def test_no_horizontal_scroll_at_320_px(browser: object, live_server: str, path: str) -> None:
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    try:
        page.goto(live_server + path)
        page.wait_for_selector("body[data-rendered='1']", timeout=20_000)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{path} is {width} px wide at 320"
        small = page.evaluate(
            """() => Array.from(document.querySelectorAll(
                  'main input:not([type=hidden]), main button, main select'))
                .filter((el) => el.offsetParent !== null)
                // a radio or checkbox is hit through its label: measure that
                .map((el) => [el.id || el.name || el.textContent.trim().slice(0, 20),
                              (el.closest('label') || el).getBoundingClientRect()])
                .filter(([, r]) => r.height < 44 && r.width < 44)
                .map(([name]) => name)"""
        )
        assert small == [], f"touch targets under 44 px on {path}: {small}"
    finally:
        context.close()
