"""`sse-explainer export`: the static site works from file:// with no network at all."""

from __future__ import annotations

import struct
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from app.export import page_file
from app.nav import NAV
from app.pages.charts import EMBEDS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export") / "site"
    run = subprocess.run(
        [sys.executable, "-m", "app", "export", str(out), "t=1", "o=0.3", "lr=0.5"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "████" in run.stderr and "done" in run.stderr  # the progress bar
    assert f"open {(out / 'index.html').resolve().as_uri()}" in run.stdout
    return out


def test_export_writes_pages_embeds_and_assets(site: Path) -> None:
    assert (site / "index.html").exists()
    assert (site / "embed" / "loss.html").exists()
    assert (site / "static" / "vendor" / "plotly-sse-basic-4.1.1.min.js").exists()
    assert not (site / "static" / "vendor" / "swagger-ui-5.35.0").exists()
    html = (site / "index.html").read_text()
    assert 'data-static-export="1"' in html
    assert '"/static/' not in html and 'href="/' not in html and 'src="/' not in html
    assert "oembed" not in html
    # no server draws chart images here: without JavaScript a chart slot says so
    assert "The chart needs JavaScript" in html and ".svg?" not in html


def _offline_page(browser: Any) -> tuple[Any, Any, list[str]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    seen: list[str] = []

    def only_files(route: Any) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            seen.append(route.request.url)
            route.abort()

    page.route("**/*", only_files)
    page.on("console", lambda m: seen.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen.append(str(e)))
    return context, page, seen


def test_exported_page_works_from_file_urls(browser: Any, site: Path) -> None:
    context, page, seen = _offline_page(browser)
    try:
        page.goto((site / "index.html").as_uri())
        page.wait_for_selector("body[data-rendered='1']", timeout=15_000)
        assert page.locator("#chart-loss svg.main-svg").count() > 0
        slider = page.locator("#o-range")
        slider.focus()
        for _ in range(5):
            slider.press("Shift+ArrowRight")  # one grid step (an arrow alone: 0.1)
        page.wait_for_function(
            "() => document.getElementById('sentence').textContent.includes('o = 0.35')"
        )
        point = page.evaluate(
            """() => { const gd = document.getElementById('chart-loss');
                       const tr = gd.data.find((t) => t.uid === 'point');
                       return [tr.x[0], tr.y[0]]; }"""
        )
        assert point == [0.35, 0.21125]
        # controls that would need the server are off, and say so
        assert page.locator("#t-number").is_disabled()
        assert page.locator("#lr-range").is_disabled()
        assert page.locator("#offline-note").is_visible()
        page.screenshot(path=str(site.parent / "export.png"))
        assert seen == []
    finally:
        context.close()


def test_exported_embed_works_from_file_urls(browser: Any, site: Path) -> None:
    context, page, seen = _offline_page(browser)
    try:
        page.goto((site / "embed" / "loss.html").as_uri())
        page.wait_for_selector("#chart-loss[data-rendered='1']", timeout=15_000)
        link = page.locator(".embed-link a")
        assert link.get_attribute("href") == "../index.html"
        assert seen == []
    finally:
        context.close()


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_an_offline_copy_draws_its_chart_images_in_the_browser(
    browser: Any, site: Path, fmt: str
) -> None:
    """No server behind file://: the image buttons export the drawn chart with Plotly, painted
    as the server paints a download (light on white even for a dark reader, PNG at 2×)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    page = context.new_page()
    try:
        page.goto((site / "index.html").as_uri())
        page.wait_for_selector("body[data-rendered='1']", timeout=15_000)
        button = page.locator(f'button.download-image[data-chart="loss"][data-format="{fmt}"]')
        with page.expect_download() as download:
            button.click()
        assert download.value.suggested_filename == f"sse-explainer-loss.{fmt}"
        data = Path(download.value.path()).read_bytes()
        box = page.locator("#chart-loss").bounding_box()
        assert box is not None
        size = (round(box["width"]), round(box["height"]))
        if fmt == "png":
            assert data[:8] == b"\x89PNG\r\n\x1a\n"
            assert struct.unpack(">II", data[16:24]) == (2 * size[0], 2 * size[1])
        else:
            svg = data.decode()
            assert f'width="{size[0]}" height="{size[1]}"' in svg
            assert "fill: rgb(255, 255, 255); fill-opacity: 1" in svg  # the light page's white
            assert "fill: rgb(29, 29, 31)" in svg  # and its text colour (--fg), not the dark one
    finally:
        context.close()


@pytest.mark.parametrize("name", [page_file(item.path) for item in NAV])
def test_every_exported_page_draws_offline(browser: Any, site: Path, name: str) -> None:
    context, page, seen = _offline_page(browser)
    try:
        page.goto((site / name).as_uri())
        page.wait_for_selector("body[data-rendered='1']", timeout=20_000)
        assert page.locator(".chart svg.main-svg").count() >= 1
        assert seen == []
    finally:
        context.close()


@pytest.mark.parametrize("name", list(EMBEDS))
def test_every_exported_embed_draws_offline(browser: Any, site: Path, name: str) -> None:
    context, page, seen = _offline_page(browser)
    try:
        page.goto((site / "embed" / f"{name}.html").as_uri())
        page.wait_for_selector(".chart[data-rendered='1']", timeout=20_000)
        assert seen == []
    finally:
        context.close()
