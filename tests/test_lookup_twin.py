"""The slider's lookup arrays leave the HTML (issue 17): a page declaring `LOOKUP_KEYS` names its
lookup twin (`/index.lookup.json?<query>`) in its data instead, and the twin answers exactly
the state's arrays, cached like the page's JSON twin. An offline copy keeps them in the page."""

from __future__ import annotations

import asyncio
import json
import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import parse_qsl

import orjson
import pytest
from fastapi.testclient import TestClient

from app import __version__
from app.config import Settings
from app.export import OFFLINE, asgi_get
from app.main import create_app
from app.pages.charts import EMBEDS
from app.pages.registry import LESSONS, Lesson
from app.querystring import query_string
from tests.test_response_cache import Client, _cache

WITH_LOOKUP = [lesson for lesson in LESSONS if lesson.lookup is not None]
QUERIES = {"single": "t=2&o=-1.5&lr=0.3&half=0", "losses": "t=1&o=0.3&delta=0.5&loss=huber"}
# an array of each lookup named nowhere else in the page (its tangents; the losses' corners)
ONLY_IN_LOOKUP = {"single": "tangent_x0", "losses": "kinks"}
STATE_DATA = re.compile(r'<script type="application/json" id="state-data">(.*?)</script>', re.S)


def _data(html: str) -> dict[str, Any]:
    found = STATE_DATA.search(html)
    assert found is not None
    return dict(json.loads(found.group(1)))


def test_the_pages_with_a_slider_lookup_declare_it() -> None:
    assert [(lesson.path, lesson.lookup) for lesson in WITH_LOOKUP] == [
        ("/", ("/index.lookup.json", ("lookup",))),
        ("/losses", ("/losses.lookup.json", ("lookup",))),
    ]


@pytest.mark.parametrize("lesson", WITH_LOOKUP, ids=lambda lesson: lesson.key)
def test_the_page_names_its_lookup_twin_which_answers_the_states_arrays(
    client: TestClient, lesson: Lesson
) -> None:
    assert lesson.lookup is not None
    page = client.get(f"{lesson.path}?{QUERIES[lesson.key]}")
    data = _data(page.text)
    state = lesson.build(dict(parse_qsl(QUERIES[lesson.key])))
    assert not set(lesson.lookup.keys) & set(data)
    assert f'"{ONLY_IN_LOOKUP[lesson.key]}"' not in page.text  # nor anywhere else in the page
    query = query_string(state["query"])
    assert data["lookup_url"] == f"{lesson.lookup.path}?{query}"
    answer = client.get(data["lookup_url"])
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/json"
    assert answer.headers["etag"].startswith(f'W/"{__version__}-')
    # readable from an embed in sandbox="allow-scripts", whose origin is "null"
    assert answer.headers["access-control-allow-origin"] == "*"
    # the values the state computes, to the last digit (NaN written as null, as the twin does)
    assert answer.content == orjson.dumps({key: state[key] for key in lesson.lookup.keys})
    assert answer.json() == {
        key: client.get(f"{lesson.twin}?{query}").json()[key] for key in lesson.lookup.keys
    }
    # revalidation: the tag names the same arrays
    again = client.get(data["lookup_url"], headers={"If-None-Match": answer.headers["etag"]})
    assert again.status_code == 304 and again.content == b""


@pytest.mark.parametrize("lesson", WITH_LOOKUP, ids=lambda lesson: lesson.key)
def test_a_bad_field_gets_422_naming_it(client: TestClient, lesson: Lesson) -> None:
    assert lesson.lookup is not None
    answer = client.get(f"{lesson.lookup.path}?t=abc&o=0.3")
    assert answer.status_code == 422
    assert answer.headers["cache-control"] == "no-store" and "etag" not in answer.headers
    detail = answer.json()["detail"]
    assert [item["field"] for item in detail] == ["t"]
    assert "abc" in detail[0]["msg"]


def test_the_lookup_twin_is_public_when_shared_caches_may_keep_answers() -> None:
    shared = TestClient(create_app(Settings(shared_max_age=60)))
    public = "public, max-age=60, s-maxage=60, stale-while-revalidate=60"
    for lesson in WITH_LOOKUP:
        assert lesson.lookup is not None
        url = lesson.lookup.url(QUERIES[lesson.key])
        twin = shared.get(f"{lesson.twin}?{QUERIES[lesson.key]}")
        answer = shared.get(url)
        assert answer.status_code == 200
        assert answer.headers["cache-control"] == twin.headers["cache-control"] == public
        assert answer.headers["vary"] == twin.headers["vary"]


def test_the_response_cache_answers_it_the_second_time() -> None:
    app = create_app(Settings(response_cache_mb=16))
    client = Client(app)
    try:
        url = f"/index.lookup.json?{QUERIES['single']}"
        first = client.get(url, headers={"Accept-Encoding": "gzip"})
        cache = _cache(app)
        assert (cache.hits, cache.misses) == (0, 1)
        second = client.get(url, headers={"Accept-Encoding": "gzip"})
        assert (cache.hits, cache.misses) == (1, 1)
        assert first.headers["content-encoding"] == "gzip"
        assert second.content == first.content
        assert second.headers.multi_items() == first.headers.multi_items()
    finally:
        client.close()


def test_the_embed_with_controls_names_the_twin_and_a_still_embed_needs_none(
    client: TestClient,
) -> None:
    live = _data(client.get("/embed/loss?t=1&o=0.3&lr=0.5").text)
    assert "lookup" not in live
    assert live["lookup_url"] == "/index.lookup.json?t=1&o=0.3&lr=0.5&half=1"
    assert EMBEDS["losses-loss"].lookup is None  # drawn still: no slider to look up
    still = _data(client.get("/embed/losses-loss").text)
    assert "lookup" not in still and "lookup_url" not in still


@pytest.mark.parametrize("lesson", WITH_LOOKUP, ids=lambda lesson: lesson.key)
def test_an_offline_copy_carries_the_arrays_in_the_page(lesson: Lesson) -> None:
    """`sse-explainer export`: no server to ask, so the page's data keeps its arrays."""
    assert lesson.lookup is not None
    export = asgi_get(create_app(), lesson.path, QUERIES[lesson.key], state=OFFLINE)
    with ThreadPoolExecutor(1) as thread:  # a loop of its own (Playwright may hold this one's)
        status, body = thread.submit(asyncio.run, export).result(timeout=60)
    assert status == 200
    data = _data(body.decode())
    assert "lookup_url" not in data
    state = lesson.build(dict(parse_qsl(QUERIES[lesson.key])))
    for key in lesson.lookup.keys:
        assert orjson.loads(orjson.dumps(state[key])) == data[key]
