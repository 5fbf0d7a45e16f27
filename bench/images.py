"""Chart images by URL (/embed/<chart>.png, app/renderer.py), on a served process as users run
it: the first image (Chromium starts), a fresh image's time and CPU, a cached image's, and 20
fresh images asked at once against a bound of 2 tabs + 8 waiting (the rest must get 503 with
Retry-After, nothing else may fail), with the memory of the server and its Chromium before and
after.

CPU is the server's process tree (the server and every Chromium process under it), from
/proc: user + system time.

    python -m bench.images          (also a part of `python -m bench`: --only images)
"""

from __future__ import annotations

import statistics
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from bench.servers import serve

TABS, QUEUE = 2, 8
IDLE = 3  # seconds without images before the server closes its Chromium (SSE_IMAGE_IDLE)
CONCURRENT = 20
FRESH = 20
CACHED = 50
TICKS = 100  # clock ticks a second (os.sysconf("SC_CLK_TCK") on Linux)


def _tree(pid: int) -> list[int]:
    """pid and all its descendants."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo += children.get(p, [])
    return found


def tree_cpu_s(pid: int) -> float:
    total = 0
    for p in _tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICKS


def tree_pss_mib(pid: int) -> float:
    """The tree's memory as proportional set size: pages shared by Chromium's processes are
    counted once across them (a sum of RSS would count the shared libraries in each)."""
    total = 0
    for p in _tree(pid):
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def get(url: str) -> tuple[int, float, Any]:
    """(status, seconds, headers) of one GET (headers: looked up case-insensitively)."""
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=60) as answer:
            answer.read()
            return answer.status, time.perf_counter() - start, answer.headers
    except urllib.error.HTTPError as error:
        error.read()
        return error.code, time.perf_counter() - start, error.headers


def images_part() -> dict[str, Any]:
    env = {"SSE_IMAGE_TABS": str(TABS), "SSE_IMAGE_QUEUE": str(QUEUE), "SSE_IMAGE_IDLE": str(IDLE)}
    with serve("app", "/healthz", env=env) as (base, pid):
        url = base + "/embed/loss.png?t=1&lr=0.5&o={o}"
        rss_start = tree_pss_mib(pid)
        status, first_s, _ = get(url.format(o="0.3"))
        assert status == 200, status
        rss_warm = tree_pss_mib(pid)
        cpu0, times = tree_cpu_s(pid), []
        for k in range(FRESH):
            status, seconds, _ = get(url.format(o=f"{-2 + k * 0.1:.1f}"))
            assert status == 200, status
            times.append(seconds)
        fresh_cpu = (tree_cpu_s(pid) - cpu0) / FRESH
        cpu0, cached = tree_cpu_s(pid), []
        for _ in range(CACHED):
            status, seconds, _ = get(url.format(o="0.3"))
            assert status == 200, status
            cached.append(seconds)
        cached_cpu = (tree_cpu_s(pid) - cpu0) / CACHED
        urls = [url.format(o=f"{2.05 + k * 0.1:.2f}") for k in range(CONCURRENT)]
        start = time.perf_counter()
        with ThreadPoolExecutor(CONCURRENT) as pool:
            answers = list(pool.map(get, urls))
        burst_s = time.perf_counter() - start
        rss_peak = tree_pss_mib(pid)
        statuses: dict[int, int] = {}
        for status, _, _ in answers:
            statuses[status] = statuses.get(status, 0) + 1
        refused = [headers for status, _, headers in answers if status == 503]
        # idle: the server closes its Chromium after IDLE seconds; its memory, until it is back
        # where it was before the first image (or 30 s pass)
        quiet = time.monotonic()
        rss_after = tree_pss_mib(pid)
        while rss_after > rss_start * 1.5 and time.monotonic() - quiet < IDLE + 30:
            time.sleep(0.25)  # polling a process's memory: there is no event to wait on
            rss_after = tree_pss_mib(pid)
        idle_s = time.monotonic() - quiet
    return {
        "tabs": TABS,
        "queue": QUEUE,
        "first_image_s": round(first_s, 2),
        "fresh_median_ms": round(statistics.median(times) * 1000, 1),
        "fresh_p95_ms": round(sorted(times)[int(0.95 * (len(times) - 1))] * 1000, 1),
        "fresh_cpu_ms": round(fresh_cpu * 1000, 1),
        "cached_median_ms": round(statistics.median(cached) * 1000, 2),
        "cached_cpu_ms": round(cached_cpu * 1000, 2),
        "cached_ratio": round(statistics.median(cached) / statistics.median(times), 4),
        "burst": CONCURRENT,
        "burst_s": round(burst_s, 2),
        "burst_statuses": statuses,
        "burst_503_with_retry_after": sum(1 for h in refused if h.get("Retry-After")),
        "burst_other_failures": sum(n for s, n in statuses.items() if s not in (200, 503)),
        "pss_mib": {
            "before_first_image": round(rss_start, 1),
            "after_first_image": round(rss_warm, 1),
            "after_burst": round(rss_peak, 1),
            "after_idle": round(rss_after, 1),
        },
        "idle_setting_s": IDLE,
        "back_after_s": round(idle_s, 1),
    }


def report(r: dict[str, Any]) -> str:
    rss = r["pss_mib"]
    ok = r["burst_other_failures"] == 0 and r["burst_503_with_retry_after"] == r[
        "burst_statuses"
    ].get(503, 0)
    return "\n".join(
        [
            "## images (/embed/loss.png, 800x290, served process + its Chromium)",
            f"first image (Chromium starts): {r['first_image_s']} s",
            f"fresh image: median {r['fresh_median_ms']} ms, p95 {r['fresh_p95_ms']} ms,"
            f" CPU {r['fresh_cpu_ms']} ms (server + Chromium)",
            f"cached image: median {r['cached_median_ms']} ms ({r['cached_ratio']:.3f}× a fresh"
            f" one), CPU {r['cached_cpu_ms']} ms",
            f"{r['burst']} fresh images at once ({r['tabs']} tabs + {r['queue']} waiting):"
            f" {r['burst_statuses']} in {r['burst_s']} s; 503s with Retry-After:"
            f" {r['burst_503_with_retry_after']}; other failures: {r['burst_other_failures']}"
            f" ({'OK' if ok else 'FAIL'})",
            f"memory (PSS MiB, server + Chromium): {rss['before_first_image']} before the first"
            f" image, {rss['after_first_image']} after it, {rss['after_burst']} after the burst,"
            f" {rss['after_idle']} {r['back_after_s']} s later (Chromium closed after"
            f" {r['idle_setting_s']} s idle)",
        ]
    )


if __name__ == "__main__":
    result = images_part()
    print(report(result))
    sys.exit(0 if result["burst_other_failures"] == 0 else 1)
