"""Finished answers kept by URL, so a state many visitors open is built once.

The URL is the state: every page, JSON twin, CSV, embed and API answer is a pure function of
the request's URL and the few headers that choose its form (Host and scheme for the absolute
links in the share panel and oEmbed, Accept-Encoding for brotli or gzip, and the language
Accept-Language picks; `?lang=` is in the query). `ResponseCache` keeps the finished
response (headers and body exactly as sent, compressed, ETag and security headers included) in a
least-recently-used map bounded in bytes. A hit costs a
dict lookup and two sends; a revalidation that names the stored ETag gets 304.

What is never kept: anything but a 200 to a GET (HEAD arrives here as GET, see HeadAsGet);
responses marked `Cache-Control: no-store` (a fresh random exercise) or setting a cookie;
requests with Range or conditional-date headers; the static export's in-process requests; and
requests from test clients that read the template context (`http.response.debug`), which only
a fresh render can send.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from sys import getsizeof

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app import negotiation
from app.i18n import language_of
from app.middleware import NOT_ON_304, accepted, etag_matches

# request headers the cache does not answer: partial and date-conditional requests
_PASS = (b"range", b"if-range", b"if-modified-since", b"if-unmodified-since")
# what one entry of an OrderedDict costs beyond its key and value (hash table slot, index and
# the order's linked node), measured with tracemalloc on CPython 3.11-3.12: ~100 bytes
_ENTRY_OVERHEAD = 128


@dataclass(frozen=True, slots=True)
class Stored:
    """One finished 200: its start message's headers and the whole body."""

    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes
    etag: bytes | None


def held(key: tuple[object, ...], stored: Stored) -> int:
    """The bytes an entry really holds: every object's own allocation (`sys.getsizeof`), not
    the lengths of its strings. A 15-byte body with its headers and key held ~2.3 KB."""
    size = _ENTRY_OVERHEAD + getsizeof(stored) + getsizeof(stored.body)
    size += getsizeof(key) + sum(map(getsizeof, key))
    size += getsizeof(stored.headers)
    for pair in stored.headers:
        size += getsizeof(pair) + getsizeof(pair[0]) + getsizeof(pair[1])
    return size


def _exact(data: bytes) -> bytes:
    """A copy of `data` in an allocation of exactly its size. A body as a library built it may
    sit in a larger block than its length (orjson sized a 15-byte answer's block ~4 KB):
    keeping that object kept the whole block, while its length said 15."""
    return memoryview(data).tobytes()


class ResponseCache:
    """A bounded LRU of finished responses in front of the app (see the module docstring).

    `max_bytes` bounds the sum of stored bodies, headers and keys; a response larger than
    `max_bytes // 8` is served but not kept, so one huge state cannot flush the rest.
    `max_bytes=0` turns the cache off.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.max_entry = max_bytes // 8
        self.entries: OrderedDict[tuple[object, ...], Stored] = OrderedDict()
        self.bytes = 0
        self.hits = 0
        self.misses = 0

    def key(self, scope: Scope) -> tuple[object, ...] | None:
        """The request's cache key, or None when the cache must not answer it.

        Built from exactly what the app builds the answer from (app.negotiation): every part
        of the URL as the app's links see it (scheme, the one Host or the server's address,
        root path, path, query), the content codings `Compress` will apply (`accepted`: the
        one for a type that takes brotli and the one for any other) and the language
        `Language` will serve, each worked out by the one function both layers call.
        """
        if (
            self.max_bytes <= 0
            or scope["type"] != "http"
            or scope["method"] != "GET"
            or scope["path"].startswith("/static/")  # stored files (app.precompressed)
            or "http.response.debug" in (scope.get("extensions") or {})
            or (scope.get("state") or {}).get("static_export")
        ):
            return None
        for name, _value in scope["headers"]:
            if name in _PASS:
                return None
        lang = language_of(scope)
        return (
            *negotiation.target(scope),
            *accepted(scope),
            lang.code if lang is not None else "",
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer from the map when the key is there; otherwise pass on and keep a 200."""
        key = self.key(scope)
        if key is None:
            await self.app(scope, receive, send)
            return
        stored = self.entries.get(key)
        if stored is not None:
            self.hits += 1
            self.entries.move_to_end(key)
            await self._replay(scope, stored, send)
            return
        self.misses += 1
        start: Message | None = None
        chunks: list[bytes] = []
        size = 0
        keep = True

        async def recording(message: Message) -> None:
            nonlocal start, keep, size
            if message["type"] == "http.response.start":
                start = message
                keep = message["status"] == 200 and _storable(message.get("headers", []))
            elif message["type"] == "http.response.body" and keep:
                chunks.append(message.get("body", b""))
                size += len(chunks[-1])
                if size > self.max_entry:
                    keep = False
                    chunks.clear()
                elif not message.get("more_body", False) and start is not None:
                    self._store(key, start, b"".join(chunks))
            await send(message)

        await self.app(scope, receive, recording)

    def _store(self, key: tuple[object, ...], start: Message, body: bytes) -> None:
        headers = tuple((_exact(k), _exact(v)) for k, v in start.get("headers", []))
        etag = next((v for k, v in headers if k.lower() == b"etag"), None)
        stored = Stored(headers, _exact(body), etag)
        size = held(key, stored)
        if size > self.max_entry:
            return
        old = self.entries.pop(key, None)
        if old is not None:
            self.bytes -= held(key, old)
        self.entries[key] = stored
        self.bytes += size
        while self.bytes > self.max_bytes and self.entries:
            gone_key, gone = self.entries.popitem(last=False)
            self.bytes -= held(gone_key, gone)

    @staticmethod
    async def _replay(scope: Scope, stored: Stored, send: Send) -> None:
        wanted = b",".join(v for k, v in scope["headers"] if k == b"if-none-match")
        if wanted and stored.etag is not None and etag_matches(wanted, stored.etag):
            headers = [(k, v) for k, v in stored.headers if k.lower() not in NOT_ON_304]
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b"", "more_body": False})
            return
        await send({"type": "http.response.start", "status": 200, "headers": list(stored.headers)})
        await send({"type": "http.response.body", "body": stored.body, "more_body": False})


def _storable(headers: list[tuple[bytes, bytes]]) -> bool:
    """False for responses that say no-store (or private) or set a cookie."""
    for name, value in headers:
        name = name.lower()
        if name == b"set-cookie":
            return False
        if name == b"cache-control" and (b"no-store" in value or b"private" in value):
            return False
    return True
