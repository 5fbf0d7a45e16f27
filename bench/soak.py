"""Load and soak: one uvicorn worker, 64 concurrent connections, every endpoint, N seconds.

Run from the repository root:

    python -m bench.soak              # 60 s
    python -m bench.soak --seconds 5  # the CI version (tests/test_soak.py)

Starts `python -m app` on a free loopback port, warms it up under the same load (a sixth
of the run, 1 to 5 s, not counted), then 64 client connections loop over a mix of valid
and invalid requests (each with the status it should get: 200, or the intended
422/404/414) until the time is up. Every other request carries a query parameter nobody sent
before (`fresh=...`, which the app ignores), so the response cache cannot answer it and the
server renders it: the soak exercises rendering, not just the cache. Prints the request count,
unexpected answers (any other status, or a transport error), p50/p99 latency overall and
for /healthz, and the server's resident memory (VmRSS) averaged over the first and the last
window (10 s, or a third of a short run). Not a pass/fail test by itself: tests/test_soak.py
asserts on the 5 s figures.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

import httpx2

from bench.load import fresh_path

ROOT = Path(__file__).resolve().parent.parent
CONNECTIONS = 64

_LIST = ",".join(str(i / 10) for i in range(200))
# (path with query, the status it should get)
MIX: list[tuple[str, int]] = [
    ("/healthz", 200),
    ("/?t=1&o=0.3&lr=0.5", 200),
    ("/?t=abc&o=nan", 200),  # a page shows bad values inline
    ("/index.json?t=2&o=-1&lr=0.25&half=0", 200),
    ("/index.csv?t=1&o=0.3", 200),
    ("/samples?t=1,2,3&o=2,2,2", 200),
    ("/samples.json?t=1,2,3,4&o=0,0,0,0&half=1", 200),
    ("/batches?t=1,2,3,4,5,6&o=2,2,2,2,2,2&batch_size=2&seed=7", 200),
    ("/weights?x=1,2,3&t=2,4,6&w=0.5&b=0", 200),
    ("/descent?mode=single&t=1&o=-2&lr=1.5&steps=50", 200),
    ("/descent.json?mode=weights&steps=200", 200),
    ("/losses?t=1&o=0.4&loss=huber", 200),
    ("/why", 200),
    ("/exercise?kind=single&seed=7", 200),
    ("/embed/loss?t=1&o=0.3&controls=o", 200),
    ("/oembed?url={base}%2F%3Ft%3D1%26o%3D0.3", 200),  # {base}: the server's own origin
    ("/api/v1/loss?t=1&o=0.3&lr=0.5", 200),
    ("/api/v1/figures/loss?t=1&o=0.3&lr=0.5", 200),
    ("/api/v1/samples?" + urlencode({"t": _LIST, "o": _LIST}), 200),
    ("/api/v1/batches?t=1,2,3&o=2,2,2&batch_size=2&seed=7", 200),
    ("/api/v1/weights?x=1,2,3&t=2,4,6&w=0.5&b=0&half=1&mean=0", 200),
    ("/api/v1/descent?mode=single&t=1&o=-2&lr=1.5&steps=500", 200),
    ("/api/v1/losses/cross_entropy?t=1&o=0.2", 200),
    ("/api/v1/exercises/new?kind=single&seed=7", 200),
    ("/static/css/site.css", 200),
    # invalid on purpose: the intended answers
    ("/api/v1/loss?o=nan", 422),
    ("/api/v1/loss?t=abc&lr=0", 422),
    ("/api/v1/samples?t=1,2&o=1", 422),
    ("/api/v1/descent?steps=100000", 422),
    ("/api/v1/losses/cross_entropy?t=1&o=5e-324", 422),
    ("/oembed?url=https://elsewhere.example/", 404),
    ("/api/v1/loss?o=" + "1" * 40_000, 414),
]


@dataclass
class Tally:
    """Latencies and surprises, gathered by all the client tasks."""

    latencies: list[float] = field(default_factory=list)
    healthz: list[float] = field(default_factory=list)
    expected_errors: int = 0
    unexpected: dict[str, int] = field(default_factory=dict)

    def surprise(self, what: str) -> None:
        """Count one unexpected answer or failure under a short description."""
        self.unexpected[what] = self.unexpected.get(what, 0) + 1


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def start_server(port: int) -> tuple[subprocess.Popen[str], list[str], threading.Thread]:
    """`python -m app` on the port; its output drained by a thread (the access log is long)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", "--port", str(port)],
        cwd=ROOT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    ready = threading.Event()
    notable: list[str] = []

    def drain() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            if "Uvicorn running on" in line:
                ready.set()
            elif '"GET ' not in line:  # keep everything but the access lines
                notable.append(line.rstrip())

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    if not ready.wait(30):
        proc.kill()
        raise RuntimeError("the server did not start:\n" + "\n".join(notable))
    return proc, notable, reader


