"""Static files compressed once, gzip and brotli, and served as stored bytes by servestatic.

Static files never change while a release runs, so each is compressed once per content: the
first process to need a tree writes a copy of `static/` (every file under its plain and its
hashed name, app.assets) with a `.gz` (zlib level 9) and a `.br` (brotli quality 11) beside
each compressible file, into a folder named by the hash of the whole tree. Every later process
of the same release finds that folder and compresses nothing; the Docker image writes it at
build time. Serving is servestatic's (WhiteNoise's ASGI successor): it picks the coding by
Accept-Encoding with `Vary`, answers HEAD, Range, If-None-Match and If-Modified-Since, and
streams from the file, so no request compresses anything and nothing large is kept in memory.

Before this, static files were gzipped per cache miss on the event loop (300 concurrent
first requests ran 300 compressions; README, "Reliability and security").
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from servestatic import ServeStaticASGI
from servestatic.asgi import FileServerASGI
from servestatic.compress import Compressor
from starlette.types import ASGIApp, Receive, Scope, Send

from app.assets import IMMUTABLE, REVALIDATE, manifest, plain_names
from app.resources import resource_dir

PREFIX = "/static/"
# written last into a finished tree: a folder without it is a build that did not finish
_DONE = ".complete"
# bytes read (on a thread) and sent per chunk, set on servestatic's FileServerASGI (a public
# attribute; tests/test_static.py fails if it stops being read). Its default of 8 KiB costs a
# thread hop per 8 KiB; larger chunks sit in every slow client's send buffer. bench/probe.py
# measured 300 concurrent answers of plotly.js at 8, 32, 64 and 256 KiB (README, Reliability)
BLOCK_SIZE = 32 * 1024
# files too small to be worth a compressed twin (servestatic also skips ones that do not shrink)
_MIN_SIZE = 256


def tree_digest() -> str:
    """A hash of every static file's name and content (what the compressed tree is built from).

    Changes whenever any file does, so a folder of that name is never stale.
    """
    h = hashlib.sha256()
    for plain, hashed in sorted(manifest().items()):
        h.update(f"{plain}\0{hashed}\n".encode())
    return h.hexdigest()[:16]


def default_cache_dir() -> Path:
    """Where compressed trees are kept when `SSE_STATIC_CACHE` is not set: the user's cache
    folder (`$XDG_CACHE_HOME` or `~/.cache`) if it can be written, else the temp folder."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    try:
        os.makedirs(base, exist_ok=True)
        if os.access(base, os.W_OK):
            return Path(base) / "sse-explainer"
    except OSError:
        pass
    return Path(tempfile.gettempdir()) / "sse-explainer"


def build(cache_dir: Path, log: Callable[[str], None] | None = None) -> Path:
    """The compressed tree of this release's static files under `cache_dir`, written now if
    no process wrote it before. Safe when several processes start at once: each writes its
    own temporary folder and renames it; the first rename wins, the others are dropped."""
    target = cache_dir / f"static-{tree_digest()}"
    if (target / _DONE).exists():
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    source = resource_dir("static")
    work = Path(tempfile.mkdtemp(prefix=".building-", dir=cache_dir))
    work.chmod(0o755)  # mkdtemp's 0700 would hide the tree from a server run as another user
    try:
        compressor = Compressor(use_zstd=False, log=log or (lambda _line: None), quiet=log is None)
        originals = []
        for plain in manifest():
            path = work / plain
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source / plain, path)
            originals.append(path)

        def compress(path: Path) -> None:
            if path.stat().st_size >= _MIN_SIZE and compressor.should_compress(path.name):
                compressor.compress(path)

        # zlib and brotli release the GIL: both cores work
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            list(pool.map(compress, originals))
        # the hashed names are links to the same files, compressed twins included
        for plain, hashed in manifest().items():
            for suffix in ("", ".gz", ".br"):
                if (work / (plain + suffix)).exists():
                    os.link(work / (plain + suffix), work / (hashed + suffix))
        (work / _DONE).write_text(tree_digest() + "\n")
        try:
            os.rename(work, target)
        except OSError:
            if not (target / _DONE).exists():
                raise
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
    return target


def _cache_control(headers: Any, path: str, url: str) -> None:
    """A hashed name may be kept a year; a plain name (host pages load /static/embed.js) is
    revalidated on every use."""
    hashed = url[len(PREFIX) :] in plain_names()
    headers["Cache-Control"] = IMMUTABLE if hashed else REVALIDATE


class StaticTree:
    """The servestatic app over this release's compressed tree, found or built once, at the
    first request or at start (the lifespan calls `ready()` on a thread): building it is the
    only compression static files ever cost."""

    def __init__(self, cache_dir: Path | None = None) -> None:
        self.cache_dir = cache_dir or default_cache_dir()
        self._files: ServeStaticASGI | None = None
        self._lock = threading.Lock()

    def ready(self) -> ServeStaticASGI:
        """The servestatic app (built on first use; thread-safe)."""
        with self._lock:
            if self._files is None:
                files = ServeStaticASGI(
                    None,
                    root=build(self.cache_dir),
                    prefix=PREFIX,
                    max_age=0,
                    allow_all_origins=False,
                    add_headers_function=_cache_control,
                )
                files.files.pop(PREFIX + _DONE, None)
                self._files = files
            return self._files

    async def served(self) -> ServeStaticASGI:
        """`ready()` without blocking the event loop."""
        if self._files is not None:
            return self._files
        import anyio

        return await anyio.to_thread.run_sync(self.ready)


class PrecompressedStatic:
    """Pure-ASGI layer: answer GET and HEAD of `/static/...` from the compressed tree; pass
    everything else on (a static path that names no file gets the app's own 404)."""

    def __init__(self, app: ASGIApp, tree: StaticTree) -> None:
        self.app = app
        self.tree = tree

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve a static file, or pass the request on."""
        if scope["type"] != "http" or not scope["path"].startswith(PREFIX):
            await self.app(scope, receive, send)
            return
        found = (await self.tree.served()).files.get(scope["path"])
        if found is None or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        server = FileServerASGI(found)
        server.block_size = BLOCK_SIZE
        await server(scope, receive, send)


def main(argv: list[str] | None = None) -> int:
    """`python -m app.precompressed [DIR]`: write the compressed tree now (the Docker image
    does this at build time) and print where it is."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    cache_dir = Path(args[0]) if args else default_cache_dir()
    print(build(cache_dir, log=print))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
