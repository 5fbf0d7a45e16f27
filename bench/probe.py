"""`python -m bench.probe`: the memory bounds of a served process, measured from outside.

1. The response cache: N distinct `/healthz?u=N` (20,000 by default) with the cache at its
   default bound; the server's resident memory may grow by at most the bound plus 8 MiB.
2. Static files: for each vendored file, 300 concurrent first requests (each URL new, gzip and
   brotli accepted); the server's peak resident memory during the burst (VmHWM, reset before
   each burst) may grow by less than 50 MiB, and its CPU time per answer must stay below
   half of one level-9 gzip of the file (the server used to pay a whole one per cache
   miss), so nothing was compressed per request. (tests/test_static.py proves none
   in-process, by refusing every compressor during such requests.)

Prints a table and exits 1 if a bound is exceeded (tests/test_hardening.py runs it, marked
`probe`). Each server it starts is stopped by its own PID.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import os
import sys
import time
from pathlib import Path

from app.resources import resource_dir
from bench.servers import Served, served_app

CACHE_MB = 4
SLACK_MIB = 8
STATIC_PEAK_MIB = 50
BURST = 300
CONNECTIONS = 16


def rss_kib(pid: int, field: str = "VmRSS") -> int:
    """A /proc/PID/status memory figure in KiB (VmRSS now, VmHWM the peak)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} for {pid}")


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time the process has used (/proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _get(port: int, target: str, headers: str = "") -> tuple[int, int]:
    """One GET on a new connection: (status, body bytes)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    head = f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{headers}Connection: close"
    writer.write(head.encode() + b"\r\n\r\n")
    data = await reader.read()
    writer.close()
    head, _sep, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), len(body)


async def _many(port: int, targets: list[str], connections: int) -> list[int]:
    """GET every target over `connections` keep-alive connections; the statuses."""
    queue = list(reversed(targets))
    statuses: list[int] = []

    async def worker() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        while queue:
            target = queue.pop()
            writer.write(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            await reader.readexactly(length)
            statuses.append(int(head.split()[1]))
        writer.close()

    await asyncio.gather(*(worker() for _ in range(connections)))
    return statuses


def cache_probe(served: Served, count: int) -> dict[str, object]:
    """RSS growth over `count` distinct cacheable URLs, against the cache's bound."""
    port = served.port
    asyncio.run(_many(port, [f"/healthz?w={n}" for n in range(2000)], CONNECTIONS))  # warm
    before = rss_kib(served.pid)
    statuses = asyncio.run(_many(port, [f"/healthz?u={n}" for n in range(count)], CONNECTIONS))
    after = rss_kib(served.pid)
    grown = (after - before) / 1024
    bound = CACHE_MB + SLACK_MIB
    return {
        "check": f"{count:,} distinct /healthz?u=N",
        "figure": f"RSS {before / 1024:.1f} -> {after / 1024:.1f} MiB (+{grown:.1f})",
        "bound": f"<= +{bound} MiB (cache {CACHE_MB} + {SLACK_MIB})",
        "ok": grown <= bound and statuses.count(200) == count,
    }


def static_probe(served: Served, plain: str, hashed: str) -> dict[str, object]:
    """CPU and peak RSS growth of BURST concurrent first requests for one static file."""
    pid = served.pid
    Path(f"/proc/{pid}/clear_refs").write_text("5")  # resets VmHWM to the current RSS
    before, cpu = rss_kib(pid), cpu_seconds(pid)

    async def burst() -> list[tuple[int, int]]:
        accept = "Accept-Encoding: gzip, deflate, br\r\n"
        return await asyncio.gather(
            *(_get(served.port, f"/static/{hashed}?u={n}", accept) for n in range(BURST))
        )

    answers = asyncio.run(burst())
    peak = (rss_kib(pid, "VmHWM") - before) / 1024
    each_ms = (cpu_seconds(pid) - cpu) / BURST * 1000
    # what one compression of this file costs here: the old server paid it per cache miss
    data = (resource_dir("static") / plain).read_bytes()
    started = time.process_time()
    gzip.compress(data, compresslevel=9, mtime=0)
    gzip_ms = (time.process_time() - started) * 1000
    ok = all(status == 200 for status, _size in answers) and peak < STATIC_PEAK_MIB
    return {
        "check": f"{BURST} first requests, {plain}",
        "figure": f"peak RSS +{peak:.1f} MiB; CPU {each_ms:.1f} ms per answer of "
        f"{answers[0][1] / 1024:.0f} KiB (one gzip -9 of it: {gzip_ms:.0f} ms)",
        "bound": f"peak < +{STATIC_PEAK_MIB} MiB; CPU < ½ gzip",
        "ok": ok and each_ms < gzip_ms / 2,
    }


def run(count: int) -> list[dict[str, object]]:
    """Start one server (cache at its default bound, no access log), run both probes."""
    from app.assets import manifest

    rows = []
    env = {"SSE_RESPONSE_CACHE_MB": str(CACHE_MB), "SSE_ACCESS_LOG": "0"}
    with served_app(env=env) as served:
        rows.append(cache_probe(served, count))
        for plain, hashed in manifest().items():
            if plain.startswith("vendor/") and plain.endswith((".js", ".css")):
                rows.append(static_probe(served, plain, hashed))
    return rows


def main(argv: list[str] | None = None) -> int:
    """Print the table; exit 1 when a bound is exceeded."""
    parser = argparse.ArgumentParser(prog="python -m bench.probe", description=__doc__)
    parser.add_argument("--urls", type=int, default=20_000, help="distinct URLs (20,000)")
    args = parser.parse_args(argv)
    rows = run(args.urls)
    from bench.markdown import table

    print(
        table(
            ["check", "measured", "bound", "verdict"],
            [[r["check"], r["figure"], r["bound"], "pass" if r["ok"] else "FAIL"] for r in rows],
        )
    )
    return 0 if all(r["ok"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
