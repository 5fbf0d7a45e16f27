"""The page's chart downloads and the share panel's embed builder, as the server writes them
(the browser side: tests/browser/test_share_panel.py)."""

from __future__ import annotations

import re
from html import unescape

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from app.export import OFFLINE, asgi_get
from app.main import create_app
from app.nav import MENU
from app.pages.charts import EMBED_CHROME, EMBEDS
from app.pages.images import image_of
from app.pages.registry import LESSONS
from app.pages.share import iframe_code
from tests.aio import run

PAGES = [item.path for item in MENU]


def _soup(client: TestClient, url: str) -> BeautifulSoup:
    r = client.get(url)
    assert r.status_code == 200, r.text
    return BeautifulSoup(r.text, "html.parser")


def _value(soup: BeautifulSoup, selector: str) -> str:
    field = soup.select_one(selector)
    assert field is not None, selector
    return field.get_text() if field.name == "textarea" else str(field["value"])


@pytest.mark.parametrize("path", PAGES)
def test_the_builder_lists_exactly_the_pages_charts(client: TestClient, path: str) -> None:
    """The chart list is EMBEDS by page: every chart of the page, in order, and no other."""
    soup = _soup(client, path)
    expected = [name for name, spec in EMBEDS.items() if spec.page == path]
    options = [str(o["value"]) for o in soup.select("#embed-chart option")]
    assert options == expected
    if not expected:  # a page without charts (the exercise) shares its link and oEmbed only
        assert soup.select_one("#embed-builder") is None
        assert soup.select_one("#share-url") is not None


def test_the_tour_offers_every_steps_chart(client: TestClient) -> None:
    soup = _soup(client, "/why")
    options = {str(o["value"]): o.get_text() for o in soup.select("#embed-chart option")}
    steps = [str(s["data-step"]) for s in soup.select("section.tour-step")]
    assert list(options) == [f"why-{step}" for step in steps] and len(steps) == 7
    assert options["why-square"].startswith("Guided tour: 1.")
    assert soup.select_one("#embed-readout") is None  # the tour's charts have no sentence


def test_the_builders_defaults_without_javascript(client: TestClient) -> None:
    """The server writes the code for the page's state: the chart its oEmbed names, all its
    controls, the readout, its own height and the reader's theme."""
    soup = _soup(client, "/?t=1&o=0.3")
    state = "t=1&o=0.3&lr=0.5&half=1"  # the page's state, every field written out
    chosen = soup.select_one("#embed-chart option[selected]")
    assert chosen is not None and chosen["value"] == "loss"
    own = int(str(chosen["data-height"]))
    assert own == EMBEDS["loss"].state({})["figures"]["loss"]["layout"]["height"]
    frame, script = _value(soup, "#share-iframe").split("\n")
    assert frame == iframe_code(
        f"http://testserver/embed/loss?{state}",
        own + EMBED_CHROME,
        "sse-explainer: loss against output",
    )
    assert script == '<script src="http://testserver/static/embed.js" defer></script>'
    image = f"http://testserver/embed/loss.png?{state}"
    assert _value(soup, "#share-image") == image
    assert _value(soup, "#share-markdown") == f"![Loss against output]({image})"
    preview = soup.select_one("#embed-preview")
    assert preview is not None and not preview.has_attr("src")  # loaded when the panel opens
    boxes = soup.select('input[name="embed-control"]')
    assert [(b["value"], b.has_attr("checked")) for b in boxes] == [
        ("t", True),
        ("o", True),
        ("lr", True),
    ]
    assert soup.select_one('input[name="embed-theme"][checked]')["value"] == "auto"  # type: ignore[index]
    assert soup.select_one("#embed-readout[checked]") is not None


def test_a_chart_without_controls_says_so(client: TestClient) -> None:
    soup = _soup(client, "/samples")
    assert soup.select_one("#embed-controls") is None
    still = soup.select_one("#embed-still")
    assert still is not None and not still.has_attr("hidden")


