"""Load one URL with wrk for a few seconds on loopback; parse requests/s and latency percentiles."""

from __future__ import annotations

import re
import secrets
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

CONNECTIONS = 32
# round robin over the listed paths; with FRESH > 0 every other request carries a query
# parameter no request carried before (the app ignores unknown parameters), so the response
# cache cannot answer it
ROTATE_LUA = """
paths = {}
for line in io.lines("%(listing)s") do paths[#paths + 1] = line end
i, n = 0, 0
request = function()
  i = i %% #paths + 1
  n = n + 1
  local path = paths[i]
  if %(fresh)d > 0 and n %% 2 == 0 then
    local sep = string.find(path, "?", 1, true) and "&" or "?"
    path = path .. sep .. "fresh=%(run)s-" .. n
  end
  return wrk.format("GET", path, {["Accept-Encoding"] = "gzip"})
end
"""


@dataclass(frozen=True)
class Load:
    """One wrk run: requests/s, p50 and p99 latency in ms, requests done and non-2xx/3xx count."""

    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int


def wrk_path() -> str:
    """wrk, or an error saying how to get it (scripts/bench installs it)."""
    found = shutil.which("wrk")
    if not found:
        raise SystemExit(
            "wrk is missing: run scripts/bench (installs it as root) or apt-get install wrk"
        )
    return found


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def parse(output: str) -> Load:
    """Read wrk --latency output."""
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))  # type: ignore[union-attr]
    done = int(re.search(r"(\d+) requests in", output).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = int(bad.group(1)) if bad else 0
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return Load(rps, p50, p99, done, errors)


def wrk(url: str, seconds: float, connections: int = CONNECTIONS) -> Load:
    """Load `url` (with Accept-Encoding: gzip, like a browser) for `seconds` on one wrk thread."""
    command = [
        wrk_path(),
        "-t1",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--latency",
        "--timeout",
        "5s",
    ]
    command += ["-H", "Accept-Encoding: gzip", url]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return parse(out)


def wrk_rotating(base: str, paths: list[str], seconds: float, *, fresh: bool = False) -> Load:
    """Load every path in turn (one request each, round robin) for `seconds`; with `fresh`,
    every other request is a URL never asked for before."""
    with tempfile.TemporaryDirectory() as folder:
        listing = Path(folder) / "paths.txt"
        listing.write_text("\n".join(paths) + "\n")
        script = Path(folder) / "rotate.lua"
        run = secrets.token_hex(4)
        fields = {"listing": listing, "fresh": int(fresh), "run": run}
        script.write_text(ROTATE_LUA % fields)
        command = [
            wrk_path(),
            "-t1",
            f"-c{CONNECTIONS}",
            f"-d{max(1, round(seconds))}s",
            "--latency",
        ]
        command += ["--timeout", "5s", "-s", str(script), base]
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return parse(out)


def fresh_path(path: str, tag: str) -> str:
    """`path` with a query parameter the app ignores, so no cache has its answer."""
    return f"{path}{'&' if '?' in path else '?'}fresh={tag}"


def first_requests(base: str, paths: list[str], count: int = 1000) -> int:
    """`count` requests over CONNECTIONS connections, round robin over `paths`, every other one
    new (as wrk_rotating with `fresh`): wrk cannot stop after a number of requests."""
    import asyncio

    import httpx2

    async def run() -> None:
        limits = httpx2.Limits(max_connections=CONNECTIONS)
        headers = {"Accept-Encoding": "gzip"}
        async with httpx2.AsyncClient(
            base_url=base, limits=limits, timeout=30, headers=headers
        ) as http:
            numbers = iter(range(count))

            async def worker() -> None:
                for i in numbers:
                    path = paths[i % len(paths)]
                    if i % 2:
                        path = fresh_path(path, f"first-{i}")
                    answer = await http.get(path)
                    await answer.aread()

            await asyncio.gather(*(worker() for _ in range(CONNECTIONS)))

    asyncio.run(run())
    return count
