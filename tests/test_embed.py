"""Embed pages, framing headers and oEmbed, through the test client."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from app.pages.charts import EMBEDS
from app.templating import static_url
from tests.pages import page_scripts


def _soup(client: TestClient, url: str) -> BeautifulSoup:
    r = client.get(url)
    assert r.status_code == 200, r.text
    return BeautifulSoup(r.text, "html.parser")


@pytest.mark.parametrize("chart", ["loss", "gradient"])
def test_embed_page_shows_one_chart_without_navigation(client: TestClient, chart: str) -> None:
    soup = _soup(client, f"/embed/{chart}?t=1&o=0.3&lr=0.5")
    assert [c["id"] for c in soup.select(".chart")] == [f"chart-{chart}"]
    assert soup.select_one("nav") is None and soup.select_one("footer") is None
    link = soup.select_one(".embed-link a")
    assert link is not None and link["href"] == "/?t=1&o=0.3&lr=0.5&half=1"
    assert link["target"] == "_blank"
    sentence = soup.select_one("#sentence")
    assert sentence is not None and "dL/do = −0.70" in sentence.get_text()
    assert static_url("js/embed-child.js") in page_scripts(soup)


@pytest.mark.parametrize(
    ("controls", "names"),
    [(None, ["t", "o", "lr"]), ("o", ["o"]), ("t,o", ["t", "o"]), ("none", [])],
)
def test_controls_parameter(client: TestClient, controls: str | None, names: list[str]) -> None:
    url = "/embed/loss?t=1&o=0.3" + (f"&controls={controls}" if controls else "")
    soup = _soup(client, url)
    shown = [i["name"] for i in soup.select('input[type="number"]')]
    assert shown == names


def test_readout_height_theme(client: TestClient) -> None:
    r = client.get("/embed/loss?readout=0&height=300&theme=dark")
    soup = BeautifulSoup(r.text, "html.parser")
    assert soup.select_one("#sentence") is None
    assert soup.select_one("html")["data-theme"] == "dark"  # type: ignore[index]
    assert r.context["state"]["layout_overrides"]["height"] == 300  # type: ignore[attr-defined]
    overrides = r.context["state"]["layout_overrides"]  # type: ignore[attr-defined]
    assert overrides["dragmode"] is False and overrides["xaxis"] == {"fixedrange": True}
    assert r.context["state"]["config_overrides"]["scrollZoom"] is False  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("controls=x,o", "controls: unknown x"),
        ("height=5", "height"),
        ("o=nan", "output o must be a finite number"),
    ],
)
def test_embed_bad_input_is_shown_inline(client: TestClient, query: str, words: str) -> None:
    r = client.get(f"/embed/loss?{query}")
    assert r.status_code == 200 and "Traceback" not in r.text
    assert words in r.text


def test_unknown_chart_is_404(client: TestClient) -> None:
    assert client.get("/embed/nothing").status_code == 404


def test_framing_headers(client: TestClient) -> None:
    embed = client.get("/embed/loss")
    assert embed.headers["content-security-policy"].endswith("; frame-ancestors *")
    assert "x-frame-options" not in embed.headers
    page = client.get("/")
    assert page.headers["content-security-policy"].endswith("; frame-ancestors 'self'")
    for r in (embed, page):
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "strict-origin-when-cross-origin"


def test_frame_ancestors_come_from_the_settings() -> None:
    settings = Settings(embed_frame_ancestors="https://course.example https://lms.example")
    with TestClient(create_app(settings)) as custom:
        policy = custom.get("/embed/gradient").headers["content-security-policy"]
    assert policy.endswith("; frame-ancestors https://course.example https://lms.example")


def test_oembed_rich_response(client: TestClient) -> None:
    r = client.get(
        "/oembed", params={"url": "http://testserver/?t=1&o=0.3&lr=0.5", "maxwidth": 500}
    )
    assert r.status_code == 200
    body = r.json()
    assert body["version"] == "1.0" and body["type"] == "rich"
    assert (body["width"], body["height"]) == (500, 560)
    assert body["provider_name"].startswith("sse-explainer")
    assert body["provider_url"] == "http://testserver/"
    assert body["cache_age"] > 0 and body["title"]
    html = BeautifulSoup(body["html"], "html.parser")
    assert [tag.name for tag in html.find_all(True)] == ["iframe"]  # a bare iframe, nothing else
    frame = html.find("iframe")
    assert frame is not None
    assert frame["src"].startswith("http://testserver/embed/loss?t=1&o=0.3&lr=0.5")
    assert frame["loading"] == "lazy" and frame["title"]


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"url": "http://elsewhere.example/?t=1"}, 404),
        ({"url": "http://testserver/no-such-page"}, 404),
        ({"url": "javascript:alert(1)"}, 404),
        ({"url": "http://testserver/", "format": "xml"}, 501),
        ({"url": "http://testserver/", "maxwidth": "abc"}, 422),
        ({}, 422),
    ],
)
def test_oembed_refusals(client: TestClient, params: dict[str, str], status: int) -> None:
    assert client.get("/oembed", params=params).status_code == status


def test_every_page_has_the_oembed_discovery_link(client: TestClient) -> None:
    soup = _soup(client, "/?t=2")
    link = soup.select_one('head link[rel="alternate"][type="application/json+oembed"]')
    assert link is not None
    assert link["href"].startswith("http://testserver/oembed?url=http%3A//testserver/")
    assert client.get(link["href"]).json()["type"] == "rich"


def test_share_panel_offers_link_iframe_and_oembed(client: TestClient) -> None:
    soup = _soup(client, "/?t=1&o=0.3")
    assert soup.select_one("#share-url")["value"] == "http://testserver/?t=1&o=0.3"  # type: ignore[index]
    code = soup.select_one("#share-iframe")
    assert code is not None and code.name == "textarea"
    frame, script = code.get_text().split("\n")  # the iframe, then the embed.js line
    assert 'src="http://testserver/embed/loss?t=1&amp;o=0.3&amp;lr=0.5&amp;half=1"' in frame
    assert 'loading="lazy"' in frame and "title=" in frame and "width=" in frame
    assert script.endswith('/static/embed.js" defer></script>')
    assert soup.select_one("#share-oembed")["value"].startswith("http://testserver/oembed?url=")  # type: ignore[index]


@pytest.mark.parametrize("name", list(EMBEDS))
def test_every_registered_chart_has_an_embed_page(client: TestClient, name: str) -> None:
    soup = _soup(client, f"/embed/{name}")
    charts = soup.select(".chart[data-figure]")
    assert len(charts) == 1
    assert soup.select_one("nav") is None
    link = soup.select_one(".embed-link a")
    assert link is not None and link["href"].startswith(EMBEDS[name].page)
    assert client.get(link["href"]).status_code == 200
