"""Server CPU per request, in process: time.process_time around one ASGI call of the app."""

from __future__ import annotations

import asyncio
import statistics
import time
from typing import Any
from urllib.parse import urlsplit

from app.export import asgi_get
from bench.endpoints import Endpoint


async def _call(app: Any, path: str) -> tuple[int, float]:
    """One GET through the app (gzip accepted, like a browser): (status, CPU seconds)."""
    url = urlsplit(path)
    headers = [(b"host", b"127.0.0.1"), (b"accept-encoding", b"gzip")]
    start = time.process_time()
    status, _body = await asgi_get(app, url.path, url.query, headers)
    return status, time.process_time() - start


WARM_UP = 3


def varied(path: str, i: int) -> str:
    """`path` with its first number nudged by i/8 towards zero: new data each call, so no cache
    inside the app (kept list texts, MathML) answers a rendered call from an earlier one.

    >>> varied("/samples?t=-1000,-998&o=2", 2), varied("/?t=1000&o=3", 1)
    ('/samples?t=-999.75,-998&o=2', '/?t=999.875&o=3')
    """
    url = urlsplit(path)
    params = url.query.split("&")
    for k, param in enumerate(params):
        key, _, value = param.partition("=")
        if key in ("t", "x", "o") and value:
            first, comma, rest = value.partition(",")
            number = float(first)
            nudged = number - i / 8 if number > 0 else number + i / 8
            params[k] = f"{key}={nudged:g}{comma}{rest}"
            break
    return f"{url.path}?{'&'.join(params)}"


def cpu_per_request(endpoints: list[Endpoint], repeat: int = 15) -> list[dict[str, Any]]:
    """Median and worst CPU ms of each endpoint over `repeat` calls, after WARM_UP calls.

    Twice: with the response cache off and new data each call (`miss`: every call renders from
    scratch; the figure the ≤ 5 ms target is judged on) and on (`hit`: the state was asked for
    before, as when a class opens one link).
    """
    from app.allocator import tune, tune_gc
    from app.config import Settings
    from app.main import create_app

    tune()  # the malloc settings the server runs with (app.cli): they change the CPU per page

    fresh = create_app(Settings(response_cache_mb=0))
    cached = create_app(Settings(response_cache_mb=64))
    tune_gc()  # and its collector settings, after start as in app.cli

    async def times(app: Any, path: str, vary: bool) -> list[float]:
        # three calls first: Python 3.11 specializes a function's bytecode on its first runs, and
        # the first call or two of a page cost up to 1 ms more than every later one
        for warm in range(WARM_UP):
            await _call(app, varied(path, repeat + 1 + warm) if vary else path)
        out = []
        for i in range(repeat):
            status, seconds = await _call(app, varied(path, i) if vary else path)
            assert status == 200, (path[:80], status)
            out.append(seconds * 1000)
        return out

    async def run() -> list[dict[str, Any]]:
        rows = []
        for endpoint in endpoints:
            miss = await times(fresh, endpoint.path, vary=True)
            hit = await times(cached, endpoint.path, vary=False)
            rows.append(
                {
                    "endpoint": endpoint.label,
                    "state": endpoint.state,
                    "cpu_ms_median": round(statistics.median(miss), 2),
                    "cpu_ms_max": round(max(miss), 2),
                    "hit_cpu_ms_median": round(statistics.median(hit), 3),
                    "hit_cpu_ms_max": round(max(hit), 3),
                }
            )
        return rows

    return asyncio.run(run())