def _mix(base: str) -> list[tuple[str, int]]:
    return [(path.replace("{base}", quote(base, safe="")), want) for path, want in MIX]


async def _client(base: str, tally: Tally, until: float, offset: int) -> None:
    mix = _mix(base)
    limits = httpx2.Limits(max_connections=1, max_keepalive_connections=1)
    async with httpx2.AsyncClient(base_url=base, limits=limits, timeout=30) as http:
        i = offset
        while time.monotonic() < until:
            path, want = mix[i % len(mix)]
            i += 1
            if i % 2 == 0:  # a URL nobody asked for before: the response cache cannot answer it
                path = fresh_path(path, f"{offset}-{i}")
            started = time.perf_counter()
            try:
                r = await http.get(path)
                await r.aread()
            except httpx2.HTTPError as exc:
                tally.surprise(f"{type(exc).__name__} on {path[:60]}")
                continue
            took = time.perf_counter() - started
            tally.latencies.append(took)
            if path == "/healthz":
                tally.healthz.append(took)
            if r.status_code != want:
                tally.surprise(f"{r.status_code} (wanted {want}) on {path[:60]}")
            elif want != 200:
                tally.expected_errors += 1


async def _watch_memory(pid: int, until: float, samples: list[tuple[float, int]]) -> None:
    start = time.monotonic()
    while time.monotonic() < until:
        samples.append((time.monotonic() - start, _rss_kib(pid)))
        await asyncio.sleep(0.25)


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def _drive(base: str, pid: int, seconds: float) -> tuple[Tally, list[tuple[float, int]]]:
    # warm up under the same load (imports, caches, the allocator's arenas), uncounted
    warm = min(5.0, max(1.0, seconds / 6))
    until = time.monotonic() + warm
    await asyncio.gather(*(_client(base, Tally(), until, offset=k) for k in range(CONNECTIONS)))
    tally, samples = Tally(), []
    until = time.monotonic() + seconds
    await asyncio.gather(
        _watch_memory(pid, until, samples),
        *(_client(base, tally, until, offset=k) for k in range(CONNECTIONS)),
    )
    return tally, samples


def run(seconds: float = 60.0) -> dict[str, object]:
    """Soak a fresh server for `seconds`; return the figures (and print them)."""
    port = _free_port()
    proc, notable, reader = start_server(port)
    try:
        # a thread of its own: the caller may already run an event loop (pytest with
        # Playwright's sync API does), and asyncio.run refuses to nest in one
        with ThreadPoolExecutor(1) as pool:
            drive = _drive(f"http://127.0.0.1:{port}", proc.pid, seconds)
            tally, samples = pool.submit(asyncio.run, drive).result()
    finally:
        proc.send_signal(signal.SIGTERM)
        exit_code = proc.wait(10)
        reader.join(10)  # it reads to the end of the output, then stops
        if proc.stdout is not None:
            proc.stdout.close()
    window = min(10.0, seconds / 3)
    # on a starved machine the sampler may miss a window: then its nearest sample stands in
    first = [kib for at, kib in samples if at <= window] or [kib for _, kib in samples[:1]]
    last = [kib for at, kib in samples if at >= seconds - window] or [
        kib for _, kib in samples[-1:]
    ]
    rss_first, rss_last = statistics.mean(first), statistics.mean(last)
    figures: dict[str, object] = {
        "seconds": seconds,
        "connections": CONNECTIONS,
        "requests": len(tally.latencies),
        "requests_per_second": round(len(tally.latencies) / seconds, 1),
        "intended_errors": tally.expected_errors,
        "unexpected": sum(tally.unexpected.values()),
        "unexpected_kinds": tally.unexpected,
        "p50_ms": round(_pct(tally.latencies, 0.50) * 1000, 1),
        "p99_ms": round(_pct(tally.latencies, 0.99) * 1000, 1),
        "healthz_p50_ms": round(_pct(tally.healthz, 0.50) * 1000, 1),
        "healthz_p99_ms": round(_pct(tally.healthz, 0.99) * 1000, 1),
        "rss_first_mib": round(rss_first / 1024, 1),
        "rss_last_mib": round(rss_last / 1024, 1),
        "rss_change_percent": round(100 * (rss_last - rss_first) / rss_first, 1),
        "rss_every_5s_mib": [
            round(statistics.mean(kib for at, kib in samples if k <= at < k + 5) / 1024, 1)
            for k in range(0, int(seconds), 5)
            if any(k <= at < k + 5 for at, _ in samples)
        ],
        "server_exit_code": exit_code,
        "server_tracebacks": sum("Traceback" in line for line in notable),
    }
    return figures


def main() -> int:
    """Command line: --seconds N (default 60); exit 1 on unexpected errors or memory growth."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--seconds", type=float, default=60.0)
    args = p.parse_args()
    figures = run(args.seconds)
    for key, value in figures.items():
        print(f"{key:>22}: {value}")
    bad = figures["unexpected"] or abs(float(str(figures["rss_change_percent"]))) > 10
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
