"""`python -m bench`: the server, CPU, memory and browser benchmarks of issue 5 in one run.

Prints a table with pass/short against each target and writes bench/results/latest.json.
It measures; it never fails (exit status 0 whatever the figures say).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from bench import browser, compression, cpu, first_frame, images, load, workers
from bench.endpoints import ALL, BOUNDS
from bench.markdown import table
from bench.servers import rss_mb, serve

OUT = Path(__file__).resolve().parent / "results" / "latest.json"
TARGET = {"api": 0.8, "page": 0.6}  # share of the floor's requests/s
NAIVE_TIMES = 50
CPU_MS = 5.0
FIRST_KB, REPEAT_KB = 450, 15
COLD_RATIO = 0.5
DRAG_RATIO = 1.5
FRAME_MS = 1000 / 60
MEMORY_GROWTH = 0.10
PARTS = (
    "server",
    "browser",
    "cpu",
    "memory",
    "images",
    "workers",
    "compression",
    "first-frame",
)


def verdict(ok: bool) -> str:
    return "pass" if ok else "SHORT"


def machine() -> dict[str, Any]:
    model = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    chrome = browser.chromium()
    version = ""
    if chrome:
        done = subprocess.run([chrome, "--version"], capture_output=True, text=True, check=False)
        version = done.stdout.strip()
    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)
    return {
        "cores": os.cpu_count(),
        "cpu": model,
        "python": platform.python_version(),
        "chromium": version,
        "wrk": (wrk.stdout or wrk.stderr).split("\n")[0].strip(),
        "load_average_at_start": Path("/proc/loadavg").read_text().split()[:3],
    }


def warm(base: str) -> None:
    """One request per endpoint (also checks each answers 200)."""
    for endpoint in ALL:
        with urllib.request.urlopen(base + endpoint.path, timeout=30) as answer:
            answer.read()
            assert answer.status == 200, endpoint.path[:80]


def server_part(seconds: float, app_base: str, floor_base: str, naive_base: str) -> dict[str, Any]:
    floors = [load.wrk(floor_base + "/", seconds)]
    naive = load.wrk(naive_base + "/", seconds)
    runs = []
    for i, endpoint in enumerate(ALL):
        runs.append((endpoint, load.wrk(app_base + endpoint.path, seconds)))
        if i == len(ALL) // 2:
            floors.append(load.wrk(floor_base + "/", seconds))  # interleaved: the median is fair
    floors.append(load.wrk(floor_base + "/", seconds))
    floor_rps = statistics.median(f.rps for f in floors)
    rows = []
    for endpoint, run in runs:
        ratio = run.rps / floor_rps
        times_naive = run.rps / naive.rps if naive.rps else float("inf")
        ok = ratio >= TARGET[endpoint.kind] and times_naive >= NAIVE_TIMES
        rows.append(
            {
                "endpoint": endpoint.label,
                "state": endpoint.state,
                "kind": endpoint.kind,
                "rps": round(run.rps, 1),
                "p50_ms": run.p50_ms,
                "p99_ms": run.p99_ms,
                "errors": run.errors,
                "x_floor": round(ratio, 3),
                "x_naive": round(times_naive, 1),
                "target_x_floor": TARGET[endpoint.kind],
                "result": verdict(ok),
            }
        )
    return {
        "seconds_per_endpoint": seconds,
        "connections": load.CONNECTIONS,
        "floor": {"rps_runs": [round(f.rps, 1) for f in floors], "rps": round(floor_rps, 1)},
        "naive": {"rps": round(naive.rps, 1), "p50_ms": naive.p50_ms, "p99_ms": naive.p99_ms},
        "endpoints": rows,
    }


def browser_part(app_base: str, rounds: int, movements: int) -> dict[str, Any] | None:
    """Page loads and movements in headless Chromium, with pass/short against the targets."""
    b = browser.run(app_base, rounds=rounds, n=movements)
    if b is None:
        return None
    for p in b["pages"]:
        full = p["cold_full_bundle_ms"]
        p["cold_ratio"] = p["cold_ms"] / full if full else float("nan")
        p["cold_result"] = verdict(p["cold_ratio"] <= COLD_RATIO)
        p["first_result"] = verdict(p["first_visit_kb"] <= FIRST_KB)
        p["repeat_result"] = verdict(p["repeat_visit_kb"] <= REPEAT_KB)
    mv = b["movements"]
    b["slider_frame_result"] = verdict(mv["output"]["p95_ms"] <= FRAME_MS)
    b["slider_ratio"] = mv["output"]["median_ms"] / mv["naive"]["median_ms"]
    b["slider_ratio_result"] = verdict(b["slider_ratio"] <= 0.5)
    if "drag" in mv:  # the point dragged on the chart costs at most DRAG_RATIO times the slider
        b["drag_ratio"] = mv["drag"]["median_ms"] / mv["output"]["median_ms"]
        b["drag_ratio_result"] = verdict(b["drag_ratio"] <= DRAG_RATIO)
    return b


def memory_part(wanted: int, cap_seconds: float) -> dict[str, Any]:
    """RSS of a fresh server after its first 1,000 requests, then after `wanted`.

    All under the same load: 32 connections, round robin over every endpoint, every other
    request a URL nobody asked for before, so half the answers are rendered and the response
    cache keeps filling and evicting at its bound. (Measuring the first 1,000 on one connection
    instead would count the buffers of 32 concurrent responses as growth.)
    """
    paths = [e.path for e in ALL]
    with serve("app", "/healthz") as (base, pid):
        start_rss = rss_mb(pid)
        done = load.first_requests(base, paths, 1000)
        after_1k = rss_mb(pid)
        spent = 0.0
        while done < wanted and spent < cap_seconds:
            chunk = min(15.0, cap_seconds - spent)
            done += load.wrk_rotating(base, paths, chunk, fresh=True).requests
            spent += chunk
        after_n = rss_mb(pid)
    growth = after_n / after_1k - 1
    return {
        "rss_start_mb": round(start_rss, 1),
        "rss_after_1000_mb": round(after_1k, 1),
        "requests": done,
        "requests_wanted": wanted,
        "scaled_down": done < wanted,
        "rss_after_n_mb": round(after_n, 1),
        "growth": round(growth, 4),
        "result": verdict(growth <= MEMORY_GROWTH),
    }


def report(results: dict[str, Any]) -> str:
    out = []
    m = results["machine"]
    out.append(
        f"sse-explainer bench, {results['date']}, {m['cores']} cores ({m['cpu']}), "
        f"Python {m['python']}; load average at start {' '.join(m['load_average_at_start'])}, "
        f"at end {' '.join(results['load_average_at_end'])}"
    )
    s = results.get("server")
    if s is not None:
        _server_report(s, out)
    if "cpu" in results:
        _cpu_report(results["cpu"], out)
    if "images" in results:
        out.append("\n" + images.report(results["images"]))
    if "workers" in results:
        out.append("\n" + workers.report(results["workers"]))
    if "compression" in results:
        out.append("\n" + compression.report(results["compression"]))
    if "memory" in results:
        _memory_report(results["memory"], out)
    if "browser" in results:
        _browser_report(results["browser"], out)
    if "first_frame" in results:
        out.append("\n" + first_frame.report(results["first_frame"]))
    return "\n".join(out)


def _server_report(s: dict[str, Any], out: list[str]) -> None:
    out.append(
        f"\n## Server (wrk, {s['connections']} connections, {s['seconds_per_endpoint']:g} s each, "
        f"one uvicorn worker, gzip accepted)\n\n"
        "wrk repeats one URL, so after its first request the response cache answers: these\n"
        "are the figures for a state many visitors open (a course's link, an embed). What a\n"
        "state nobody asked for yet costs is the rendered CPU in the next table.\n\n"
        f"floor (constant dict): {s['floor']['rps']} req/s "
        f"(runs {s['floor']['rps_runs']}); naive go.Figure(...).to_json(): "
        f"{s['naive']['rps']} req/s\n"
    )
    rows = [
        [
            r["endpoint"],
            r["state"],
            r["rps"],
            f"{r['p50_ms']:.1f}",
            f"{r['p99_ms']:.1f}",
            f"{r['x_floor']:.2f}",
            f"≥ {r['target_x_floor']}",
            f"{r['x_naive']:.0f}",
            r["result"],
        ]
        for r in s["endpoints"]
    ]
    headers = ["endpoint", "state", "req/s", "p50 ms", "p99 ms", "× floor", "target", "× naive", ""]
    out.append(table(headers, rows))


def _cpu_report(cpu_rows: list[dict[str, Any]], out: list[str]) -> None:
    out.append(
        f"\n## Server CPU per request at the bounds (in process, target ≤ {CPU_MS:g} ms)\n\n"
        "Rendered: the response cache off, every call builds the answer (the target is judged "
        "here). Cached: the same URL again with the cache on.\n"
    )
    out.append(
        table(
            ["endpoint", "rendered median ms", "rendered max ms", "", "cached median ms"],
            [
                [
                    r["endpoint"],
                    r["cpu_ms_median"],
                    r["cpu_ms_max"],
                    r["result"],
                    r["hit_cpu_ms_median"],
                ]
                for r in cpu_rows
            ],
        )
    )


def _memory_report(mem: dict[str, Any], out: list[str]) -> None:
    scaled = (
        f" (scaled down from {mem['requests_wanted']:,} to fit the time budget)"
        if mem["scaled_down"]
        else ""
    )
    out.append(
        "\n## Memory (32 connections over every endpoint, half the URLs new)\n\n"
        f"RSS after 1,000 requests {mem['rss_after_1000_mb']} MB, after "
        f"{mem['requests']:,} requests{scaled} {mem['rss_after_n_mb']} MB: "
        f"{mem['growth'] * 100:+.1f}% (target ≤ +{MEMORY_GROWTH * 100:.0f}%) {mem['result']}"
    )


def _browser_report(b: dict[str, Any] | None, out: list[str]) -> None:
    if b is None:
        out.append("\n## Browser\n\nskipped: no Chromium (apt-get install chromium)")
        return
    out.append(
        "\n## Browser (headless Chromium; ms from navigation to chart drawn, medians; KB as sent)\n"
    )
    rows = [
        [
            p["page"],
            p["cold_ms"],
            p["cold_full_bundle_ms"],
            f"{p['cold_ratio']:.2f} {p['cold_result']}",
            p["warm_ms"],
            f"{p['first_visit_kb']} {p['first_result']}",
            f"{p['repeat_visit_kb']} {p['repeat_result']}",
        ]
        for p in b["pages"]
    ]
    headers = [
        "page",
        "cold",
        "cold, full plotly.js",
        f"ratio (≤ {COLD_RATIO})",
        "warm",
        f"first KB (≤ {FIRST_KB})",
        f"repeat KB (≤ {REPEAT_KB})",
    ]
    out.append(table(headers, rows))
    mv = b["movements"]
    out.append("\n### One movement: main-thread work from input to the next paint (ms)\n")
    names = {
        "output": "output slider on / (SVG moved in place, one update per frame)",
        "naive": "naive full Plotly.react of the loss figure (same page, same run)",
        "drag": "the point dragged on the loss chart (one pointermove)",
        "descent": "descent Step on /descent (one play frame)",
        "target": "target slider on / (latency: fetch of the JSON twin + redraw)",
    }
    rows = [[names[k], mv[k]["median_ms"], mv[k]["p95_ms"], mv[k]["n"]] for k in names if k in mv]
    out.append(table(["movement", "median", "p95", "n"], rows))
    out.append(
        f"\noutput slider p95 {mv['output']['p95_ms']} ms ≤ {FRAME_MS:.1f}: "
        f"{b['slider_frame_result']}; median {b['slider_ratio']:.2f}× the naive react "
        f"(≤ 0.5): {b['slider_ratio_result']}"
    )
    if "drag_ratio" in b:
        out.append(
            f"drag median {b['drag_ratio']:.2f}× the output slider's (≤ {DRAG_RATIO}): "
            f"{b['drag_ratio_result']}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--seconds", type=float, default=3.0, help="wrk seconds per endpoint")
    parser.add_argument("--memory-requests", type=int, default=100_000)
    parser.add_argument("--memory-seconds", type=float, default=60.0, help="time cap, memory part")
    parser.add_argument("--rounds", type=int, default=2, help="browser page loads per page")
    parser.add_argument("--movements", type=int, default=200)
    parser.add_argument(
        "--first-frame-rounds",
        type=int,
        default=first_frame.ROUNDS,
        help="first-frame part: interleaved rounds (medians)",
    )
    parser.add_argument(
        "--throttled-pages",
        default=",".join(first_frame.THROTTLED_PAGES),
        help="first-frame part: pages also visited throttled, comma-separated, or 'all'",
    )
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument(
        "--only",
        choices=PARTS,
        action="append",
        help="run only this part (repeatable); the JSON is written only with --out",
    )
    parser.add_argument("--out", type=Path, default=None, help=f"default {OUT.name}")
    args = parser.parse_args(argv)
    parts = set(args.only or PARTS) - ({"browser"} if args.no_browser else set())
    out = args.out or (OUT if args.only is None else None)
    throttled = (
        first_frame.PAGES
        if args.throttled_pages == "all"
        else [p for p in args.throttled_pages.split(",") if p]
    )
    unknown = sorted(set(throttled) - set(first_frame.PAGES))
    if unknown:
        parser.error(
            f"--throttled-pages: {', '.join(unknown)} not among {', '.join(first_frame.PAGES)}"
        )
    if args.first_frame_rounds < 1:
        parser.error("--first-frame-rounds: at least 1")

    began = time.monotonic()
    results: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
    }
    if parts & {"server", "browser"}:
        with serve("app", "/healthz") as (app_base, _):
            warm(app_base)
            if "server" in parts:
                print("server part ...", file=sys.stderr, flush=True)
                with (
                    serve("bench.refs:floor") as (floor_base, _),
                    serve("bench.refs:naive") as (naive_base, _),
                ):
                    results["server"] = server_part(args.seconds, app_base, floor_base, naive_base)
            if "browser" in parts:
                print("browser part ...", file=sys.stderr, flush=True)
                results["browser"] = browser_part(app_base, args.rounds, args.movements)
    if "cpu" in parts:
        print("cpu part ...", file=sys.stderr, flush=True)
        rows = cpu.cpu_per_request(BOUNDS)
        for row in rows:
            row["result"] = verdict(row["cpu_ms_max"] <= CPU_MS)
        results["cpu"] = rows
    if "memory" in parts:
        print("memory part ...", file=sys.stderr, flush=True)
        results["memory"] = memory_part(args.memory_requests, args.memory_seconds)
    if "images" in parts:
        print("images part ...", file=sys.stderr, flush=True)
        results["images"] = images.images_part()
    if "workers" in parts:
        print("workers part ...", file=sys.stderr, flush=True)
        results["workers"] = workers.workers_part()
    if "compression" in parts:
        print("compression part ...", file=sys.stderr, flush=True)
        results["compression"] = compression.compression_part()
    if "first-frame" in parts:
        print("first-frame part ...", file=sys.stderr, flush=True)
        results["first_frame"] = first_frame.first_frame_part(
            args.first_frame_rounds, throttled, args.movements
        )
    results["elapsed_s"] = round(time.monotonic() - began, 1)
    results["load_average_at_end"] = Path("/proc/loadavg").read_text().split()[:3]

    text = report(results)
    print(text)
    print(f"\n(bench took {results['elapsed_s']} s; JSON in {out or 'nowhere: pass --out'})")
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
