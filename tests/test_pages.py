"""The server-rendered page: its state, its HTML structure, bad input, offline assets."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from app.formatting import number
from app.frames import SCRIPT as FRAME_SCRIPT
from app.templating import static_url
from tests.pages import page_scripts, page_soup, shown

EXAMPLE = "/?t=1&o=0.3&lr=0.5"


def test_context_holds_the_state(client: TestClient) -> None:
    r = client.get(EXAMPLE)
    assert r.template.name == "single.html"  # type: ignore[attr-defined]
    state = r.context["state"]  # type: ignore[attr-defined]
    assert state["query"] == {"t": 1.0, "o": 0.3, "lr": 0.5, "half": True}
    assert state["result"]["loss"] == 0.245
    assert state["shown"]["gradient"] == "−0.70"
    assert state["errors"] == {}


def test_example_shows_the_numbers_and_the_sentence(client: TestClient) -> None:
    soup = page_soup(client, EXAMPLE)
    assert shown(soup, "loss") == "0.245"
    assert shown(soup, "gradient") == "−0.70"
    assert shown(soup, "next_output") == "0.65"
    assert shown(soup, "next_loss") == "0.06125"
    sentence = soup.select_one("#sentence").get_text()  # type: ignore[union-attr]
    assert sentence == (
        "o = 0.30 is below t = 1.00, so dL/do = −0.70 is negative and the step raises o to 0.65."
    )


def test_formulas_are_mathml_with_the_numbers(client: TestClient) -> None:
    soup = page_soup(client, EXAMPLE)
    maths = soup.select(".formula")
    assert len(maths) == 3
    assert all(len(f.select("math")) == 2 for f in maths)  # definition, then the numbers
    loss_text = maths[0].get_text()
    assert "1.00" in loss_text and "0.30" in loss_text and "0.245" in loss_text
    grad = maths[1].select_one('[data-slot="gradient"]')
    assert grad is not None and grad.get_text() == "−0.70"
    step = maths[2].select_one('[data-slot="gradient"][data-paren="1"]')
    assert step is not None and step.get_text() == "(−0.70)"
    # a plain-text reading for assistive technology, with the numbers
    alts = [m["alttext"] for m in soup.select(".formula math")]
    assert alts[:2] == ["L = 1/2(t − o)²", "= 1/2(1.00 − 0.30)² = 0.245"]
    assert alts[3] == "= 0.30 − 1.00 = −0.70"


@pytest.mark.parametrize(
    ("query", "direction", "words"),
    [
        ("t=1&o=2&lr=0.5", "decrease", "is above t = 1.00, so dL/do = 1.00 is positive"),
        ("t=1&o=1&lr=0.5", "none", "equals t = 1.00, so dL/do = 0.00"),
    ],
)
def test_sentence_changes_with_the_state(
    client: TestClient, query: str, direction: str, words: str
) -> None:
    soup = page_soup(client, f"/?{query}")
    sentence = soup.select_one("#sentence")
    assert sentence is not None and sentence["data-direction"] == direction
    assert words in sentence.get_text()


def test_controls_form_submits_with_get(client: TestClient) -> None:
    soup = page_soup(client, EXAMPLE)
    form = soup.select_one("form#controls")
    assert form is not None and form["method"] == "get"
    names = [i["name"] for i in form.select("input[name]")]
    assert names == ["o", "t", "lr", "half", "half"]  # the output first: its slider moves most
    o_range = form.select_one("#o-range")
    o_number = form.select_one("#o-number")
    assert o_range is not None and o_number is not None
    assert (o_range["min"], o_range["max"], o_range["step"]) == ("-5.0", "5.0", "0.01")
    assert o_number["value"] == "0.3" and o_number["step"] == "any"
    assert (o_number["min"], o_number["max"]) == ("-1000", "1000")
    for name in ("t", "o", "lr"):
        label = soup.select_one(f'label[for="{name}-number"]')
        assert label is not None and label.get_text()


@pytest.mark.parametrize(
    ("half", "loss", "gradient", "nxt", "label"),
    [("1", "0.245", "−0.70", "0.65", "o − t"), ("0", "0.49", "−1.40", "1.00", "2(o − t)")],
)
def test_half_parameter(
    client: TestClient, half: str, loss: str, gradient: str, nxt: str, label: str
) -> None:
    soup = page_soup(client, f"/?t=1&o=0.3&lr=0.5&half={half}")
    assert (shown(soup, "loss"), shown(soup, "gradient"), shown(soup, "next_output")) == (
        loss,
        gradient,
        nxt,
    )
    checked = soup.select_one('input[name="half"][checked]')
    assert checked is not None and checked["value"] == half
    assert label in soup.select_one('[data-label="gradient"]').get_text()  # type: ignore[union-attr]
    api = client.get(f"/api/v1/loss?t=1&o=0.3&lr=0.5&half={half}").json()
    assert number(api["gradient"]) == gradient


def test_values_beyond_the_slider_widen_it(client: TestClient) -> None:
    soup = page_soup(client, "/?t=1&o=42.5&lr=0.5")
    o_range = soup.select_one("#o-range")
    assert o_range is not None
    assert (o_range["min"], o_range["max"]) == ("-50.0", "50.0")
    assert shown(soup, "o") == "42.50"


def test_json_twin_is_the_same_state(client: TestClient) -> None:
    page = client.get(EXAMPLE)
    soup = BeautifulSoup(page.text, "html.parser")
    link = soup.select_one('link[rel="alternate"][type="application/json"]')
    assert link is not None and link["href"] == "/index.json?t=1&o=0.3&lr=0.5&half=1"
    twin = client.get(link["href"]).json()
    state = page.context["state"]  # type: ignore[attr-defined]
    assert twin["result"] == state["result"]
    assert twin["shown"] == state["shown"]
    assert twin["sentence"] == state["sentence"]
    assert twin["figures"]["loss"]["data"][0]["uid"] == "parabola"


def test_embedded_state_cannot_close_its_script(client: TestClient) -> None:
    text = client.get("/?t=1&o=0.3&lr=0.5&x=</script><script>alert(1)</script>").text
    assert "<script>alert(1)" not in text
    block = re.search(r'<script type="application/json" id="state-data">(.*?)</script>', text, re.S)
    assert block is not None and "<" not in block.group(1)


ABSOLUTE = re.compile(r"""(?:src|href|action)\s*=\s*["']?((?:https?:)?//[^"'\s>]*)""", re.I)


@pytest.mark.parametrize("url", [EXAMPLE, "/?o=nan", "/docs", "/embed/loss", "/embed/gradient"])
def test_no_external_urls(client: TestClient, url: str) -> None:
    """Absolute URLs (the oEmbed discovery link needs one) point only at this server."""
    text = client.get(url).text
    for found in ABSOLUTE.findall(text):
        assert found.startswith("http://testserver/"), found
    assert "cdn" not in text.lower()


def test_plotly_comes_from_static(client: TestClient) -> None:
    soup = page_soup(client, EXAMPLE)
    sources = [s["src"] for s in soup.select("script[src]")] + page_scripts(soup)
    plotly = [s for s in sources if "plotly" in s]
    assert plotly == [static_url("vendor/plotly-sse-basic-4.1.1.min.js")]
    assert client.get(plotly[0]).status_code == 200
    for src in sources:
        assert src.startswith("/static/")
    # no inline script but the line each chart slot carries (the CSP allows it by its hash)
    inline = soup.select("script:not([src]):not([type='application/json'])")
    assert [s.get_text() for s in inline] == [FRAME_SCRIPT] * len(soup.select(".chart"))


def test_favicon(client: TestClient) -> None:
    r = client.get("/favicon.ico")
    assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg+xml")


def test_plotted_numbers_table(client: TestClient) -> None:
    soup = page_soup(client, "/?t=1&o=0.3&half=1")
    rows = [[td.get_text() for td in tr.select("td")] for tr in soup.select("#plotted tbody tr")]
    assert len(rows) == 21
    assert rows[0] == ["−5.00", "18.00", "−6.00"]
    assert rows[10] == ["0.00", "0.50", "−1.00"]
    assert rows[-1] == ["5.00", "8.00", "4.00"]
