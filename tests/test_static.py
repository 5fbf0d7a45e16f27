"""Vendored third-party files: pinned versions, licences beside them, served from /static."""

from __future__ import annotations

import gzip
import re
import zlib
from pathlib import Path
from typing import Any

import brotli
import orjson
import pytest
from fastapi.testclient import TestClient
from servestatic.compress import Compressor

from app import middleware, precompressed
from app.assets import IMMUTABLE, PLOTLY_CARTESIAN_JS, PLOTLY_JS, REVALIDATE, asset_path, manifest
from app.config import Settings
from app.main import create_app
from app.resources import resource_dir
from app.templating import static_url
from tests import aio

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
        ("/static/js/single.js", "javascript"),
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


def _raw_get(tc: TestClient, path: str, headers: dict[str, str]) -> tuple[Any, bytes]:
    with tc.stream("GET", path, headers=headers) as r:
        raw = b"".join(r.iter_raw())
    coding = r.headers.get("content-encoding")
    body = (
        brotli.decompress(raw)
        if coding == "br"
        else gzip.decompress(raw)
        if coding == "gzip"
        else raw
    )
    return r, bytes(body)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A compressed tree of its own (the first build of a release), shared by this module."""
    folder = tmp_path_factory.mktemp("static-cache")
    precompressed.build(folder)
    return folder


def test_the_compressed_tree_is_built_once_per_release(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tree,) = built.glob("static-*")
    assert tree.name == f"static-{precompressed.tree_digest()}"
    for plain, hashed in manifest().items():
        source = resource_dir("static") / plain
        assert (tree / plain).read_bytes() == (tree / hashed).read_bytes() == source.read_bytes()
        if source.stat().st_size > 10_000 and not plain.endswith((".png", ".woff2")):
            assert gzip.decompress((tree / f"{plain}.gz").read_bytes()) == source.read_bytes()
            assert brotli.decompress((tree / f"{hashed}.br").read_bytes()) == source.read_bytes()
    calls: list[str] = []
    monkeypatch.setattr(Compressor, "compress", lambda self, path: calls.append(path) or [])
    assert precompressed.build(built) == tree
    assert calls == []  # found, not built again


def _refuse(*_args: object, **_kwargs: object) -> bytes:
    raise AssertionError("a static request compressed something")


def test_no_static_request_compresses_anything(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unique queries, If-Modified-Since, Range, HEAD: every answer is stored bytes. (Before,
    each cache miss gzipped the file at level 9 on the event loop.)"""
    with TestClient(create_app(Settings(static_cache=str(built)))) as tc:
        monkeypatch.setattr(gzip, "compress", _refuse)
        monkeypatch.setattr(brotli, "compress", _refuse)
        monkeypatch.setattr(zlib, "compressobj", _refuse)
        monkeypatch.setattr(middleware, "gzip_fast", _refuse)
        vendored = [p for p in manifest() if p.startswith("vendor/") and p.endswith(".js")]
        assert len(vendored) >= 3
        for n, plain in enumerate(vendored):
            source = (resource_dir("static") / plain).read_bytes()
            for headers in (
                {"Accept-Encoding": "gzip, deflate, br"},
                {"Accept-Encoding": "gzip"},
                {"Accept-Encoding": "gzip", "If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"},
            ):
                r, body = _raw_get(tc, f"/static/{plain}?u={n}", headers)
                assert r.status_code == 200 and body == source
            r, body = _raw_get(
                tc, f"/static/{plain}", {"Range": "bytes=10-19", "Accept-Encoding": "identity"}
            )
            assert r.status_code == 206 and body == source[10:20]
            assert tc.head(f"/static/{plain}").status_code == 200


@pytest.fixture(scope="module")
def static_client(built: Path) -> Any:
    with TestClient(create_app(Settings(static_cache=str(built)))) as tc:
        yield tc


@pytest.mark.parametrize("asset", ["js/sse.js", PLOTLY_JS, "css/site.css"])
@pytest.mark.parametrize(
    ("accept", "coding"),
    [("gzip, deflate, br", "br"), ("br", "br"), ("br;q=0, gzip", "gzip"), ("gzip", "gzip"),
     ("gzip;q=0", None), ("identity", None), ("", None)],
)  # fmt: skip
def test_static_files_come_in_the_best_coding_the_client_takes(
    static_client: TestClient, asset: str, accept: str, coding: str | None
) -> None:
    """The stored .br (quality 11) and .gz twins of the hashed names: plotly.js, site.css."""
    r, body = _raw_get(static_client, f"/static/{asset_path(asset)}", {"Accept-Encoding": accept})
    assert r.status_code == 200
    assert r.headers.get("content-encoding") == coding
    assert body == (resource_dir("static") / asset).read_bytes()
    assert "Accept-Encoding" in r.headers["vary"]
    assert r.headers["cache-control"] == IMMUTABLE
    assert "default-src 'self'" in r.headers["content-security-policy"]


def test_plain_names_revalidate_and_unknown_names_are_404(built: Path) -> None:
    with TestClient(create_app(Settings(static_cache=str(built)))) as tc:
        r = tc.get("/static/embed.js")
        assert r.status_code == 200 and r.headers["cache-control"] == REVALIDATE
        assert (
            tc.get("/static/embed.js", headers={"If-None-Match": r.headers["etag"]}).status_code
            == 304
        )
        for missing in ("/static/nope.js", "/static/.complete", "/static/../app/main.py",
                        "/static/js/sse.js.gz"):  # fmt: skip
            assert tc.get(missing).status_code == 404, missing


def test_static_bodies_go_out_in_blocks_of_our_size(built: Path) -> None:
    """app.precompressed sets servestatic's FileServerASGI.block_size: if servestatic stops
    reading that attribute, the chunks fall back to its own size and this fails."""
    tree = precompressed.StaticTree(built)
    layer = precompressed.PrecompressedStatic(_no_app, tree)
    plain = PLOTLY_JS
    size = (resource_dir("static") / plain).stat().st_size
    bodies: list[int] = []

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.body":
            bodies.append(len(message.get("body", b"")))

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    scope = {"type": "http", "method": "GET", "path": f"/static/{plain}", "query_string": b"",
             "headers": [(b"accept-encoding", b"identity")]}  # fmt: skip
    aio.run(layer(scope, receive, send))
    assert sum(bodies) == size
    assert max(bodies) == precompressed.BLOCK_SIZE
    assert len([b for b in bodies if b]) == -(-size // precompressed.BLOCK_SIZE)


async def _no_app(scope: Any, receive: Any, send: Any) -> None:
    raise AssertionError("a static file was passed on")
