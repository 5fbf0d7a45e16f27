"""Access logs with one line per request and no query values (they can be anything typed).

The app writes them itself (`AccessLog`, on when Settings.access_log is true, as
`sse-explainer` sets it) instead of uvicorn's access logger: the same line for a fraction of
the cost. Going through `logging` (a record, a filter to cut the query, a formatter, a locked
handler) was a large share of an answer from the response cache (README, "Why the code is
shaped so").
"""

from __future__ import annotations

import copy
import sys
from typing import Any, TextIO
from urllib.parse import quote

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class AccessLog:
    """`INFO:     127.0.0.1:5 - "GET /samples?… HTTP/1.1" 200`, one line per HTTP request.

    The query string is never written, only `?…` to show there was one; the path is quoted
    as uvicorn quotes it, so nothing typed can add a line. Outermost, so HEAD shows as HEAD.
    """

    def __init__(self, app: ASGIApp, stream: TextIO | None = None) -> None:
        self.app = app
        self.stream = stream

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on; write its line once it is answered (or has failed)."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # what the path was when the request came in: a mounted app (static files) rewrites
        # the scope's root_path and path on the way down
        path = quote(scope.get("root_path", "") + scope["path"])
        asked = "?…" if scope.get("query_string") else ""
        status: int | None = None
        gone = False

        async def noting(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        async def listening() -> Message:
            nonlocal gone
            message = await receive()
            gone = gone or message["type"] == "http.disconnect"
            return message

        try:
            await self.app(scope, listening, noting)
        finally:
            if status is None:
                # no answer started: the client left first (499, as nginx logs it), or the
                # server answers 500 for an app that returned nothing
                status = CLIENT_GONE if gone or _disconnected() else 500
            client = scope.get("client")
            where = f"{client[0]}:{client[1]}" if client else "-"
            stream = self.stream or sys.stdout
            stream.write(
                f'INFO:     {where} - "{scope["method"]} {path}{asked} '
                f'HTTP/{scope.get("http_version", "1.1")}" {status}\n'
            )
            stream.flush()


CLIENT_GONE = 499


def _disconnected() -> bool:
    """Whether the exception being handled is a client that went away (a cancelled request or
    a closed socket), not a failure of ours."""
    import anyio
    from starlette.requests import ClientDisconnect

    error = sys.exc_info()[1]
    return isinstance(error, ClientDisconnect | OSError | anyio.get_cancelled_exc_class())


def log_config() -> dict[str, Any]:
    """uvicorn's default logging config (its own access log is off: see AccessLog)."""
    from uvicorn.config import LOGGING_CONFIG

    return copy.deepcopy(LOGGING_CONFIG)
