"""`sse-explainer --workers N`: N server processes under uvicorn's supervisor; a worker killed
with SIGKILL is replaced and the server keeps answering; SIGTERM drains them all and exits 0.
Each worker applies app.allocator's settings (SSE_TUNE, set by the command)."""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import main
from app.config import Settings
from tests.serving import free_port

ROOT = Path(__file__).resolve().parents[1]


def _get(port: int, target: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", target)
        answer = conn.getresponse()
        answer.read()
        return answer.status
    finally:
        conn.close()


def _up(port: int) -> bool:
    try:
        return _get(port, "/healthz") == 200
    except OSError:  # the workers are still starting
        return False


def _children(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(stat.parent.name))
        except (OSError, ValueError):
            continue
    return found


def _workers(pid: int) -> set[int]:
    """The supervisor's worker processes (uvicorn spawns them; multiprocessing adds a
    resource tracker, which is not one)."""
    workers = set()
    for child in _children(pid):
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"multiprocessing.spawn" in command or b"spawn_main" in command:
            workers.add(child)
    return workers


def _wait(condition: object, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)  # polling other processes: there is no event to wait on


@pytest.fixture
def two_workers() -> Iterator[tuple[subprocess.Popen[str], int]]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", "--port", str(port), "--workers", "2"],
        cwd=ROOT,
        env={**os.environ, "PYTHONUNBUFFERED": "1", "SSE_ACCESS_LOG": "0"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert proc.stdout is not None
    for line in proc.stdout:  # no sleeping: wait for the supervisor's line
        if "Started parent process" in line:
            break
    yield proc, port
    if proc.poll() is None:
        proc.kill()
        proc.wait(10)
    proc.stdout.close()


def test_two_workers_replace_a_killed_one_and_drain_on_sigterm(
    two_workers: tuple[subprocess.Popen[str], int],
) -> None:
    proc, port = two_workers
    _wait(lambda: len(_workers(proc.pid)) == 2)
    _wait(lambda: _up(port))
    first = _workers(proc.pid)
    assert all(_get(port, f"/?o={k / 10}") == 200 for k in range(20))
    killed = min(first)
    os.kill(killed, signal.SIGKILL)
    started = time.monotonic()
    # the supervisor notices within a health-check round and starts another
    _wait(lambda: len(_workers(proc.pid) - {killed}) == 2)
    replaced_after = time.monotonic() - started
    assert replaced_after < 15
    assert all(_get(port, f"/samples?n={k + 1}&seed=3") == 200 for k in range(20))
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 0
    assert proc.stdout is not None
    log = proc.stdout.read()
    assert "Traceback" not in log
    assert f"Child process [{killed}] died" in log


def test_workers_setting_and_its_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert Settings(workers="auto").worker_count() == (os.cpu_count() or 1)
    assert Settings(workers=3).worker_count() == 3
    with pytest.raises(SystemExit):
        main(["--workers", "0"])
    assert "a number of processes from 1, or auto" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--workers", "2", "--reload"])
    assert "cannot be used with --workers" in capsys.readouterr().err
