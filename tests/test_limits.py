"""URL length limits, access logs without query values, and SIGTERM on `python -m app`."""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient

from tests.serving import free_port

ROOT = Path(__file__).resolve().parent.parent


def test_a_long_query_gets_414_with_a_sentence(client: TestClient) -> None:
    r = client.get("/api/v1/loss?o=" + "1" * 40_000)
    assert r.status_code == 414
    assert r.json() == {
        "detail": "The query string is 40002 bytes long; this server takes at most 32768. "
        "Lists hold at most 1000 numbers."
    }
    assert r.headers["x-content-type-options"] == "nosniff"  # still inside FrameHeaders


def test_a_long_path_gets_414(client: TestClient) -> None:
    r = client.get("/" + "a" * 3000)
    assert r.status_code == 414
    assert "path is 3001 bytes" in r.json()["detail"]


def test_the_longest_legal_lists_fit(client: TestClient) -> None:
    # 1000 numbers in each of x and t with 12 characters each: the largest real state
    numbers = ",".join(["-999.1234567"] * 1000)
    query = urlencode({"mode": "weights", "x": numbers, "t": numbers})
    assert len(query) > 16_384
    assert client.get(f"/api/v1/weights?{query}").status_code == 200


def test_access_lines_lose_their_query() -> None:
    """AccessLog writes method, quoted path, `?…` for any query, version and status."""
    import io

    from app.config import Settings
    from app.logs import AccessLog
    from app.main import create_app

    out = io.StringIO()
    app = create_app(Settings(access_log=True, response_cache_mb=0))
    stack = app.build_middleware_stack()
    layer: Any = stack
    while not isinstance(layer, AccessLog):
        layer = layer.app
    layer.stream = out
    app.middleware_stack = stack
    with TestClient(app) as tc:
        tc.get("/api/v1/loss?t=1&o=secret")
        tc.head("/samples?t=1,2&o=3,4")
        tc.get("/embed/no%0Asuch")  # an encoded newline in the path stays encoded
    lines = out.getvalue().splitlines()
    assert len(lines) == 3, lines
    assert lines[0].endswith('"GET /api/v1/loss?… HTTP/1.1" 422')
    assert lines[1].endswith('"HEAD /samples?… HTTP/1.1" 200')
    assert lines[2].endswith('"GET /embed/no%0Asuch HTTP/1.1" 404')
    assert "secret" not in out.getvalue()


@pytest.fixture
def served() -> Iterator[tuple[subprocess.Popen[str], int]]:
    """`python -m app --port P` from the worktree, its output read line by line."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", "--port", str(port)],
        cwd=ROOT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert proc.stdout is not None
    for line in proc.stdout:  # no sleeping: wait for uvicorn's "running" line
        if "Uvicorn running on" in line:
            break
    yield proc, port
    if proc.poll() is None:
        proc.kill()
        proc.wait(5)
    proc.stdout.close()


def _get(port: int, target: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", target)
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


def test_served_process_limits_logs_and_sigterm(
    served: tuple[subprocess.Popen[str], int],
) -> None:
    proc, port = served
    assert _get(port, "/healthz") == (200, b'{"status":"ok","first_frames":"off"}')
    assert _get(port, "/api/v1/loss?t=1&o=personal-data-here")[0] == 422
    status, body = _get(port, "/api/v1/loss?o=" + "1" * 40_000)  # above 16 KB: h11's default
    assert status == 414 and b"at most 32768" in body
    started = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    code = proc.wait(timeout=5)
    assert code == 0 and time.monotonic() - started < 5
    assert proc.stdout is not None
    log = proc.stdout.read()
    access = [line for line in log.splitlines() if '"GET ' in line]
    assert len(access) == 3, log  # one line per request
    assert "personal-data-here" not in log and "1111" not in log
    assert '"GET /api/v1/loss?… HTTP/1.1" 422' in log
    assert "Traceback" not in log
