"""ASGI middleware: HEAD on every GET route, and the framing and safety headers."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send


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


class FrameHeaders:
    """Who may frame what: CSP frame-ancestors from the settings, embeds apart from pages.

    Embed pages (/embed/...) take `embed_frame_ancestors` (default "*", any site); every other
    HTML page takes `page_frame_ancestors` (default 'self'). No X-Frame-Options anywhere: CSP
    frame-ancestors supersedes it, and an embed must not carry one. Also sets nosniff and a
    referrer policy on every response.
    """

    def __init__(self, app: ASGIApp, embeds: str, pages: str) -> None:
        self.app = app
        self.embeds = f"frame-ancestors {embeds}".encode()
        self.pages = f"frame-ancestors {pages}".encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Add the headers to the response's start message."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = self.embeds if scope["path"].startswith("/embed/") else self.pages

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"content-security-policy", policy))
                headers.append((b"x-content-type-options", b"nosniff"))
                headers.append((b"referrer-policy", b"strict-origin-when-cross-origin"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)
