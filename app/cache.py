"""Finished answers kept by URL, so a state many visitors open is built once.

The URL is the state: every page, JSON twin, CSV, embed and API answer is a pure function of
the request's URL and the few headers that choose its form (Host and scheme for the absolute
links in the share panel and oEmbed, Accept-Encoding for gzip, and the language
Accept-Language picks; `?lang=` is in the query). `ResponseCache` keeps the finished
response (headers and body exactly as sent, gzip, ETag and security headers included) in a
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

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.i18n import negotiate
from app.middleware import NOT_ON_304, etag_matches

# request headers that make a response differ for the same URL
_KEYED = (b"host", b"accept-language")
# request headers the cache does not answer: partial and date-conditional requests
_PASS = (b"range", b"if-range", b"if-modified-since", b"if-unmodified-since")


@dataclass(frozen=True, slots=True)
class Stored:
    """One finished 200: its start message's headers and the whole body."""

    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes
    etag: bytes | None

    @property
    def size(self) -> int:
        """Bytes held: the body and the header bytes (the key's bytes are counted by the map)."""
        return len(self.body) + sum(len(k) + len(v) for k, v in self.headers)


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
        self.entries: OrderedDict[tuple[bytes, ...], Stored] = OrderedDict()
        self.bytes = 0
        self.hits = 0
        self.misses = 0

    def key(self, scope: Scope) -> tuple[bytes, ...] | None:
        """The request's cache key, or None when the cache must not answer it."""
        if (
            self.max_bytes <= 0
            or scope["type"] != "http"
            or scope["method"] != "GET"
            or "http.response.debug" in (scope.get("extensions") or {})
            or (scope.get("state") or {}).get("static_export")
        ):
            return None
        keyed: dict[bytes, bytes] = {}
        gzip = b"0"
        for name, value in scope["headers"]:
            if name in _PASS:
                return None
            if name in _KEYED:
                keyed[name] = value
            elif name == b"accept-encoding" and b"gzip" in value:
                gzip = b"1"
        return (
            scope["scheme"].encode(),
            keyed.get(b"host", b""),
            scope.get("root_path", "").encode(),
            scope["path"].encode(),
            scope.get("query_string", b""),
            gzip,
            # the language it picks, not the header: browsers word it in many ways
            negotiate(None, keyed.get(b"accept-language", b"").decode("latin-1")).code.encode(),
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

    def _store(self, key: tuple[bytes, ...], start: Message, body: bytes) -> None:
        headers = tuple((bytes(k), bytes(v)) for k, v in start.get("headers", []))
        etag = next((v for k, v in headers if k.lower() == b"etag"), None)
        stored = Stored(headers, body, etag)
        size = stored.size + sum(map(len, key))
        if size > self.max_entry:
            return
        old = self.entries.pop(key, None)
        if old is not None:
            self.bytes -= old.size + sum(map(len, key))
        self.entries[key] = stored
        self.bytes += size
        while self.bytes > self.max_bytes and self.entries:
            gone_key, gone = self.entries.popitem(last=False)
            self.bytes -= gone.size + sum(map(len, gone_key))

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
