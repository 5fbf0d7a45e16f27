"""Start uvicorn servers on free loopback ports (one worker each) and read their memory."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve(
    target: str, probe: str = "/", env: dict[str, str] | None = None, root: Path = ROOT
) -> Iterator[tuple[str, int]]:
    """Run `uvicorn target` in a child process; yield (base URL, pid); stop it afterwards.

    `target` "app" is the app as users run it (`python -m app`, the `sse-explainer` command:
    one worker, its allocator settings, its access log, which goes to /dev/null here). `env`:
    settings for the server on top of this process's environment. `root`: the source tree it
    runs from (its working folder and PYTHONPATH; another checkout's `app` with this venv).
    """
    port = free_port()
    if target == "app":
        command = [sys.executable, "-m", "app", "--port", str(port)]
        quiet = subprocess.DEVNULL
    else:
        command = [sys.executable, "-m", "uvicorn", target, "--host", "127.0.0.1"]
        command += ["--port", str(port), "--log-level", "warning", "--no-access-log"]
        command += ["--workers", "1", "--timeout-keep-alive", "30"]
        quiet = None
    environ = {**os.environ, **(env or {}), "PYTHONPATH": str(root)}
    child = subprocess.Popen(command, cwd=root, env=environ, stdout=quiet, stderr=quiet)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(base + probe, timeout=1) as answer:
                    answer.read()
                break
            except OSError:
                if child.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{target} did not start") from None
                time.sleep(0.05)  # the server is starting: poll until it answers
        yield base, child.pid
    finally:
        stop(child)


def stop(child: subprocess.Popen[Any]) -> None:
    """SIGTERM by its own PID; SIGKILL if it has not exited within 10 s."""
    if child.poll() is None:
        child.terminate()
        try:
            child.wait(10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


class Served:
    """A `python -m app` child process: its port, pid and every line it printed so far."""

    def __init__(self, proc: subprocess.Popen[str], port: int, lines: list[str]) -> None:
        self.proc = proc
        self.port = port
        self.pid = proc.pid
        self.lines = lines

    @property
    def base(self) -> str:
        """http://127.0.0.1:PORT"""
        return f"http://127.0.0.1:{self.port}"


@contextmanager
def served_app(*args: str, env: dict[str, str] | None = None) -> Iterator[Served]:
    """`python -m app --port P [args]` from the worktree with `env` added; its output is read
    by a thread into `Served.lines` (an access log fills a pipe otherwise). Stopped with
    SIGTERM by its own PID afterwards (killed if it has not exited within 10 s)."""
    import threading

    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", "--port", str(port), *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    ready = threading.Event()

    def drain() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line.rstrip("\n"))
            if "Uvicorn running on" in line:
                ready.set()
        ready.set()  # the process ended

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        if not ready.wait(30) or proc.poll() is not None:
            raise RuntimeError("the server did not start:\n" + "\n".join(lines))
        yield Served(proc, port, lines)
    finally:
        stop(proc)
        reader.join(5)
        assert proc.stdout is not None
        proc.stdout.close()
