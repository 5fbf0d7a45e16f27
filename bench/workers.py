"""`sse-explainer --workers`: requests/s with 1, 2 and one worker a CPU, side by side in one
run, for a repeated URL (the response cache answers) and for fresh URLs (every other request a
URL never asked before: each is built), with the ratio to one worker.

wrk runs on the same machine with one thread, so on 2 cores the load generator takes a share
of the CPU the workers would use: read the ratios as what this machine gives, not a ceiling.

    python -m bench.workers          (also a part of `python -m bench`: --only workers)
"""

from __future__ import annotations

import os
import sys
from typing import Any

from bench import load
from bench.servers import serve

SECONDS = 5.0
REPEATED = "/?t=1&o=0.3&lr=0.5"
FRESH = ["/?t=1&o=0.3&lr=0.5", "/samples", "/weights", "/losses?o=0.7", "/index.json?o=1.5"]


def counts() -> list[int]:
    """1, 2 and the CPU count, each once."""
    return sorted({1, 2, os.cpu_count() or 1})


def workers_part(seconds: float = SECONDS) -> dict[str, Any]:
    rows = []
    for n in counts():
        with serve("app", "/healthz", env={"SSE_WORKERS": str(n)}) as (base, _):
            load.wrk(base + REPEATED, 1)  # every worker warm
            repeated = load.wrk(base + REPEATED, seconds)
            fresh = load.wrk_rotating(base, FRESH, seconds, fresh=True)
        rows.append(
            {
                "workers": n,
                "repeated_rps": round(repeated.rps, 1),
                "repeated_p99_ms": repeated.p99_ms,
                "fresh_rps": round(fresh.rps, 1),
                "fresh_p99_ms": fresh.p99_ms,
                "errors": repeated.errors + fresh.errors,
            }
        )
    one = rows[0]
    for row in rows:
        row["repeated_x_one"] = round(row["repeated_rps"] / one["repeated_rps"], 2)
        row["fresh_x_one"] = round(row["fresh_rps"] / one["fresh_rps"], 2)
    return {"seconds": seconds, "cpus": os.cpu_count(), "rows": rows}


def report(r: dict[str, Any]) -> str:
    lines = [
        f"## workers ({r['cpus']} CPUs; wrk, 1 thread, {load.CONNECTIONS} connections,"
        f" {r['seconds']:g} s each)",
        "| workers | repeated req/s | × one | p99 ms | fresh req/s | × one | p99 ms | errors |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for w in r["rows"]:
        lines.append(
            f"| {w['workers']} | {w['repeated_rps']} | {w['repeated_x_one']} |"
            f" {w['repeated_p99_ms']} | {w['fresh_rps']} | {w['fresh_x_one']} |"
            f" {w['fresh_p99_ms']} | {w['errors']} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(workers_part()))
    sys.exit(0)
