"""Answers the server gives when it cannot give the one asked for: a bad request head (400) and
a failure inside the app (500).

Pages get a small HTML page in the request's language, API and data paths get JSON, and
neither ever carries a traceback. The HTML is written here, not through Jinja: an error page
must still render when the failure was in the templates.
"""

from __future__ import annotations

import orjson
from markupsafe import escape
from starlette.types import Scope, Send

from app import i18n
from app.i18n import N_

# answers read by programs, not people: JSON errors
_DATA_PREFIXES = ("/api/", "/oembed", "/openapi.json", "/healthz", "/static/")
_DATA_SUFFIXES = (".json", ".csv")

TITLES = {
    400: N_("Bad request"),
    500: N_("Something went wrong"),
}
TWO_HOSTS = N_(
    "The request names its host more than once; a request must have exactly one Host header."
)
FAILED = N_(
    "The server could not build this answer. Nothing you typed caused it: try again, or go back"
    " to the lesson."
)


def wants_json(path: str) -> bool:
    """Whether an error on `path` is answered as JSON (the API and data downloads) or HTML."""
    return path.startswith(_DATA_PREFIXES) or path.endswith(_DATA_SUFFIXES)


def _html(status: int, sentence: str) -> bytes:
    from app.assets import asset_path

    code = i18n.current()
    title = escape(i18n.gettext(TITLES[status]))
    home = escape(i18n.gettext("Back to the lessons"))
    css = f"/static/{asset_path('css/site.css')}"
    return (
        f'<!doctype html>\n<html lang="{code}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="color-scheme" content="light dark">\n'
        f"<title>{title} · sse-explainer</title>\n"
        f'<link rel="stylesheet" href="{css}">\n</head>\n<body>\n'
        '<header class="site-header"><a class="brand" href="/">sse-explainer</a></header>\n'
        f'<main id="main">\n<h1>{title}</h1>\n<p class="lede">{escape(sentence)}</p>\n'
        f'<p><a href="/">{home}</a></p>\n</main>\n</body>\n</html>\n'
    ).encode()


async def send_error(scope: Scope, send: Send, status: int, message: str) -> None:
    """Send a complete `status` answer for this request: JSON or an HTML page (see
    `wants_json`), `message` in the request's language (English for JSON)."""
    path = scope.get("path", "") if scope.get("type") == "http" else ""
    if wants_json(path):
        body = orjson.dumps({"detail": message})
        kind = b"application/json"
    else:
        lang = i18n.language_of(scope) if scope.get("type") == "http" else None
        with i18n.use(lang.code if lang is not None else i18n.DEFAULT):
            body = _html(status, i18n.gettext(message))
        kind = b"text/html; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", kind),
                (b"content-length", str(len(body)).encode()),
                (b"cache-control", b"no-store"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body, "more_body": False})
