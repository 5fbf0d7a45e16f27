"""Security headers on every kind of response."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


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
