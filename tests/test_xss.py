"""Classic XSS and template-injection payloads in every reflected value come back inert.

Each payload goes into every query parameter of every page (the lists on /samples are what
its paste box writes), into the oEmbed `url`, and into the error messages that echo input.
The answer, parsed as HTML, has exactly the script elements of a clean request, no event
handler attributes and no javascript: URLs; `{{7*7}}` is never evaluated; the JSON in
<script type="application/json"> still parses (it cannot close its element).
"""

from __future__ import annotations

import functools
import json
from urllib.parse import quote, urlencode

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from tests.test_input_fuzz import PAGES

PAYLOADS = [
    '"><script>alert(1)</script>',
    "</script><script>alert(1)</script>",
    "'><img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "sse{{7*7}}zz",
    "sse{% raw %}{% %}{% endraw %}zz",
    "</textarea><svg onload=alert(1)>",
]


URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}


def _scripts(soup: BeautifulSoup) -> list[tuple[str, str]]:
    return [(str(s.get("src", "")), str(s.get("type", ""))) for s in soup.find_all("script")]


def _hazards(soup: BeautifulSoup) -> list[str]:
    found = []
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if name.lower().startswith("on"):
                found.append(f"<{tag.name} {name}>")
            if name.lower() in URL_ATTRS and text.strip().lower().startswith("javascript:"):
                found.append(f"<{tag.name} {name}={text!r}>")
        if tag.name in ("img", "svg", "iframe", "object", "embed", "x"):
            found.append(f"<{tag.name}>")
    return found


@functools.cache
def _baseline(clean: str) -> tuple[list[tuple[str, str]], list[str]]:
    base = BeautifulSoup(clean, "html.parser")
    return _scripts(base), _hazards(base)


def _inert(html: str, clean: str) -> None:
    soup = BeautifulSoup(html, "html.parser")
    scripts, hazards = _baseline(clean)
    assert _scripts(soup) == scripts, "a script element appeared or went missing"
    assert _hazards(soup) == hazards
    for script in soup.find_all("script", type="application/json"):
        json.loads(script.string or "")  # still whole JSON: the payload did not close it
    assert "sse49zz" not in html and "alert(1)</script>" not in html


@pytest.mark.parametrize("path", list(PAGES))
@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_in_every_parameter_is_inert(client: TestClient, path: str, payload: str) -> None:
    clean = client.get(path).text
    for name in PAGES[path]:
        r = client.get(f"{path}?{urlencode({name: payload})}")
        assert r.status_code == 200, (path, name)
        _inert(r.text, clean)
    # all at once, and as one item of a list (what the samples paste box sends)
    _inert(client.get(f"{path}?{urlencode({n: payload for n in PAGES[path]})}").text, clean)
    _inert(client.get(f"{path}?{urlencode({'t': f'1,{payload}', 'o': '2'})}").text, clean)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_error_messages_in_the_api_are_json_not_html(client: TestClient, payload: str) -> None:
    r = client.get(f"/api/v1/loss?{urlencode({'o': payload})}")
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/json"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.json()["detail"][0]["field"] == "o"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_oembed_html_is_one_bare_iframe(client: TestClient, payload: str) -> None:
    page = f"http://testserver/?{urlencode({'t': payload, 'o': payload})}"
    r = client.get(f"/oembed?url={quote(page, safe='')}")
    assert r.status_code == 200
    soup = BeautifulSoup(r.json()["html"], "html.parser")
    assert [tag.name for tag in soup.find_all(True)] == ["iframe"]
    iframe = soup.find("iframe")
    assert iframe is not None and str(iframe["src"]).startswith("http://testserver/embed/")
    assert not [a for a in iframe.attrs if a.startswith("on")]


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "http://evil.example/?x=<script>", '"><script>alert(1)</script>'],
)
def test_oembed_refuses_foreign_urls(client: TestClient, url: str) -> None:
    r = client.get(f"/oembed?{urlencode({'url': url})}")
    assert r.status_code == 404
    assert "<script>" not in r.text


def test_figure_json_cannot_close_its_script_element(client: TestClient) -> None:
    # a value that reaches the figure JSON as text: the legend names from the loss choice
    html = client.get("/?t=1&o=0.3&lr=0.5").text
    soup = BeautifulSoup(html, "html.parser")
    blocks = soup.find_all("script", type="application/json")
    assert blocks
    for block in blocks:
        text = block.string or ""
        assert "</" not in text and "<!--" not in text  # |tojson writes < as \\u003c
        json.loads(text)
