"""`sse-explainer export OUTDIR`: every page and embed as static files that work from file://.

Pages are rendered by the app itself, in process (no server, no network), with
`request.state.static_export` set so the templates leave out what needs a server (share panel,
oEmbed link, API links) and mark the page; static/js/core/url.js then switches off the
controls that would need the server. Links and asset paths are rewritten to relative file paths.
"""

from __future__ import annotations

import asyncio
import re
import shutil
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

from app.assets import plain_names
from app.nav import NAV
from app.pages.charts import EMBEDS
from app.pages.registry import LESSONS, Lesson
from app.resources import resource_dir

# vendored files the pages load; Swagger UI (for /docs, which needs the server) stays out
STATIC_SKIP = ("vendor/swagger-ui",)
_STATIC_URL = re.compile(r'"/static/([^"]+)"')


def page_file(path: str) -> str:
    """Where a site path lands in the export: "/" -> index.html, "/samples" -> samples.html."""
    name = path.strip("/") or "index"
    return f"{name}.html"


OFFLINE = {"static_export": True}  # the templates leave out what needs a server


async def asgi_get(
    app: Any,
    path: str,
    query: str,
    headers: list[tuple[bytes, bytes]] | None = None,
    state: dict[str, Any] | None = None,
) -> tuple[int, bytes]:
    """One GET through the ASGI app, in process (the export's pages; bench/cpu.py's calls)."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": query.encode(),
        "headers": headers or [(b"host", b"localhost")],
        "client": ("127.0.0.1", 0),
        "server": ("localhost", 80),
        "state": dict(state or {}),  # a copy: the app may write into it
    }
    status = 500
    body = bytearray()
    sent = False

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            body.extend(message.get("body", b""))

    await app(scope, receive, send)
    return status, bytes(body)


def relink(html: str, depth: int, exported: set[str]) -> str:
    """Make a rendered page work from disk: relative assets, page links to .html files.

    Links to pages that are not in this export lose their href (inert text, not a dead link).
    """
    up = "../" * depth
    # an export copies static/ under the plain names (a file:// page has no HTTP cache to bust)
    names = plain_names()
    html = _STATIC_URL.sub(lambda m: f'"/static/{names.get(m[1], m[1])}"', html)
    html = html.replace('"/static/', f'"{up}static/')
    # the JSON twin needs the server; an offline copy carries its data in the page
    html = re.sub(r'<link rel="alternate" type="application/json" [^>]*>\s*', "", html)
    for item in NAV:
        link = re.compile(rf'href="{re.escape(item.path)}(\?[^"]*)?"')
        if item.path in exported:
            html = link.sub(f'href="{up}{page_file(item.path)}"', html)
        else:
            html = link.sub('aria-disabled="true"', html)
    return html


NOT_TAKEN = "not a parameter of this page"
ONE_NUMBER = "one number, and this page takes a list"
RISES = "the descent step would raise the loss here"


def _step_rises(state: dict[str, Any]) -> bool:
    result = state.get("result")
    step = result.get("step") if isinstance(result, dict) else None
    return isinstance(step, dict) and step.get("loss", 0) > result.get("loss", 0)  # type: ignore[union-attr]


def params_for(lesson: Lesson, params: Mapping[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """The parameters of `params` that `lesson` takes and that make a valid state for it, and
    why each other one was left out (so `t=1 o=0.3 lr=0.5` sets the one-output page, not the
    lists of the samples page, nor a weights page whose step would make its loss rise).

    >>> from app.pages.registry import LESSONS
    >>> params_for(LESSONS[1], {"t": "1", "o": "0.3", "lang": "es"})[0]
    {'lang': 'es'}
    """
    taken: dict[str, str] = {}
    defaults = lesson.build({})["query"]
    left: dict[str, str] = {}
    for name, value in params.items():
        if name != "lang" and name not in defaults:
            left[name] = NOT_TAKEN
        elif isinstance(defaults.get(name), list) and "," not in value:
            left[name] = ONE_NUMBER
        else:
            taken[name] = value
    while True:  # drop what the page refuses, until what is left builds a clean state
        state = lesson.build(taken)
        refused = {k: v for k, v in state["errors"].items() if k in taken}
        if not refused and "lr" in taken and _step_rises(state):
            refused = {"lr": RISES}
        if not refused:
            return taken, left
        for name, reason in refused.items():
            left[name] = reason
            del taken[name]


def plan(lessons: Sequence[str] | None) -> list[tuple[str, str]]:
    """(site path, file) for every page and embed to write, in order."""
    keys = set(lessons) if lessons else None
    pages = [(item.path, page_file(item.path)) for item in NAV if keys is None or item.key in keys]
    page_paths = {path for path, _ in pages}
    embeds = [
        (f"/embed/{name}", f"embed/{name}.html")
        for name, spec in EMBEDS.items()
        if spec.page in page_paths
    ]
    return pages + embeds


def export(
    outdir: Path,
    lessons: Sequence[str] | None = None,
    params: Mapping[str, str] | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    left_out: Callable[[str, dict[str, str]], None] | None = None,
    images: bool = False,
) -> list[Path]:
    """Write the static site into outdir and return the files written (pages, images, then
    assets).

    Each lesson takes only the parameters it can use (`params_for`); `left_out(lesson, {name:
    why})` hears of the others. `images`: every exported chart also as embed/<chart>.svg and
    .png (2x) of the same state, drawn by Plotly's static export (needs Chromium)."""
    from app.main import create_app

    app = create_app()
    outdir.mkdir(parents=True, exist_ok=True)
    queries: dict[str, str] = {}  # page path -> the query its pages and embeds are written with
    for lesson in LESSONS:
        taken, left = params_for(lesson, params or {})
        queries[lesson.path] = urlencode(taken)
        if left and left_out and (lessons is None or lesson.key in lessons):
            left_out(lesson.key, left)
    todo = plan(lessons)
    exported = {path for path, _ in todo if not path.startswith("/embed/")}
    written: list[Path] = []
    charts = [path.removeprefix("/embed/") for path, _ in todo if path.startswith("/embed/")]
    drawing = [(chart, fmt) for chart in charts for fmt in IMAGE_FORMATS] if images else []
    total = len(todo) + len(drawing) + 1
    for done, (path, file) in enumerate(todo):
        if progress:
            progress(done, total, file)
        page = EMBEDS[path.removeprefix("/embed/")].page if path.startswith("/embed/") else path
        status, body = asyncio.run(
            asgi_get(app, path, queries[page], state={"static_export": True})
        )
        if status == 404:
            exported.discard(path)  # a lesson page not built yet
            continue
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")
        target = outdir / file
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(relink(body.decode(), file.count("/"), exported), encoding="utf-8")
        written.append(target)
    if drawing:
        written += _images(app, outdir, drawing, queries, len(todo), total, progress)
    if progress:
        progress(total - 1, total, "static/")
    static = resource_dir("static")
    shutil.copytree(
        static,
        outdir / "static",
        dirs_exist_ok=True,
        ignore=lambda folder, names: [
            n for n in names if any(skip in f"{folder}/{n}" for skip in STATIC_SKIP)
        ],
    )
    written.append(outdir / "static")
    if progress:
        progress(total, total, "done")
    return written


