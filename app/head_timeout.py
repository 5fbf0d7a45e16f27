"""A bound on the time a client may take to send a request's head (request line and headers).

uvicorn times out an idle keep-alive connection, but not one that is sending its head: a new
connection that trickles one header byte every few seconds was held open forever, so 500 such
clients held 500 sockets (slowloris). nginx calls this bound `client_header_timeout`; uvicorn
has no option for it, so this module subclasses uvicorn's httptools protocol and arms one timer
per request head: from the connection's start (or the first byte of a keep-alive request) to
the end of its headers. When it fires the client gets `408 Request Timeout` and the
connection is closed.

This reaches into uvicorn: it overrides four methods of `HttpToolsProtocol` and calls each
original. `tests/test_hardening.py` fails if uvicorn renames them or stops calling them, and
checks the timeout on a served process.
"""

from __future__ import annotations

import asyncio

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from app.config import Settings

# the uvicorn methods this module overrides (a test checks they are still there)
HOOKS = ("connection_made", "connection_lost", "on_message_begin", "on_headers_complete")

_BODY = b"The request's headers did not arrive in time.\n"
TIMEOUT_ANSWER = (
    b"HTTP/1.1 408 Request Timeout\r\n"
    b"content-type: text/plain; charset=utf-8\r\n"
    b"connection: close\r\n"
    b"content-length: %d\r\n\r\n%s" % (len(_BODY), _BODY)
)


class _HeadTimeoutProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with a deadline on each request head."""

    head_timeout = 10.0
    _head_timer: asyncio.TimerHandle | None = None

    def _arm(self) -> None:
        if self._head_timer is None:
            self._head_timer = self.loop.call_later(self.head_timeout, self._too_slow)

    def _disarm(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _too_slow(self) -> None:
        self._head_timer = None
        if not self.transport.is_closing():
            self.transport.write(TIMEOUT_ANSWER)
            self.transport.close()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """Start the clock for the first request's head."""
        super().connection_made(transport)
        self._arm()

    def on_message_begin(self) -> None:
        """A request begins (the next one on a kept-alive connection): start its clock."""
        super().on_message_begin()
        self._arm()

    def on_headers_complete(self) -> None:
        """The head is complete: stop its clock."""
        self._disarm()
        super().on_headers_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        """Nothing left to time."""
        self._disarm()
        super().connection_lost(exc)


class HeadTimeoutProtocol(_HeadTimeoutProtocol):
    """The protocol class to give uvicorn (`http=`): heads must arrive within SSE_HEAD_TIMEOUT
    seconds. A module-level class, read from the settings where it is imported: uvicorn's
    worker processes (`--workers`) are spawned and get the class by its name, not a copy."""

    head_timeout = Settings().head_timeout
