"""Time budget: the most expensive legal inputs, timed in-process (not a pass/fail test).

Run from the repository root: python -m bench.slowest

Each request goes through the whole app (validation, maths, figures, template or JSON)
with fastapi's TestClient, 7 times; the median is printed, slowest first.
"""

from __future__ import annotations

import statistics
import time
from urllib.parse import urlencode

from fastapi.testclient import TestClient

from app.main import create_app

N = 1000  # MAX_ROWS: the longest list any parameter takes
xs = ",".join(f"{i / 10 - 50:.1f}" for i in range(N))
ts = ",".join(f"{(i % 97) / 7:.4f}" for i in range(N))
big = urlencode({"x": xs, "t": ts})
pairs = urlencode({"t": ts, "o": xs})

CASES = [
    f"/weights?{big}&w=999.99&b=-999.99&lr=10",
    f"/api/v1/weights?{big}&w=999.99&b=-999.99&lr=10",
    f"/descent?mode=weights&{big}&w=999.99&b=-999.99&lr=0.0000001&steps=500",
    f"/descent.json?mode=weights&{big}&w=999.99&b=-999.99&lr=0.0000001&steps=500",
    f"/api/v1/descent?mode=weights&{big}&w=999.99&b=-999.99&lr=0.0000001&steps=500",
    "/descent?mode=single&t=1000&o=-1000&lr=0.001&steps=500",
    "/descent?mode=single&t=1&o=-2&lr=10&steps=500",  # diverges
    f"/samples?{pairs}",
    f"/api/v1/samples?{pairs}",
    f"/batches?{pairs}&batch_size=1&seed=7",
    f"/api/v1/batches?{pairs}&batch_size=1&seed=7",
    f"/batches.csv?{pairs}&batch_size=1&seed=7",
    "/losses?t=1&o=0.5&loss=cross_entropy",
    "/?t=1000&o=-1000&lr=10",
    "/embed/loss?t=1&o=0.3",
    "/why",
    "/api/v1/figures/loss?t=1000&o=-1000&lr=10",
    f"/api/v1/loss?o={'9' * 30000}",  # 422 after parsing a 30 KB number
    "/healthz",
]


def main() -> None:
    """Print the median time of each case, slowest first."""
    client = TestClient(create_app(), headers={"Accept-Encoding": "gzip"})
    rows = []
    for path in CASES:
        status = client.get(path).status_code  # warm
        times = []
        for _ in range(7):
            started = time.perf_counter()
            client.get(path)
            times.append(time.perf_counter() - started)
        rows.append((statistics.median(times) * 1000, status, path))
    for ms, status, path in sorted(rows, reverse=True):
        shown = path if len(path) < 80 else path[:60] + f"… ({len(path)} chars)"
        print(f"{ms:8.1f} ms  {status}  {shown}")


if __name__ == "__main__":
    main()
