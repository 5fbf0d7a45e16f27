"""Hardening, round two (issue 12): one request means one thing, and every byte is bounded.

The poisoning cases go through a real socket to a served process: duplicate header fields
cannot be sent through every test client.
"""

from __future__ import annotations

import gc
import io
import socket
import time
import tracemalloc
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st
from starlette.requests import ClientDisconnect
from starlette.types import Message, Receive, Scope, Send

from app.config import Settings
from app.main import create_app
from bench.servers import Served, served_app
from tests import aio


@pytest.fixture(scope="module")
def server() -> Iterator[Served]:
    with served_app() as served:
        yield served


def raw(port: int, head: str, timeout: float = 10) -> tuple[int, dict[str, str], bytes]:
    """Send `head` (CRLF line ends added) as written, read the whole answer (Connection: close)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(head.replace("\n", "\r\n").encode() + b"Connection: close\r\n\r\n")
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    top, _sep, body = data.partition(b"\r\n\r\n")
    status_line, *lines = top.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines:
        name, _colon, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(status_line.split()[1]), headers, body


def test_two_host_fields_get_400_and_poison_nothing(server: Served) -> None:
    port = server.port
    status, headers, body = raw(
        port, f"GET /?t=1&o=0.3 HTTP/1.1\nHost: evil.example\nHost: 127.0.0.1:{port}\n"
    )
    assert status == 400
    assert b"more than once" in body and b"Traceback" not in body
    assert "nosniff" in headers["x-content-type-options"]
    assert "default-src 'self'" in headers["content-security-policy"]
    # the next ordinary visitor gets a page whose links name the host it asked
    status, _h, page = raw(port, f"GET /?t=1&o=0.3 HTTP/1.1\nHost: 127.0.0.1:{port}\n")
    assert status == 200 and b"evil.example" not in page
    assert f"http://127.0.0.1:{port}/oembed?url=".encode() in page
    # the same for oEmbed: a foreign URL is 404 for everyone, never a stored 200
    target = "/oembed?format=json&url=http%3A%2F%2Fevil.example%2F%3Ft%3D1"
    status, _h, _b = raw(
        port, f"GET {target} HTTP/1.1\nHost: evil.example\nHost: 127.0.0.1:{port}\n"
    )
    assert status == 400
    assert raw(port, f"GET {target} HTTP/1.1\nHost: 127.0.0.1:{port}\n")[0] == 404


def test_two_accept_language_fields_are_one_negotiation(server: Served) -> None:
    port = server.port
    host = f"Host: 127.0.0.1:{port}\n"
    status, headers, page = raw(
        port, f"GET /?t=1&o=0.31 HTTP/1.1\n{host}Accept-Language: es\nAccept-Language: en\n"
    )
    # both fields count, as one list "es, en" (RFC 9110 §5.3): Spanish, the first at equal q
    assert status == 200 and b'<html lang="es"' in page
    assert "Accept-Language" in headers["vary"]
    status, _h, page = raw(port, f"GET /?t=1&o=0.31 HTTP/1.1\n{host}Accept-Language: en\n")
    assert status == 200 and b'<html lang="en"' in page


def test_a_64_kb_accept_language_is_cut_before_it_is_parsed() -> None:
    from app import negotiation

    scope = {"headers": [(b"accept-language", b"x," * 32_000 + b"es")]}
    assert len(negotiation.header(scope, b"accept-language")) == negotiation.MAX_PARSED_HEADER
    with TestClient(create_app(Settings(response_cache_mb=0))) as tc:
        page = tc.get("/?t=1", headers={"Accept-Language": "x," * 32_000 + "es"})
        assert page.status_code == 200 and '<html lang="en"' in page.text


def _failing_app() -> FastAPI:
    app = create_app(Settings(response_cache_mb=0))

    def boom() -> None:
        raise RuntimeError("secret internals")

    app.add_api_route("/boom", boom)
    app.add_api_route("/api/v1/boom", boom)
    return app


@pytest.mark.parametrize(
    ("path", "kind", "lang"),
    [("/boom", "text/html", "en"), ("/boom?lang=es", "text/html", "es"),
     ("/api/v1/boom", "application/json", None)],
)  # fmt: skip
def test_a_failure_is_a_500_page_with_the_security_headers(
    path: str, kind: str, lang: str | None, caplog: pytest.LogCaptureFixture
) -> None:
    with TestClient(_failing_app(), raise_server_exceptions=False) as tc:
        r = tc.get(path)
    assert r.status_code == 500
    assert r.headers["content-type"].startswith(kind)
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["cache-control"] == "no-store"
    assert "secret internals" not in r.text and "Traceback" not in r.text
    if lang:
        assert f'<html lang="{lang}">' in r.text
        assert "<h1>" in r.text
    else:
        assert r.json() == {"detail": r.json()["detail"]} and "could not" in r.json()["detail"]
    # the traceback is in the server's log, not in the answer
    assert any("secret internals" in str(rec.exc_info) for rec in caplog.records)


@pytest.mark.parametrize(
    "url",
    [
        "/?exercise_seed=" + "9" * 4301,
        "/samples?exercise_seed=" + "9" * 4301,
        "/batches?seed=" + "9" * 4301,
        "/exercise?kind=single&seed=" + "9" * 4301,
    ],
)
def test_4301_digits_are_refused_with_the_usual_message(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 200
    assert "Traceback" not in r.text


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/batches?t=1,2&o=1,2&seed=", "seed"),
        ("/api/v1/batches?t=1,2&o=1,2&batch_size=", "batch_size"),
        ("/api/v1/descent?mode=single&steps=", "steps"),
        ("/api/v1/exercises/new?kind=single&seed=", "seed"),
        ("/oembed?url=http://testserver/&maxheight=", "maxheight"),
    ],
)
def test_every_integer_has_a_digit_bound(client: TestClient, url: str, field: str) -> None:
    r = client.get(url + "9" * 4301)
    assert r.status_code == 422
    (error,) = r.json()["detail"]
    assert error["field"] == field and error["type"] == "int_too_long"
    assert " must be a whole number of at most 12 digits, not “999" in error["msg"]


def test_every_integer_query_parameter_of_the_api_is_a_whole_number(app: FastAPI) -> None:
    """Each integer parameter in the schema refuses 4301 digits with the digit message."""
    schema = app.openapi()
    checked = 0
    with TestClient(app) as tc:
        for path, item in schema["paths"].items():
            for operation in item.values():
                for param in operation.get("parameters", []):
                    types = [param["schema"], *param["schema"].get("anyOf", [])]
                    if param["in"] != "query" or not any(t.get("type") == "integer" for t in types):
                        continue
                    r = tc.get(path, params={param["name"]: "9" * 4301})
                    errors = {e["field"]: e["type"] for e in r.json()["detail"]}
                    assert errors.get(param["name"]) == "int_too_long", (path, param["name"])
                    checked += 1
    assert checked >= 8


async def _call(app: Any, path: str, query: bytes, headers: list[tuple[bytes, bytes]]) -> None:
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
        "scheme": "http", "path": path, "raw_path": path.encode(), "root_path": "",
        "query_string": query, "headers": headers, "client": ("127.0.0.1", 5),
        "server": ("127.0.0.1", 8000), "state": {},
    }  # fmt: skip

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        pass

    await app(scope, receive, send)


def test_the_response_cache_holds_its_bound_in_real_memory() -> None:
    """5,000 distinct /healthz?u=N with a 256 KiB cache: what Python really holds after them
    (tracemalloc, not the cache's own counter) grows by at most the bound and a little.
    (bench/probe.py repeats this on a served process with 20,000 URLs, by its RSS.)"""
    bound = 2**18
    app = create_app(Settings(response_cache_mb=0.25))
    headers = [(b"host", b"127.0.0.1:8000"), (b"accept-encoding", b"gzip")]

    async def run(start: int, count: int) -> None:
        for n in range(start, start + count):
            await _call(app, "/healthz", b"u=%d" % n, headers)

    aio.run(run(0, 200))  # build the middleware stack, warm every path
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        aio.run(run(200, 5_000))
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    cache = app.middleware_stack
    while type(cache).__name__ != "ResponseCache":
        cache = cache.app  # type: ignore[union-attr]
    assert cache.bytes <= bound
    assert len(cache.entries) > 100  # it did keep answers
    assert grown <= bound + 64 * 1024, f"grew {grown / 1024:.0f} KiB for a 256 KiB cache"


@pytest.mark.parametrize(
    ("maxwidth", "maxheight", "status"),
    [(None, 50, 404), (None, 309, 404), (None, 310, 200), (279, None, 404), (280, 400, 200),
     (5000, 5000, 200), (500, None, 200)],
)  # fmt: skip
def test_oembed_sizes_fit_the_maximum_and_the_embed(
    client: TestClient, maxwidth: int | None, maxheight: int | None, status: int
) -> None:
    params: dict[str, Any] = {"url": "http://testserver/?t=1&o=0.3", "format": "json"}
    params |= {k: v for k, v in (("maxwidth", maxwidth), ("maxheight", maxheight)) if v}
    r = client.get("/oembed", params=params)
    assert r.status_code == status
    if status == 404:
        assert "the smallest is 280 × 310" in r.json()["detail"]
        return
    answer = r.json()
    assert answer["width"] <= (maxwidth or 720) and answer["height"] <= (maxheight or 560)
    chart = int(answer["html"].split("height=")[1].split('"')[0].split("&")[0])
    assert chart >= 150 and chart + 160 == answer["height"]


def test_oembed_without_url_says_it_is_required(client: TestClient) -> None:
    r = client.get("/oembed?format=json")
    assert r.status_code == 422
    assert r.json()["detail"][0]["msg"] == "url is required."


@pytest.mark.parametrize(
    ("accept", "coded"),
    [("gzip", "gzip"), ("gzip;q=0", None), ("identity", None), ("gzip;q=0, identity", None),
     ("*", "br"), ("*;q=0.5", "br"), ("*, br;q=0", "gzip"), ("*, gzip;q=0, br;q=0", None),
     ("*, gzip;q=0", "br"), ("GZIP;Q=0.5", "gzip"), ("br;q=1, gzip;q=0.001", "br"),
     ("br;q=0.001, gzip", "gzip"), ("BR;Q=0", None), ("gzip;q=abc", None)],
)  # fmt: skip
def test_accept_encoding_q_values_for_answers_and_their_cache(
    accept: str, coded: str | None
) -> None:
    with TestClient(create_app(Settings())) as tc:
        first = tc.get("/index.json?t=1&o=0.3", headers={"Accept-Encoding": "gzip"})
        assert first.headers["content-encoding"] == "gzip"
        r = tc.get("/index.json?t=1&o=0.3", headers={"Accept-Encoding": accept})
        assert r.headers.get("content-encoding") == coded
        assert "Accept-Encoding" in r.headers["vary"]
        assert r.json() == first.json()


def _log_lines(app: Any) -> io.StringIO:
    from app.logs import AccessLog

    out = io.StringIO()
    stack = app.build_middleware_stack()
    layer = stack
    while not isinstance(layer, AccessLog):
        layer = layer.app
    layer.stream = out
    app.middleware_stack = stack
    return out


def test_static_answers_are_logged_by_their_own_path() -> None:
    app = create_app(Settings(access_log=True))
    out = _log_lines(app)
    with TestClient(app) as tc:
        assert tc.get("/static/js/sse.js").status_code == 200
    assert out.getvalue().rstrip().endswith('"GET /static/js/sse.js HTTP/1.1" 200')


def test_a_client_that_leaves_first_is_logged_as_499_not_500() -> None:
    from app.logs import AccessLog

    async def leaves(scope: Scope, receive: Receive, send: Send) -> None:
        await receive()
        raise ClientDisconnect()

    out = io.StringIO()
    log = AccessLog(leaves, stream=out)

    async def receive() -> Message:
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        pass

    scope = {"type": "http", "method": "GET", "path": "/static/x.js", "root_path": ""}
    with pytest.raises(ClientDisconnect):
        aio.run(log(scope, receive, send))
    assert out.getvalue().endswith('"GET /static/x.js HTTP/1.1" 499\n')


def test_the_head_timeout_hooks_are_uvicorns() -> None:
    """app/head_timeout.py overrides these uvicorn methods: they must still exist there."""
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    from app.head_timeout import HOOKS

    for name in HOOKS:
        assert callable(getattr(HttpToolsProtocol, name, None)), name


def test_a_trickled_request_head_gets_408_and_is_closed() -> None:
    with served_app(env={"SSE_HEAD_TIMEOUT": "1"}) as served:
        with socket.create_connection(("127.0.0.1", served.port), timeout=10) as slow:
            started = time.monotonic()
            slow.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
            answer = b""
            slow.settimeout(0.3)
            for byte in b"X-Slow: " + b"a" * 40:
                try:
                    answer += slow.recv(4096)
                    if answer:
                        break
                except TimeoutError:
                    pass
                try:
                    slow.sendall(bytes([byte]))
                except OSError:
                    break
            elapsed = time.monotonic() - started
        assert answer.startswith(b"HTTP/1.1 408 "), answer
        assert 0.9 <= elapsed < 3, elapsed
        # an idle new connection is closed too; a prompt request is served as usual
        with socket.create_connection(("127.0.0.1", served.port), timeout=5) as idle:
            assert idle.recv(4096).startswith(b"HTTP/1.1 408 ")
        assert raw(served.port, "GET /healthz HTTP/1.1\nHost: x\n")[0] == 200


@pytest.mark.parametrize(("allow", "logged"), [(None, "203.0.113.9"), ("10.9.9.9", "127.0.0.1")])
def test_forwarded_for_is_believed_only_from_the_trusted_proxies(
    allow: str | None, logged: str
) -> None:
    env = {"SSE_FORWARDED_ALLOW_IPS": allow} if allow else {}
    with served_app("--proxy-headers", env=env) as served:
        head = "GET /healthz HTTP/1.1\nHost: x\nX-Forwarded-For: 203.0.113.9\n"
        assert raw(served.port, head)[0] == 200
        deadline = time.monotonic() + 5
        while not any("/healthz" in line for line in served.lines):
            assert time.monotonic() < deadline, served.lines
            time.sleep(0.01)  # the reader thread has not seen the line yet
        (line,) = [line for line in served.lines if "/healthz" in line]
        assert f"{logged}:" in line, line


@pytest.mark.probe
def test_the_memory_probe_holds_its_bounds(capsys: pytest.CaptureFixture[str]) -> None:
    """bench/probe.py on a served process: 20,000 distinct URLs grow RSS by at most the cache
    bound plus 8 MiB; 300 concurrent first requests per vendored file peak under +50 MiB and
    cost less CPU each than half of one compression of the file."""
    from bench import probe

    status = aio.in_thread(probe.main, [])
    table = capsys.readouterr().out
    print(table)
    assert table.count("| pass") >= 4, table
    assert status == 0, table


_QUERY_PIECES = ["lang", "=", "&", "%6C", "%6c", "ang", "+", "es", "%2C", "1,2", "%C3%A9", "\xe9",
                 ";", "%", "t"]  # fmt: skip


@given(st.lists(st.sampled_from(_QUERY_PIECES), max_size=25).map("".join))
def test_the_query_language_is_read_as_parse_qsl_reads_it(query: str) -> None:
    """app.i18n.query_value skips decoding the whole query, and must find what parse_qsl finds."""
    from urllib.parse import parse_qsl

    from app.i18n import query_value

    raw = query.encode("latin-1")
    expected = None
    for key, value in parse_qsl(raw.decode("latin-1")):
        if key == "lang":
            expected = value
    assert query_value(raw, "lang") == expected


@pytest.mark.parametrize(("path", "lang"), [("/nope", "en"), ("/samples/x?lang=es", "es")])
def test_an_unknown_page_is_a_404_page_in_the_site_layout(
    client: TestClient, path: str, lang: str
) -> None:
    from bs4 import BeautifulSoup

    from app.nav import NAV

    r = client.get(path)
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert r.headers["cache-control"] == "no-store"
    assert "default-src 'self'" in r.headers["content-security-policy"]
    soup = BeautifulSoup(r.text, "html.parser")
    assert soup.html is not None and soup.html["lang"] == lang
    assert soup.h1 is not None
    title = {"en": "Page not found", "es": "Página no encontrada"}[lang]
    assert soup.h1.text == title
    lessons = [a["href"] for a in soup.select("main li a")]
    suffix = "?lang=es" if lang == "es" else ""
    assert lessons == [item.path + suffix for item in NAV]


def test_an_unknown_embed_lists_the_charts_there_are(client: TestClient) -> None:
    from bs4 import BeautifulSoup

    from app.pages.charts import EMBEDS

    r = client.get("/embed/nope")
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    soup = BeautifulSoup(r.text, "html.parser")
    assert soup.html is not None and "embed" in soup.html["class"]
    assert soup.find("nav") is None  # sized for an iframe: no site navigation
    assert "“nope”" in soup.text
    assert [a["href"] for a in soup.select("main li a")] == [f"/embed/{k}" for k in EMBEDS]


@pytest.mark.parametrize("path", ["/api/v1/nope", "/nope.json", "/nope.csv", "/static/nope.js"])
def test_data_paths_keep_json_errors(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 404 and r.json() == {"detail": "Not Found"}


def test_a_post_to_a_page_is_a_405_page_saying_get(client: TestClient) -> None:
    r = client.post("/samples")
    assert r.status_code == 405 and r.headers["allow"] == "GET"
    assert "only GET" in r.text and "<h1>" in r.text
    assert client.post("/api/v1/loss").json() == {"detail": "Method Not Allowed"}