IMAGE_FORMATS = (("svg", ""), ("png", "scale=2"))  # what --images writes of each chart


def _images(
    app: Any,
    outdir: Path,
    drawing: Sequence[tuple[str, tuple[str, str]]],
    queries: Mapping[str, str],
    done: int,
    total: int,
    progress: Callable[[int, int, str], None] | None,
) -> list[Path]:
    """Each chart's images of its page's exported state, drawn one after another by the app's
    own renderer (one Chromium for them all)."""
    from app.i18n import use
    from app.pages.images import drawn, image_of

    async def draw_all() -> list[Path]:
        files: list[Path] = []
        try:
            for k, (chart, (fmt, look)) in enumerate(drawing):
                file = f"embed/{chart}.{fmt}"
                if progress:
                    progress(done + k, total, file)
                query = "&".join(q for q in (queries[EMBEDS[chart].page], look) if q)
                params = dict(parse_qsl(query))
                with use(params.get("lang", "en")):  # the words of the exported pages
                    made = image_of(chart, params)
                if isinstance(made, dict):
                    raise RuntimeError(f"{file}: {made}")
                target = outdir / file
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(await drawn(app.state.renderer, made, fmt))  # type: ignore[arg-type]
                files.append(target)
        finally:
            app.state.renderer.stop()
        return files

    return asyncio.run(draw_all())


def progress_bar(done: int, total: int, label: str) -> None:
    """A one-line progress bar on stderr (one line per step when not a terminal)."""
    width = 28
    filled = round(width * done / total) if total else width
    bar = "█" * filled + "░" * (width - filled)
    line = f"[{bar}] {done}/{total} {label}"
    if sys.stderr.isatty():
        end = "\n" if done == total else ""
        sys.stderr.write("\r\x1b[2K" + line + end)
    else:
        sys.stderr.write(line + "\n")
    sys.stderr.flush()
