"""The response cache (app/cache.py): hits replay exactly what a fresh render sends, keys hold
everything that changes an answer, and nothing that is not a function of the URL is kept.

These tests talk to the app through httpx's ASGI transport, as a server would: Starlette's
TestClient asks for the template context (`http.response.debug`), which the cache never
answers, so the rest of the suite always exercises fresh renders.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine, Iterator
from typing import Any, TypeVar

import httpx2
import pytest
from fastapi import FastAPI

from app.cache import ResponseCache
from app.config import Settings
from app.main import create_app

PAGE = "/?t=1&o=0.3&lr=0.5"
T = TypeVar("T")


def _cache(app: FastAPI) -> ResponseCache:
    """The ResponseCache instance inside the app's built middleware stack."""
    layer: Any = app.middleware_stack or app.build_middleware_stack()
    app.middleware_stack = layer
    while layer is not None:
        if isinstance(layer, ResponseCache):
            return layer
        layer = getattr(layer, "app", None)
    raise AssertionError("no ResponseCache in the middleware stack")


class Client:
    """Synchronous calls through httpx's ASGI transport (no debug extension), on an event loop
    of its own in its own thread: the browser tests' Playwright may hold this thread's loop."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.http = httpx2.AsyncClient(
            transport=httpx2.ASGITransport(app=app), base_url="http://testserver"
        )

    def _run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout=60)

    def get(self, url: str, **kwargs: Any) -> httpx2.Response:
        return self._run(self.http.get(url, **kwargs))

    def request(self, method: str, url: str, **kwargs: Any) -> httpx2.Response:
        return self._run(self.http.request(method, url, **kwargs))

    def close(self) -> None:
        self._run(self.http.aclose())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()


# an app with its response cache, and a client that calls it from another thread
Made = tuple[FastAPI, Client]


def _make(mb: float = 16.0) -> Made:
    app = create_app(Settings(response_cache_mb=mb))
    return app, Client(app)


@pytest.fixture
def made() -> Iterator[Made]:
    app, client = _make()
    yield app, client
    client.close()


def test_second_request_is_a_hit_with_the_same_bytes_and_headers(made: Made) -> None:
    app, client = made
    first = client.get(PAGE, headers={"Accept-Encoding": "identity"})
    cache = _cache(app)
    assert (cache.hits, cache.misses) == (0, 1)
    second = client.get(PAGE, headers={"Accept-Encoding": "identity"})
    assert (cache.hits, cache.misses) == (1, 1)
    assert second.status_code == first.status_code == 200
    assert second.content == first.content
    assert second.headers.multi_items() == first.headers.multi_items()
    assert "content-security-policy" in second.headers and "etag" in second.headers


def test_gzip_and_identity_are_kept_apart_and_agree(made: Made) -> None:
    app, client = made
    plain = client.get(PAGE, headers={"Accept-Encoding": "identity"})
    packed = client.get(PAGE, headers={"Accept-Encoding": "gzip"})
    again = client.get(PAGE, headers={"Accept-Encoding": "gzip"})
    cache = _cache(app)
    assert (cache.hits, cache.misses) == (1, 2)
    assert "content-encoding" not in plain.headers
    assert packed.headers["content-encoding"] == again.headers["content-encoding"] == "gzip"
    # httpx decodes gzip for us; both forms carry the same page
    assert packed.content == again.content == plain.content
    # the replayed compressed body is byte for byte the stored one
    assert packed.headers["content-length"] == again.headers["content-length"]
    assert int(packed.headers["content-length"]) < len(plain.content)


def test_brotli_gzip_and_identity_are_kept_apart_and_agree(made: Made) -> None:
    app, client = made
    cache = _cache(app)
    forms: dict[str, list[httpx2.Response]] = {}
    for accept in ("gzip, deflate, br", "gzip", "identity", "gzip, deflate, br", "gzip"):
        forms.setdefault(accept, []).append(client.get(PAGE, headers={"Accept-Encoding": accept}))
    assert (cache.hits, cache.misses) == (2, 3)
    (br, br_again), (gz, gz_again), (plain,) = forms.values()
    assert br.headers["content-encoding"] == br_again.headers["content-encoding"] == "br"
    assert gz.headers["content-encoding"] == "gzip" and "content-encoding" not in plain.headers
    # httpx decodes both; the replayed bytes are the stored ones
    assert br.content == br_again.content == gz.content == plain.content
    assert br.headers.multi_items() == br_again.headers.multi_items()
    assert br.headers["etag"] == gz.headers["etag"] == plain.headers["etag"]
    assert int(br.headers["content-length"]) < int(gz.headers["content-length"])
    # another wording of the same choice is a hit on the same entry
    same = client.get(PAGE, headers={"Accept-Encoding": "br;q=0.9, gzip;q=0.5"})
    assert same.headers["content-encoding"] == "br" and cache.hits == 3


def test_the_key_holds_the_coding_of_types_that_stay_gzip(made: Made) -> None:
    """A CSV is gzip for a client that takes br and gzip, plain for one that takes br only:
    the two must not share an entry, though both would get br for a page."""
    app, client = made
    values = ",".join(str(i % 7) for i in range(200))
    csv = f"/samples.csv?t={values}&o={values}"
    both = client.get(csv, headers={"Accept-Encoding": "br, gzip"})
    only_br = client.get(csv, headers={"Accept-Encoding": "br"})
    assert both.headers["content-encoding"] == "gzip"
    assert "content-encoding" not in only_br.headers
    assert both.content == only_br.content
    assert (_cache(app).hits, _cache(app).misses) == (0, 2)
    # while a page is br for both, each kept under its own key
    page = [client.get(PAGE, headers={"Accept-Encoding": a}) for a in ("br, gzip", "br")]
    assert [p.headers["content-encoding"] for p in page] == ["br", "br"]


def test_the_query_string_is_part_of_the_key(made: Made) -> None:
    app, client = made
    a = client.get("/api/v1/loss?t=1&o=0.3")
    b = client.get("/api/v1/loss?t=1&o=0.4")
    assert a.json()["loss"] != b.json()["loss"]
    assert _cache(app).misses == 2
    assert client.get("/api/v1/loss?t=1&o=0.4").json() == b.json()
    assert _cache(app).hits == 1


def test_the_host_is_part_of_the_key(made: Made) -> None:
    """oEmbed and the share panel write absolute URLs from the Host header."""
    app, client = made
    url = "/oembed?url=http%3A%2F%2Fa.example%2F%3Fo%3D0.3&format=json"
    a = client.get(url, headers={"Host": "a.example"})
    b = client.get(url.replace("a.example", "b.example"), headers={"Host": "b.example"})
    c = client.get(url, headers={"Host": "a.example"})
    assert "http://a.example/embed/" in a.json()["html"]
    assert "http://b.example/embed/" in b.json()["html"]
    assert c.json() == a.json()
    assert (_cache(app).hits, _cache(app).misses) == (1, 2)


def test_a_hit_answers_304_to_its_etag_and_head_without_a_body(made: Made) -> None:
    app, client = made
    first = client.get(PAGE)
    tag = first.headers["etag"]
    revalidated = client.get(PAGE, headers={"If-None-Match": tag})
    assert revalidated.status_code == 304
    assert revalidated.content == b""
    assert revalidated.headers["etag"] == tag
    assert "content-length" not in revalidated.headers
    stale = client.get(PAGE, headers={"If-None-Match": 'W/"nope"'})
    assert stale.status_code == 200 and stale.content == first.content
    head = client.request("HEAD", PAGE)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["etag"] == tag
    assert _cache(app).hits == 3


def test_errors_and_fresh_random_answers_are_not_kept(made: Made) -> None:
    app, client = made
    cache = _cache(app)
    for _ in range(2):
        assert client.get("/api/v1/loss?t=1&o=nan").status_code == 422
        assert client.get("/no/such/page").status_code == 404
    for url in ("/exercise", "/exercise.json", "/api/v1/exercises/new"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["cache-control"] == "no-store", url
        client.get(url)
    assert cache.hits == 0 and not cache.entries
    # with a seed the question is a function of the URL again, and it is kept
    seeded = client.get("/exercise?seed=5")
    assert "no-store" not in seeded.headers.get("cache-control", "")
    assert client.get("/exercise?seed=5").content == seeded.content
    assert cache.hits == 1


def test_range_requests_and_test_clients_pass_through(made: Made) -> None:
    app, client = made
    static = client.get("/static/css/site.css", headers={"Accept-Encoding": "identity"})
    assert static.status_code == 200
    # a range of the file as sent: uncompressed here (a browser asks ranges with identity; a
    # client that takes br gets a range of the br bytes, as nginx's gzip_static gives)
    part = client.get(
        "/static/css/site.css", headers={"Range": "bytes=0-9", "Accept-Encoding": "identity"}
    )
    assert part.status_code == 206 and part.content == static.content[:10]
    cache = _cache(app)
    assert cache.hits == 0
    from fastapi.testclient import TestClient

    with TestClient(app) as tc:
        tc.get(PAGE)
        tc.get(PAGE)
    assert cache.hits == 0  # the template context can only come from a fresh render


def test_bounded_in_bytes_least_recently_used_first() -> None:
    app, client = _make(mb=0.25)
    try:
        cache = _cache(app)
        urls = [f"/api/v1/figures/loss?t=1&o={k / 10}" for k in range(40)]
        for url in urls:
            assert client.get(url).status_code == 200
        assert 0 < cache.bytes <= cache.max_bytes
        assert len(cache.entries) < len(urls)  # the earliest went
        kept = {key[5].decode() for key in cache.entries}  # key[5]: the query (negotiation.target)
        assert f"t=1&o={39 / 10}" in kept and "t=1&o=0.0" not in kept
        # a body larger than an eighth of the bound is served whole but not kept
        big = "/samples?" + "t=" + ",".join("1" for _ in range(1000))
        before = len(cache.entries)
        response = client.get(big + "&o=" + ",".join("2" for _ in range(1000)))
        assert response.status_code == 200 and len(response.content) > cache.max_entry
        assert len(cache.entries) <= before
    finally:
        client.close()


def test_zero_turns_it_off() -> None:
    app, client = _make(mb=0)
    try:
        client.get(PAGE)
        client.get(PAGE)
        assert (_cache(app).hits, _cache(app).misses) == (0, 0)
    finally:
        client.close()


def test_languages_are_kept_apart_and_headers_are_keyed_by_the_language_they_pick(
    made: Made,
) -> None:
    app, client = made
    english = client.get(PAGE, headers={"Accept-Language": "en-GB,en;q=0.9"})
    spanish = client.get(PAGE, headers={"Accept-Language": "es-ES,es;q=0.9"})
    assert english.content != spanish.content
    assert 'lang="es"' in spanish.text and 'lang="en"' in english.text
    # another wording of the same choice is a hit with the same bytes
    again = client.get(PAGE, headers={"Accept-Language": "es"})
    assert again.content == spanish.content
    by_url = client.get(PAGE + "&lang=es", headers={"Accept-Language": "en"})
    assert 'lang="es"' in by_url.text
    cache = _cache(app)
    assert (cache.hits, cache.misses) == (1, 3)
