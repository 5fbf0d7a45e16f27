"""Every page is valid HTML: the Nu Html Checker (vnu-jar from npm, on the machine's Java),
errors only, over each lesson page in English and Spanish, with bad input, every embed and the
error pages."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from fastapi.testclient import TestClient

from app.nav import NAV
from app.pages.charts import EMBEDS
from tests.conftest import missing_tool

VNU = Path(__file__).resolve().parent.parent / "node_modules" / "vnu-jar" / "build" / "dist"


def _checker() -> list[str]:
    jar = VNU / "vnu.jar"
    java = shutil.which("java")
    if java is None or not jar.exists():
        message = "the Nu Html Checker needs java and node_modules (scripts/bootstrap --test)"
        missing_tool(message)
    return [java, "-Xss8m", "-jar", str(jar), "--errors-only", "--format", "json"]


def _urls() -> list[str]:
    urls = [item.path for item in NAV]
    urls += [f"{item.path}?lang=es" for item in NAV]
    urls += ["/?t=abc&o=nan&lr=0", "/samples?t=1,2&o=1", "/exercise?kind=single&seed=7"]
    urls += [f"/embed/{name}" for name in EMBEDS]
    urls += ["/embed/loss?controls=t,o,lr&theme=dark&height=300"]
    # an instructor's own question answered, a set, and the exercise alone for an iframe
    urls += ["/exercise?t=1&o=0.3&lr=0.5&sign=negative&move=increase", "/exercise?seeds=1,2"]
    urls += ["/embed/exercise?t=1&o=0.3&theme=dark", "/embed/exercise?seeds=1,2&lang=es"]
    return urls


ERROR_PAGES = {"/nope": 404, "/nope?lang=es": 404, "/embed/nope": 404}


def test_every_page_is_valid_html(client: TestClient, tmp_path: Path) -> None:
    files = []
    wanted = {url: 200 for url in _urls()} | ERROR_PAGES
    for n, (url, status) in enumerate(wanted.items()):
        r = client.get(url)
        assert r.status_code == status, url
        path = tmp_path / f"{n:03d}.html"
        path.write_bytes(r.content)
        files.append((url, path))
    done = subprocess.run(
        [*_checker(), *(str(path) for _url, path in files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    names = {f"file:{path}": url for url, path in files}  # how vnu names a file
    messages = json.loads(done.stderr or '{"messages": []}')["messages"]
    errors = [
        f"{names.get(m.get('url'), m.get('url'))}:{m.get('lastLine')}: {m.get('message')}"
        for m in messages
        if m.get("type") == "error" or m.get("subType") == "fatal"
    ]
    assert errors == [], "\n".join(errors[:40])