def test_the_code_carries_the_checked_state_not_the_typed_one(client: TestClient) -> None:
    """A bad field in the address shows the page's defaults, and so do the codes: an image
    URL is drawn only of a state exactly as asked, so it must not carry o=nan."""
    soup = _soup(client, "/?o=nan&t=2")
    image = _value(soup, "#share-image")
    assert "nan" not in image and "t=2&o=-2&" in image
    query = image.partition("?")[2]
    assert not isinstance(image_of("loss", dict(p.split("=") for p in query.split("&"))), dict)
    assert "nan" not in _value(soup, "#share-iframe")


def test_the_builder_in_spanish(client: TestClient) -> None:
    soup = _soup(client, "/samples?lang=es")
    title = soup.select_one("#embed-builder-title")
    assert title is not None and title.get_text() == "Insertar un gráfico, o llevárselo como imagen"
    assert _value(soup, "#share-image").endswith("&lang=es")
    assert "&amp;lang=es" in _value(soup, "#share-iframe")


def test_the_header_leads_into_the_panel(client: TestClient) -> None:
    """A link near the top goes to the panel's body (the browser opens the <details> around
    a target it jumps to, even without JavaScript; static/js/share.js opens it itself)."""
    soup = _soup(client, "/weights")
    link = soup.select_one("header #share-jump")
    assert link is not None and link["href"] == "#share-body"
    body = soup.select_one("details#share > #share-body")
    assert body is not None


@pytest.mark.parametrize("lesson", [lesson for lesson in LESSONS if lesson.csv], ids=str)
def test_each_chart_downloads_from_the_server(client: TestClient, lesson: object) -> None:
    """Each of the page's charts has a PNG (2×) and an SVG link to the server's image of the
    state, the file named by the server."""
    path = lesson.path  # type: ignore[attr-defined]
    soup = _soup(client, path)
    charts = [name for name, spec in EMBEDS.items() if spec.page == path]
    links = soup.select("a.download-image")
    assert [(a["data-chart"], a["data-format"]) for a in links] == [
        (chart, fmt) for chart in charts for fmt in ("png", "svg")
    ]
    query = _value(soup, "#share-image").partition("?")[2]  # the page's state
    for a in links:
        assert a.has_attr("download")
        extra = "scale=2&download=1" if a["data-format"] == "png" else "download=1"
        assert a["href"] == f"/embed/{a['data-chart']}.{a['data-format']}?{query}&{extra}"
        assert a["data-image"] == extra
        assert a["aria-label"].endswith(" as " + str(a["data-format"]).upper())  # type: ignore[union-attr]


def test_an_offline_copy_draws_its_images_in_the_browser() -> None:
    """`sse-explainer export` has no server: its image buttons are JavaScript ones
    (static/js/core/plot.js) naming the chart's figure, and the page says so."""
    app = create_app()
    # on a thread of its own: after the browser tests, Playwright's loop holds this thread
    status, body = run(asgi_get(app, "/", "t=1&o=0.3", state=OFFLINE))
    assert status == 200
    soup = BeautifulSoup(body.decode(), "html.parser")
    assert soup.select("a.download-image") == []
    buttons = soup.select("button.download-image")
    assert [(b["data-chart"], b["data-figure"], b["data-format"]) for b in buttons] == [
        ("loss", "loss", "png"),
        ("loss", "loss", "svg"),
        ("gradient", "gradient", "png"),
        ("gradient", "gradient", "svg"),
    ]
    assert "drawn in your browser" in soup.select_one(".downloads").get_text()  # type: ignore[union-attr]
    assert soup.select_one("#share") is None and soup.select_one("#share-jump") is None


def test_oembed_writes_the_same_iframe(client: TestClient) -> None:
    body = client.get("/oembed", params={"url": "http://testserver/?t=1&o=0.3"}).json()
    src = unescape(re.search(r'src="([^"]+)"', body["html"]).group(1))  # type: ignore[union-attr]
    assert body["html"] == iframe_code(src, body["height"], body["title"], body["width"])
