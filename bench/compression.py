"""Content codings for answers built per request: the app's gzip (ISA-L level 1) against
brotli at qualities 0-6, on the app's real answers, side by side in one run.

The bodies are fetched once, uncompressed, from a served app (`python -m app`, as users run
it); each is then compressed in this process by every coding in turn, round after round
(interleaved, so a busy moment of the machine falls on all of them alike). Per answer and
coding: the compressed size and the median CPU time of one compression (time.process_time),
with the wall time (time.perf_counter) beside it. The last column is the coding the app sends
a client that takes both (app.middleware.offered).

    python -m bench.compression     (also a part of `python -m bench`: --only compression)
"""

from __future__ import annotations

import statistics
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

import brotli

from app.middleware import BROTLI_QUALITY, MINIMUM_SIZE, gzip_fast, offered
from bench.endpoints import DESCENT, SAMPLES_BOUNDS, SINGLE, SINGLE_BOUNDS, WEIGHTS, WEIGHTS_BOUNDS
from bench.servers import serve

QUALITIES = range(7)
ROUNDS = 31  # compressions of each body by each coding; the median is reported
ANSWERS = [
    ("/ (typical)", f"/?{SINGLE}"),
    ("/ (1000 targets)", f"/?{SINGLE_BOUNDS}&t=" + ",".join(str(i % 97) for i in range(1000))),
    ("/why", "/why"),
    ("/weights (typical)", f"/weights?{WEIGHTS}"),
    ("/weights (1000 rows)", f"/weights?{WEIGHTS_BOUNDS}"),
    ("/descent (typical)", f"/descent?{DESCENT}"),
    ("/index.json", f"/index.json?{SINGLE}"),
    ("/index.json (bounds)", f"/index.json?{SINGLE_BOUNDS}"),
    ("/api/v1/loss", f"/api/v1/loss?{SINGLE}"),
    ("/api/v1/figures/loss", f"/api/v1/figures/loss?{SINGLE}"),
    ("/api/v1/samples (1000)", f"/api/v1/samples?{SAMPLES_BOUNDS}"),
    ("/samples.csv (1000)", f"/samples.csv?{SAMPLES_BOUNDS}"),
    ("/embed/loss", f"/embed/loss?{SINGLE}"),
    ("/embed/loss.svg", f"/embed/loss.svg?{SINGLE}"),
]


def codecs() -> dict[str, Callable[[bytes], bytes]]:
    """Every coding measured, by name: the app's gzip, then brotli at each quality."""
    out: dict[str, Callable[[bytes], bytes]] = {"gzip": gzip_fast}
    for q in QUALITIES:
        out[f"br{q}"] = lambda body, q=q: brotli.compress(body, quality=q)
    return out


def _sent(content_type: str, size: int) -> str:
    """What the app sends a client that takes both br and gzip."""
    if size < MINIMUM_SIZE:
        return "plain"
    best = offered(content_type.encode())[0]
    return f"br{BROTLI_QUALITY}" if best == "br" else best


def fetch(base: str, path: str) -> tuple[bytes, str] | None:
    """The uncompressed body and its media type, or None when the app cannot answer (an
    image with no Chromium on the machine: 503)."""
    request = urllib.request.Request(base + path, headers={"Accept-Encoding": "identity"})
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.read(), answer.headers.get("content-type", "")
    except urllib.error.HTTPError:
        return None


def measure(body: bytes, rounds: int = ROUNDS) -> dict[str, dict[str, float]]:
    """Size, median CPU µs and median wall µs of each coding on `body`, interleaved."""
    coders = codecs()
    cpu: dict[str, list[float]] = {name: [] for name in coders}
    wall: dict[str, list[float]] = {name: [] for name in coders}
    sizes: dict[str, int] = {}
    for _ in range(2):  # warm up: first calls allocate the encoders' tables
        for name, coder in coders.items():
            sizes[name] = len(coder(body))
    for _ in range(rounds):
        for name, coder in coders.items():
            w0, c0 = time.perf_counter(), time.process_time()
            coder(body)
            c1, w1 = time.process_time(), time.perf_counter()
            cpu[name].append((c1 - c0) * 1e6)
            wall[name].append((w1 - w0) * 1e6)
    return {
        name: {
            "bytes": sizes[name],
            "cpu_us": round(statistics.median(cpu[name]), 1),
            "wall_us": round(statistics.median(wall[name]), 1),
        }
        for name in coders
    }


def compression_part(rounds: int = ROUNDS) -> dict[str, Any]:
    """Every answer of ANSWERS fetched from a served app, then measured by `measure`."""
    bodies: list[tuple[str, bytes, str]] = []
    with serve("app", "/healthz") as (base, _pid):
        for label, path in ANSWERS:
            got = fetch(base, path)
            if got is not None:
                bodies.append((label, *got))
            else:
                print(f"  {label}: no answer (no Chromium?), left out", file=sys.stderr)
    rows = []
    for label, body, kind in bodies:
        rows.append(
            {
                "answer": label,
                "type": kind.split(";")[0],
                "bytes": len(body),
                "codings": measure(body, rounds),
                "sent": _sent(kind, len(body)),
            }
        )
    return {"rounds": rounds, "rows": rows}


def report(result: dict[str, Any]) -> str:
    """Two tables: compressed sizes as a share of gzip's, and CPU µs per answer."""
    from bench.markdown import table

    names = list(codecs())
    out = [
        f"## Compression of answers built per request (median of {result['rounds']} rounds, "
        "in process, interleaved)\n",
        "Size: gzip's bytes, then each brotli quality's bytes as a share of gzip's; the price of\n"
        f"br{BROTLI_QUALITY}: its CPU beyond gzip's per KB it saves (µs/KB; a KB takes ~160 µs to\n"
        "send at 50 Mbit/s, ~5 ms at 1.6); sent: what a client taking br and gzip gets.\n",
    ]
    rows = []
    chosen = f"br{BROTLI_QUALITY}"
    for r in result["rows"]:
        gz, br = r["codings"]["gzip"], r["codings"][chosen]
        saved_kb = (gz["bytes"] - br["bytes"]) / 1024
        price = f"{(br['cpu_us'] - gz['cpu_us']) / saved_kb:,.0f}" if saved_kb > 0 else "—"
        rows.append(
            [r["answer"], r["type"], f"{r['bytes']:,}", f"{gz['bytes']:,}"]
            + [f"{r['codings'][n]['bytes'] / gz['bytes']:.2f}" for n in names[1:]]
            + [price, r["sent"]]
        )
    headers = ["answer", "type", "plain B", "gzip B", *names[1:], f"{chosen} µs/KB", "sent"]
    out.append(table(headers, rows))
    out.append("\nCPU µs per compression (process_time; wall time within a few % of it):\n")
    rows = [
        [r["answer"]] + [f"{r['codings'][n]['cpu_us']:,.0f}" for n in names] for r in result["rows"]
    ]
    out.append(table(["answer", *names], rows))
    return "\n".join(out)


if __name__ == "__main__":
    print(report(compression_part()))
