"""Security headers on every kind of response."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.frames import SCRIPT as FRAME_SCRIPT
from app.middleware import CSP, script_hash


@pytest.mark.parametrize(
    "path", ["/", "/?o=nan", "/index.json", "/embed/loss", "/api/v1/loss", "/healthz", "/docs"]
)
def test_security_headers(client: TestClient, path: str) -> None:
    r = client.get(path)
    csp = {
        part.split()[0]: part.split()[1:]
        for part in r.headers["content-security-policy"].split("; ")
    }
    assert csp["script-src"][0] == "'self'"
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert csp["object-src"] == ["'none'"] and csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == (["*"] if path.startswith("/embed/") else ["'self'"])
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert r.headers["permissions-policy"] == "camera=(), microphone=(), geolocation=()"
    assert "x-frame-options" not in r.headers


def test_docs_allow_only_their_own_inline_script(client: TestClient) -> None:
    csp = client.get("/docs").headers["content-security-policy"]
    script_src = next(p for p in csp.split("; ") if p.startswith("script-src"))
    extra = script_src.split()[2:]
    assert len(extra) == 1 and extra[0].startswith("'sha256-")
    assert extra[0] != script_hash(FRAME_SCRIPT)  # Swagger UI's own, not the pages'


def test_pages_allow_only_the_chart_slots_inline_line() -> None:
    """Every page's CSP allows one inline script: the line each chart slot carries, which the
    templates write from the same constant (tests/browser/test_first_frame.py: it runs)."""
    script_src = next(p for p in CSP.split("; ") if p.startswith("script-src"))
    assert script_src.split() == ["script-src", "'self'", script_hash(FRAME_SCRIPT)]
    assert script_hash("x") == "'sha256-LXEWQrcmsEQBYnyp+6wy9chTD7GQPMTbAiWHF5IaSIE='"


@pytest.mark.parametrize(
    "path",
    ["/", "/index.json", "/api/v1/figures/loss", "/static/js/sse.js", "/static/css/site.css"],
)
def test_large_responses_are_gzipped(client: TestClient, path: str) -> None:
    r = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert r.headers["content-encoding"] == "gzip"


def test_small_responses_are_not(client: TestClient) -> None:
    r = client.get("/healthz", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in r.headers


def test_gzip_is_deterministic_and_varies_on_accept_encoding(client: TestClient) -> None:
    first = client.get("/static/js/sse.js", headers={"Accept-Encoding": "gzip"})
    again = client.get("/static/js/sse.js", headers={"Accept-Encoding": "gzip"})
    assert first.headers["content-encoding"] == "gzip"
    assert first.headers["content-length"] == again.headers["content-length"]
    assert "Accept-Encoding" in first.headers["vary"]
    plain = client.get("/static/js/sse.js", headers={"Accept-Encoding": "identity"})
    assert plain.content == first.content  # the client undid the gzip: same file
    assert int(first.headers["content-length"]) < len(plain.content)


@pytest.mark.parametrize(
    ("media_type", "zipped"),
    [("image/png", False), ("application/octet-stream", False), ("image/svg+xml", True)],
)
def test_only_text_types_are_gzipped(media_type: str, zipped: bool) -> None:
    from fastapi import FastAPI
    from fastapi.responses import Response

    from app.middleware import Compress

    inner = FastAPI()

    @inner.get("/file")
    async def file() -> Response:
        return Response(b"\x89PNG" + bytes(5000), media_type=media_type)

    with TestClient(Compress(inner)) as tc:
        r = tc.get("/file", headers={"Accept-Encoding": "gzip"})
    assert r.status_code == 200 and len(r.content) == 5004
    assert ("content-encoding" in r.headers) is zipped


def test_the_thread_pool_is_bounded() -> None:
    """Blocking work (StaticFiles' reads) gets Settings.worker_threads threads, not anyio's 40."""
    import anyio.to_thread

    from app.config import Settings
    from app.main import create_app

    with TestClient(create_app(Settings(worker_threads=3))) as tc:
        assert tc.portal is not None
        tokens = tc.portal.call(
            lambda: anyio.to_thread.current_default_thread_limiter().total_tokens
        )
    assert tokens == 3
