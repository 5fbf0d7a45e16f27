"""axe-core (WCAG 2.2 A and AA rules) finds nothing on any page or embed, in either theme,
at desktop and phone widths. axe-core is MPL-2.0: it lives in tests/fixtures, never in the app,
and is injected with page.evaluate (the pages' CSP would block a script tag; CDP does not)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.nav import NAV
from app.pages.charts import EMBEDS

pytestmark = pytest.mark.browser

AXE = (Path(__file__).parents[1] / "fixtures" / "axe-core-4.11.4" / "axe.min.js").read_text()
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PAGES = [item.path for item in NAV] + ["/exercise", "/?o=nan&t=abc", "/samples?t=1,x"]
EMBED_PAGES = [f"/embed/{name}" for name in EMBEDS] + ["/embed/loss?controls=none&theme=dark"]
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 667}}

RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return result.violations.map((v) => v.id + ' (' + v.impact + '): ' +
    v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', '));
}"""


def _violations(browser: Any, base: str, paths: list[str], **options: Any) -> list[str]:
    context = browser.new_context(**options)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    found: list[str] = []
    try:
        for path in paths:
            page.goto(base + path)
            page.wait_for_selector("body[data-rendered='1']", timeout=20_000)
            page.evaluate(AXE)
            found += [f"{path}: {v}" for v in page.evaluate(RUN, TAGS)]
    finally:
        context.close()
    return found + [f"console: {e}" for e in errors]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_pages_have_no_axe_violations(
    browser: Any, live_server: str, scheme: str, size: str
) -> None:
    found = _violations(browser, live_server, PAGES, color_scheme=scheme, viewport=VIEWPORTS[size])
    assert found == []


@pytest.mark.parametrize(("scheme", "size"), [("light", "desktop"), ("dark", "phone")])
def test_embeds_have_no_axe_violations(
    browser: Any, live_server: str, scheme: str, size: str
) -> None:
    found = _violations(
        browser, live_server, EMBED_PAGES, color_scheme=scheme, viewport=VIEWPORTS[size]
    )
    assert found == []


def test_spanish_pages_have_no_axe_violations(browser: Any, live_server: str) -> None:
    """The Spanish pages (longer words, a language switcher) once, on a phone in the dark."""
    paths = [path + ("&" if "?" in path else "?") + "lang=es" for path in PAGES]
    paths += ["/embed/loss?lang=es", "/embed/samples?lang=es"]
    found = _violations(
        browser, live_server, paths, color_scheme="dark", viewport=VIEWPORTS["phone"]
    )
    assert found == []
