"""ASGI middleware: HEAD on every GET route, URL length limits, framing and safety headers,
brotli and gzip, and ETags."""

from __future__ import annotations

import base64
import gzip
import hashlib
import logging
import zlib
from collections.abc import Callable

import brotli
import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app import __version__, negotiation
from app.error_pages import FAILED, TWO_HOSTS, send_error
from app.frames import SCRIPT as FRAME_SCRIPT

_log = logging.getLogger("uvicorn.error")  # the server's log, where uvicorn writes its own


def _stdlib_fast(body: bytes) -> bytes:
    return gzip.compress(body, compresslevel=1, mtime=0)


def _fast_codecs() -> tuple[Callable[[bytes], bytes], Callable[[bytes], int]]:
    """gzip at ISA-L's level 1 and ISA-L's CRC-32 where the `isal` wheel is installed, else
    zlib's (ISA-L is several times faster for the same size: README, "Why the code is shaped
    so").
    """
    try:
        from isal import igzip, isal_zlib
    except ImportError:  # pragma: no cover - no wheel for this platform
        return _stdlib_fast, zlib.crc32

    def isal_fast(body: bytes) -> bytes:
        return igzip.compress(body, compresslevel=1, mtime=0)

    return isal_fast, isal_zlib.crc32


gzip_fast, crc32 = _fast_codecs()


# Which coding an answer built per request is sent in: the one rule, read by `Compress` and by
# the response cache's key. Brotli at quality 2 for HTML and JSON, where it is 9-55% smaller
# than ISA-L's gzip for ~15-170 µs of extra CPU per KB saved; gzip for every other type (an
# SVG chart: 1% smaller for 2.4× the CPU; CSV: 6% for 2.7×). Qualities 0-1 are no smaller
# than gzip, 3 no smaller than 2; 4 and 5 cost 2-2.5× and 3-4× the CPU of 2.
# Measured by `python -m bench --only compression` (README, "Compression").
BROTLI_QUALITY = 2
MINIMUM_SIZE = 1000  # bytes; a smaller answer is sent as it is
BROTLI_TYPES = (b"text/html", b"application/json")
BROTLI_FIRST = ("br", "gzip")  # among equal q-values the server's preference decides
GZIP_ONLY = ("gzip",)


def offered(content_type: bytes) -> tuple[str, ...]:
    """The codings an answer of this media type may take, best first.

    >>> offered(b"text/html; charset=utf-8"), offered(b"image/svg+xml")
    (('br', 'gzip'), ('gzip',))
    """
    return BROTLI_FIRST if content_type.lower().startswith(BROTLI_TYPES) else GZIP_ONLY


def accepted(scope: Scope) -> tuple[str, str]:
    """The coding this request's answer gets if its type takes brotli, and if it does not:
    what `Compress` applies (by the answer's type) and what the response cache keys by.

    >>> accepted({"headers": [(b"accept-encoding", b"br;q=0, gzip")]})
    ('gzip', 'gzip')
    """
    return negotiation.coding(scope, BROTLI_FIRST), negotiation.coding(scope, GZIP_ONLY)


def compress(body: bytes, coding: str) -> bytes:
    """`body` in `coding` ("br" or "gzip"), the same bytes for the same body every time."""
    if coding == "br":
        return bytes(brotli.compress(body, quality=BROTLI_QUALITY))
    return gzip_fast(body)


class OneHost:
    """400 for a request with more than one Host field (RFC 9112 §3.2), before anything runs.

    With two Host fields Starlette's links took the first and the response cache the last, so
    one request could store a page whose share links pointed at any host for every later
    visitor. Outside the cache and the app, inside the security headers.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse two Host fields; pass everything else on."""
        if scope["type"] == "http" and negotiation.host_count(scope) > 1:
            await send_error(scope, send, 400, TWO_HOSTS)
            return
        await self.app(scope, receive, send)


