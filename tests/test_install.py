"""A plain `pip install .` works from any directory: templates and static files travel along."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.serving import free_port

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The project built as a wheel and installed into a fresh folder (dependencies reused)."""
    tmp = tmp_path_factory.mktemp("install")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(tmp / "dist"), str(ROOT)],
        check=True,
    )
    wheel = next((tmp / "dist").glob("sse_explainer-*.whl"))
    subprocess.run(
        [*pip, "install", "--no-deps", "--target", str(tmp / "site"), str(wheel)], check=True
    )
    yield tmp


def test_wheel_carries_templates_and_static(installed: Path) -> None:
    wheel = next((installed / "dist").glob("*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "app/templates/single.html" in names
    assert "app/static/vendor/plotly-sse-basic-4.1.1.min.js" in names
    assert "app/static/js/single.js" in names


def test_console_script_serves_from_the_root_directory(installed: Path) -> None:
    site = installed / "site"
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(site)}
    proc = subprocess.Popen(
        [str(site / "bin" / "sse-explainer"), "--port", str(port)],
        cwd="/",
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert f"serving on http://127.0.0.1:{port}" in first
        for line in proc.stdout:  # wait for uvicorn's own "started" line, no sleeping
            if "Uvicorn running on" in line:  # printed once the socket listens
                break
        base = f"http://127.0.0.1:{port}"
        with urllib.request.urlopen(f"{base}/?t=1&o=0.3&lr=0.5", timeout=10) as r:
            page = r.read().decode()
        assert "0.245" in page and "−0.70" in page
        with urllib.request.urlopen(f"{base}/static/vendor/plotly-sse-basic-4.1.1.min.js") as r:
            assert r.status == 200
        code = "import app, sys; print(app.__file__)"
        where = subprocess.run(
            [sys.executable, "-c", code], cwd="/", env=env, capture_output=True, text=True
        )
        assert where.stdout.startswith(str(site)), where.stdout
    finally:
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=10)
        if proc.stdout:
            proc.stdout.close()
    assert code == 0


def test_python_dash_m_app_help() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "app", "--help"], capture_output=True, text=True, check=True
    )
    for flag in ("--host", "--port", "--reload", "--proxy-headers"):
        assert flag in out.stdout
