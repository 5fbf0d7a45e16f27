"""Vendored third-party files: pinned versions, licences beside them, served from /static."""

from __future__ import annotations

import re
from pathlib import Path

import orjson
import pytest
from fastapi.testclient import TestClient

from app.resources import resource_dir
from app.templating import PLOTLY_CARTESIAN_JS, PLOTLY_JS, static_url

VENDOR = resource_dir("static") / "vendor"


@pytest.mark.parametrize(
    ("bundle", "traces"), [(PLOTLY_JS, "bar"), (PLOTLY_CARTESIAN_JS, "contour")]
)
def test_plotly_bundles_name_their_version_and_licences(bundle: str, traces: str) -> None:
    path = resource_dir("static") / bundle
    version = re.search(r"plotly-sse-\w+-(\d+\.\d+\.\d+)\.min\.js$", path.name)
    assert version is not None
    head = path.read_text(encoding="utf-8")[:400]
    assert f"plotly.js v{version.group(1)} (MIT" in head
    assert traces in head and "scripts/build-plotly" in head
    licence = VENDOR / f"plotly.js-{version.group(1)}.LICENSE.txt"
    assert "MIT" in licence.read_text()
    assert f"plotly-sse-{version.group(1)}.THIRD-PARTY.txt" in head


def test_every_bundled_package_has_its_licence_and_exact_version() -> None:
    build = orjson.loads((VENDOR / "plotly-sse-4.1.1.BUILD.json").read_bytes())
    assert build["packages"]["plotly.js"] == "4.1.1"
    notices = (VENDOR / "plotly-sse-4.1.1.THIRD-PARTY.txt").read_text()
    for name, version in build["packages"].items():
        assert f"\n{name} {version} (" in notices
    built = {b["file"]: b["bytes"] for b in build["bundles"]}
    for bundle in (PLOTLY_JS, PLOTLY_CARTESIAN_JS):
        path = resource_dir("static") / bundle
        assert built[path.name] == path.stat().st_size  # the file is the recorded build


def test_swagger_ui_is_vendored_with_its_licence() -> None:
    folder = VENDOR / "swagger-ui-5.35.0"
    assert "Apache License" in (folder / "LICENSE").read_text()
    assert (folder / "swagger-ui-bundle.js").stat().st_size > 100_000


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/static/" + PLOTLY_JS, "javascript"),
        ("/static/js/explainer.js", "javascript"),
        ("/static/css/site.css", "text/css"),
        ("/static/favicon.svg", "image/svg+xml"),
    ],
)
def test_static_files_are_served(client: TestClient, path: str, kind: str) -> None:
    r = client.get(path)
    assert r.status_code == 200
    assert kind in r.headers["content-type"]


def test_docs_load_nothing_from_outside(client: TestClient) -> None:
    text = client.get("/docs").text
    assert static_url("vendor/swagger-ui-5.35.0/swagger-ui-bundle.js") in text
    assert not re.search(r"""(?:src|href)=["']?https?://""", text)
    assert '"validatorUrl": null' in text


def test_the_partial_plotly_builds_register_every_trace_type_our_figures_use() -> None:
    figures = Path(__file__).resolve().parent.parent / "app" / "figures"
    used = {
        kind
        for path in figures.glob("*.py")
        for kind in re.findall(r'"type": "(\w+)"', path.read_text(encoding="utf-8"))
    }
    assert used >= {"scatter", "bar", "contour"}
    entries = Path(__file__).resolve().parent.parent / "scripts" / "plotly"

    def registered(entry: str) -> set[str]:
        text = (entries / entry).read_text(encoding="utf-8")
        return {"scatter"} | set(re.findall(r'require\("plotly\.js/lib/(\w+)"\)', text)) - {"core"}

    assert used <= registered("entry-contour.js")
    assert used - {"contour"} <= registered("entry-basic.js")
