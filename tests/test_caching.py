"""HTTP caching: content-hashed static names cached for a year, pages and JSON with ETag and 304."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from app import __version__
from app.assets import IMMUTABLE, hashed_name, manifest
from app.config import Settings
from app.export import relink
from app.main import create_app

HASHED = re.compile(r"^/static/.+\.[0-9a-f]{8}\.(js|css|svg)$")
PAGES = ["/", "/samples", "/batches", "/weights", "/descent", "/losses", "/why", "/embed/loss"]


def test_hashed_name_puts_the_digest_before_the_suffix() -> None:
    assert hashed_name("js/sse.js", "0123abcd") == "js/sse.0123abcd.js"
    assert hashed_name("vendor/plotly-basic-4.1.1.min.js", "0123abcd") == (
        "vendor/plotly-basic-4.1.1.min.0123abcd.js"
    )


@pytest.mark.parametrize("path", PAGES)
def test_pages_link_hashed_static_names(client: TestClient, path: str) -> None:
    soup = BeautifulSoup(client.get(path).text, "html.parser")
    urls = [s["src"] for s in soup.find_all("script", src=True)]
    urls += [link["href"] for link in soup.find_all("link", href=re.compile("^/static/"))]
    assert urls
    for url in urls:
        assert HASHED.match(str(url)), url


def test_hashed_name_is_immutable_and_serves_the_file(client: TestClient) -> None:
    hashed = client.get(f"/static/{manifest()['js/sse.js']}")
    plain = client.get("/static/js/sse.js")
    assert hashed.status_code == plain.status_code == 200
    assert hashed.headers["cache-control"] == IMMUTABLE
    assert hashed.content == plain.content
    assert "javascript" in hashed.headers["content-type"]


def test_plain_name_still_served_but_revalidated(client: TestClient) -> None:
    response = client.get("/static/embed.js")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-cache"
    again = client.get("/static/embed.js", headers={"If-None-Match": response.headers["etag"]})
    assert again.status_code == 304


def test_wrong_hash_is_not_found(client: TestClient) -> None:
    assert client.get("/static/js/sse.00000000.js").status_code == 404


@pytest.mark.parametrize(
    "path",
    ["/", "/index.json?t=1&o=0.3&lr=0.5", "/samples", "/api/v1/loss?t=1&o=0.3", "/embed/loss"],
)
def test_etag_and_304(client: TestClient, path: str) -> None:
    first = client.get(path)
    tag = first.headers["etag"]
    # the app's version, the body's length and its CRC-32
    assert re.fullmatch(rf'W/"{re.escape(__version__)}-[0-9a-f]+-[0-9a-f]{{8}}"', tag)
    assert first.headers["cache-control"] == "no-cache"
    again = client.get(path, headers={"If-None-Match": tag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == tag
    assert "content-security-policy" in again.headers
    changed = client.get(path, headers={"If-None-Match": 'W/"stale"'})
    assert changed.status_code == 200
    assert changed.content == first.content


def test_etag_names_the_body(client: TestClient) -> None:
    """Answers that differ get different tags; the same answer the same tag."""
    tags = {client.get(f"/api/v1/loss?t=1&o={o}").headers["etag"] for o in range(50)}
    assert len(tags) == 50
    assert client.get("/api/v1/loss?t=1&o=3").headers["etag"] in tags


def test_etag_holds_across_gzip(client: TestClient) -> None:
    plain = client.get("/")
    zipped = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.headers["etag"] == plain.headers["etag"]
    again = client.get(
        "/", headers={"Accept-Encoding": "gzip", "If-None-Match": plain.headers["etag"]}
    )
    assert again.status_code == 304


def test_errors_carry_no_etag(client: TestClient) -> None:
    response = client.get("/api/v1/loss?o=nan")
    assert response.status_code == 422
    assert "etag" not in response.headers
    assert response.headers["cache-control"] == "no-store"


def test_shared_caches_may_keep_answers_when_allowed() -> None:
    """SSE_SHARED_MAX_AGE=60: pages, twins, API answers and CSVs are public for 60 s; a fresh
    random exercise stays no-store; a 422 and a 404 are never cacheable."""
    shared = TestClient(create_app(Settings(shared_max_age=60)))
    public = "public, max-age=60, s-maxage=60, stale-while-revalidate=60"
    for path in ("/?t=1&o=0.3", "/samples.json", "/api/v1/loss?t=1&o=0.3", "/index.csv"):
        answer = shared.get(path)
        assert answer.status_code == 200 and answer.headers["cache-control"] == public, path
        assert answer.headers["etag"].startswith(f'W/"{__version__}-')
    assert shared.get("/exercise").headers["cache-control"] == "no-store"  # a fresh draw
    assert shared.get("/exercise?seed=5").headers["cache-control"] == public  # its own URL
    for path in ("/api/v1/loss?o=nan", "/nope", "/embed/nope"):
        answer = shared.get(path)
        assert answer.status_code in (404, 422), path
        assert "public" not in answer.headers.get("cache-control", ""), path
        assert answer.headers.get("cache-control") == "no-store", path
    # what changes an answer is in Vary: its language and its coding
    vary = shared.get("/", headers={"Accept-Encoding": "gzip"}).headers["vary"]
    assert {v.strip() for v in vary.split(",")} == {"Accept-Language", "Accept-Encoding"}
    # the default: revalidate every time
    assert TestClient(create_app()).get("/").headers["cache-control"] == "no-cache"


def test_head_answers_304_too(client: TestClient) -> None:
    tag = client.get("/healthz").headers["etag"]
    assert client.head("/healthz", headers={"If-None-Match": tag}).status_code == 304


def test_export_links_plain_names() -> None:
    hashed = manifest()["js/sse.js"]
    html = f'<script src="/static/{hashed}"></script><a href="/static/unknown.js">'
    assert relink(html, 1, set()) == (
        '<script src="../static/js/sse.js"></script><a href="../static/unknown.js">'
    )