class Failsafe:
    """A failure inside the app becomes a 500 page (HTML for pages, JSON for the API) with the
    security headers, and its traceback goes to the server's log, never to the client.

    Starlette's own 500 comes from its outermost layer, outside every middleware here, so it
    carried no CSP and no nosniff. A failure after the response has started cannot be
    answered anew: it is logged and the connection is closed by the server.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on; answer 500 if it fails before its response has started."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def noting(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, noting)
        except Exception:
            _log.exception("%s %s failed", scope.get("method"), scope.get("path"))
            if started:
                raise
            await send_error(scope, send, 500, FAILED)


class HeadAsGet:
    """Serve HEAD as the GET it stands for, sending its headers and no body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Rewrite HEAD to GET and swallow the body on the way out."""
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if not message.get("more_body", False):
                    await send({"type": "http.response.body", "body": b"", "more_body": False})
                return
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_headers_only)


class LimitURL:
    """414 URI Too Long, with a sentence, for a query string or path above the limits.

    Every list is bounded (1000 numbers), so no legal state needs more; the limit keeps a
    hostile 1 MB query from being parsed at all. The server's own request-line limit
    (h11_max_incomplete_event_size in app/cli.py) is set above this one, so the visitor
    gets this message rather than a bare 400.
    """

    def __init__(self, app: ASGIApp, max_query_bytes: int, max_path_bytes: int) -> None:
        self.app = app
        self.max_query = max_query_bytes
        self.max_path = max_path_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer 414 before routing when the URL is too long; pass everything else on."""
        if scope["type"] == "http":
            query = len(scope.get("query_string", b""))
            path = len(scope.get("raw_path") or scope["path"].encode())
            if query > self.max_query or path > self.max_path:
                part, size, limit = (
                    ("query string", query, self.max_query)
                    if query > self.max_query
                    else ("path", path, self.max_path)
                )
                text = f"The {part} is {size} bytes long; this server takes at most {limit}."
                if part == "query string":
                    text += " Lists hold at most 1000 numbers."
                body = orjson.dumps({"detail": text})
                await send(
                    {
                        "type": "http.response.start",
                        "status": 414,
                        "headers": [
                            (b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()),
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)


def script_hash(script: str) -> str:
    """An inline script's source in a CSP: its SHA-256 ('sha256-<base64>')."""
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    return f"'sha256-{digest}'"


def csp(*inline: str) -> str:
    """The site's Content-Security-Policy, allowing exactly the `inline` scripts by their hash.

    Scripts only from our own files and those (no eval). Styles allow 'unsafe-inline' because
    plotly.js injects a <style> element (without it the mode bar breaks). Images may be
    data:/blob: URLs: Plotly's PNG/SVG export draws through them."""
    scripts = "".join(f" {script_hash(script)}" for script in inline)
    return (
        f"default-src 'self'; script-src 'self'{scripts}; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; "
        "base-uri 'none'; form-action 'self'"
    )


# every page's: the one inline line a chart slot carries (app/frames.py SCRIPT: it asks for
# the slot's first frame while the page is parsed)
CSP = csp(FRAME_SCRIPT)


class FrameHeaders:
    """Security headers: a strict CSP, and who may frame what (frame-ancestors from settings).

    Embed pages (/embed/...) take `embed_frame_ancestors` (default "*", any site); every other
    page takes `page_frame_ancestors` (default 'self'). No X-Frame-Options anywhere: CSP
    frame-ancestors supersedes it, and an embed must not carry one. A route that sets its own
    CSP (the API docs, which need one inline script) keeps it, with frame-ancestors added.
    Also nosniff, a referrer policy and a permissions policy on every response.
    """

    def __init__(self, app: ASGIApp, embeds: str, pages: str) -> None:
        self.app = app
        self.embeds = f"frame-ancestors {embeds}"
        self.pages = f"frame-ancestors {pages}"
        self.csp = {
            frames: (_CSP_NAME, f"{CSP}; {frames}".encode()) for frames in (self.embeds, self.pages)
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Add the headers to the response's start message."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        frames = self.embeds if scope["path"].startswith("/embed/") else self.pages

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                own = [v for k, v in headers if k.lower() == b"content-security-policy"]
                if own:
                    headers = [
                        (k, v) for k, v in headers if k.lower() != b"content-security-policy"
                    ]
                    policy = (b"content-security-policy", f"{own[0].decode()}; {frames}".encode())
                else:
                    policy = self.csp[frames]
                headers.append(policy)
                headers.extend(_SAFETY)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


_CSP_NAME = b"content-security-policy"
_SAFETY = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)


class Compress:
    """Brotli or gzip for HTML, JSON, CSV, JS, CSS and SVG of at least `minimum_size` bytes, for
    clients that accept it (`offered` says which type takes which); everything else passes
    through untouched.

    Compressed on the event loop, in one call on the whole body. Starlette's GZipMiddleware
    hands every body to a worker thread instead (up to 40 at a time): under 64 connections
    the server grew to 40 threads and its memory crept up by a fifth in a minute (bench/soak.py).
    Here a busy server keeps one thread, and the bodies are small.

    gzip at level 1, through ISA-L (`isal`) where installed: zlib's level 9 costs many times
    the CPU for a body a few percent smaller; brotli at BROTLI_QUALITY. Static files are not
    compressed here: app.precompressed compresses each once and keeps the bytes. Which coding
    a request gets is `accepted` (q-values honoured) read by the answer's type (`offered`),
    the same choice the response cache keys by.
    `mtime=0`: the same body always compresses to the same bytes.
    """

    def __init__(self, app: ASGIApp, minimum_size: int = MINIMUM_SIZE) -> None:
        self.app = app
        self.minimum_size = minimum_size

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Buffer a compressible response's body, then send it compressed with its length."""
        if scope["type"] != "http" or scope["path"].startswith("/static/"):
            await self.app(scope, receive, send)  # stored, compressed once (app.precompressed)
            return
        takes_br, takes_gzip = accepted(scope)
        if takes_br == "identity":  # neither br nor gzip

            async def varying(message: Message) -> None:
                # uncompressed for this client, but a shared cache must still key by the header
                if message["type"] == "http.response.start" and _compressible(
                    message.get("headers", [])
                ):
                    message = {**message, "headers": _with_vary(message.get("headers", []))}
                await send(message)

            await self.app(scope, receive, varying)
            return
        start: Message | None = None
        coding = "identity"
        chunks: list[bytes] = []

        async def compressing(message: Message) -> None:
            nonlocal start, coding
            kind = message["type"]
            if kind == "http.response.start":
                headers = message.get("headers", [])
                if _compressible(headers):
                    start = message  # held until the body is complete
                    coding = takes_br if "br" in offered(_content_type(headers)) else takes_gzip
                    return
            elif kind == "http.response.body" and start is not None:
                chunks.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                body = b"".join(chunks)
                headers = _with_vary(start.get("headers", []))
                if len(body) >= self.minimum_size and coding != "identity":
                    body = compress(body, coding)
                    headers = [(k, v) for k, v in headers if k.lower() != b"content-length"]
                    headers.append((b"content-encoding", coding.encode()))
                    headers.append((b"content-length", str(len(body)).encode()))
                await send({**start, "headers": headers})
                await send({"type": "http.response.body", "body": body, "more_body": False})
                return
            await send(message)

        await self.app(scope, receive, compressing)


def _with_vary(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """The headers with one Vary that adds Accept-Encoding to whatever it named."""
    kept = [(k, v) for k, v in headers if k.lower() != b"vary"]
    vary = [v for k, v in headers if k.lower() == b"vary"]
    kept.append((b"vary", b", ".join([*vary, b"Accept-Encoding"])))
    return kept


_COMPRESSIBLE = (
    b"text/",
    b"application/json",
    b"application/javascript",
    b"application/xml",
    b"image/svg+xml",
)


def _content_type(headers: list[tuple[bytes, bytes]]) -> bytes:
    return next((v for k, v in headers if k.lower() == b"content-type"), b"")


def _compressible(headers: list[tuple[bytes, bytes]]) -> bool:
    """A text type and not already encoded (nor a partial body: Range answers pass as they are)."""
    kind = b""
    for name, value in headers:
        name = name.lower()
        if name in (b"content-encoding", b"content-range"):
            return False
        if name == b"content-type":
            kind = value.lower()
    return kind.startswith(_COMPRESSIBLE)


def cache_control(shared_max_age: int) -> bytes:
    """What a 200 answer that is a function of its URL says to caches (SSE_SHARED_MAX_AGE):
    0, revalidate every time (an ETag makes that a 304); else any cache, a CDN or a reverse
    proxy included, may keep it that many seconds and serve it stale as long again while it
    asks anew.

    >>> cache_control(0), cache_control(60)
    (b'no-cache', b'public, max-age=60, s-maxage=60, stale-while-revalidate=60')
    """
    if shared_max_age <= 0:
        return b"no-cache"
    n = shared_max_age
    return b"public, max-age=%d, s-maxage=%d, stale-while-revalidate=%d" % (n, n, n)


class ETag:
    """A weak ETag on every 200 page and JSON answer, and 304 when If-None-Match names it.

    The tag is the app's version, the length and the CRC-32 of the uncompressed body (weak, so
    it holds across gzip): it only has to tell one URL's answers apart, across releases (the
    version makes a cache that kept an old release's answer ask again even where the body
    happens to match), and a CRC-32 costs a small fraction of a cryptographic hash. /static/
    keeps the ETags servestatic gives its files; a response that already has one keeps it, and
    one that says its own Cache-Control (no-store: a fresh random exercise) keeps that; the
    others say `cache_control` (app.main passes SSE_SHARED_MAX_AGE's). The body is buffered to
    hash it: every answer here is built whole in memory anyway.
    """

    def __init__(self, app: ASGIApp, cache_control: bytes = b"no-cache") -> None:
        self.app = app
        self.cache_control = cache_control
        self.version = __version__.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Hold the start message until the body is complete, then tag it or answer 304."""
        if (
            scope["type"] != "http"
            or scope["method"] != "GET"
            or scope["path"].startswith("/static/")
        ):
            await self.app(scope, receive, send)
            return
        wanted = b",".join(v for k, v in scope["headers"] if k == b"if-none-match")
        start: Message | None = None
        chunks: list[bytes] = []

        async def tagged(message: Message) -> None:
            nonlocal start
            kind = message["type"]
            if kind == "http.response.start":
                headers = message.get("headers", [])
                if message["status"] != 200 or any(k.lower() == b"etag" for k, _ in headers):
                    await send(message)  # not ours to tag: pass everything through
                else:
                    start = message
                return
            if kind != "http.response.body" or start is None:
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            body = b"".join(chunks)
            tag = b'W/"%s-%x-%08x"' % (self.version, len(body), crc32(body))
            headers = [(k, v) for k, v in start.get("headers", [])]
            headers.append((b"etag", tag))
            if not any(k.lower() == b"cache-control" for k, _ in headers):
                headers.append((b"cache-control", self.cache_control))
            if wanted and etag_matches(wanted, tag):
                headers = [(k, v) for k, v in headers if k.lower() not in NOT_ON_304]
                await send({**start, "status": 304, "headers": headers})
                await send({"type": "http.response.body", "body": b"", "more_body": False})
                return
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": body, "more_body": False})

        await self.app(scope, receive, tagged)


NOT_ON_304 = (b"content-length", b"content-type", b"content-encoding")


def etag_matches(if_none_match: bytes, tag: bytes) -> bool:
    """If-None-Match compares weakly: W/"x" and "x" name the same body; * names any."""
    opaque = tag.removeprefix(b"W/")
    for candidate in if_none_match.split(b","):
        candidate = candidate.strip()
        if candidate == b"*" or candidate.removeprefix(b"W/") == opaque:
            return True
    return False
