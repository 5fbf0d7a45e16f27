"""Vendored third-party files: pinned versions, licences beside them, served from /static."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from app.resources import resource_dir
from app.templating import PLOTLY_JS, static_url

VENDOR = resource_dir("static") / "vendor"


def test_plotly_bundle_version_header_matches_its_file_name() -> None:
    path = resource_dir("static") / PLOTLY_JS
    version = re.search(r"plotly-basic-(\d+\.\d+\.\d+)\.min\.js$", path.name)
    assert version is not None
    head = path.read_text(encoding="utf-8")[:300]
    assert f"plotly.js (basic - minified) v{version.group(1)}" in head
    assert "Licensed under the MIT license" in head
    licence = VENDOR / f"plotly.js-{version.group(1)}.LICENSE.txt"
    assert "MIT" in licence.read_text()


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
