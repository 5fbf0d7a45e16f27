"""Answers the server gives when it cannot give the one asked for: a bad request head (400) and
a failure inside the app (500).

Pages get a small HTML page in the request's language, API and data paths get JSON, and
neither ever carries a traceback. The HTML is written here, not through Jinja: an error page
must still render when the failure was in the templates.
"""

from __future__ import annotations

from collections.abc import Sequence

import orjson
from markupsafe import escape
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.types import Scope, Send

from app import i18n
from app.i18n import N_

# answers read by programs, not people: JSON errors
_DATA_PREFIXES = ("/api/", "/oembed", "/openapi.json", "/healthz", "/static/")
_DATA_SUFFIXES = (".json", ".csv")

TITLES = {
    400: N_("Bad request"),
    404: N_("Page not found"),
    405: N_("Not allowed here"),
    500: N_("Something went wrong"),
}
TWO_HOSTS = N_(
    "The request names its host more than once; a request must have exactly one Host header."
)
FAILED = N_(
    "The server could not build this answer. Nothing you typed caused it: try again, or go back"
    " to the lesson."
)
NO_PAGE = N_("There is no page at {path}. The lessons are:")
NO_CHART = N_("There is no chart called “{name}” to embed. These are:")
NOT_ALLOWED = N_("This address answers only GET (open it in a browser, or follow a link).")


def wants_json(path: str) -> bool:
    """Whether an error on `path` is answered as JSON (the API and data downloads) or HTML."""
    return path.startswith(_DATA_PREFIXES) or path.endswith(_DATA_SUFFIXES)


def page(
    status: int, sentence: str, links: Sequence[tuple[str, str]] = (), *, embed: bool = False
) -> bytes:
    """An error page in the request's language: the site's header (brand and lessons; an
    embed gets the brand only, sized for an iframe), a title, a sentence and a list of links.
    Written here, not through Jinja: it must render when the failure was in the templates."""
    from app.assets import asset_path
    from app.nav import NAV

    code = i18n.current()
    title = escape(i18n.gettext(TITLES.get(status, TITLES[400])))
    css = f"/static/{asset_path('css/site.css')}"
    items = "".join(f'<li><a href="{escape(href)}">{escape(text)}</a></li>' for href, text in links)
    listed = f"<ul>{items}</ul>\n" if items else ""
    if embed:
        header = ""
        home = ""
    else:
        lessons = "".join(
            f'<li><a href="{escape(i18n.with_lang(item.path))}">'
            f"{escape(i18n.gettext(item.label))}</a></li>"
            for item in NAV
        )
        label = escape(i18n.gettext("Lessons"))
        header = (
            f'<header class="site-header"><a class="brand" href="{escape(i18n.with_lang("/"))}">'
            f'sse-explainer</a>\n<nav aria-label="{label}"><ul>{lessons}</ul></nav></header>\n'
        )
        back = escape(i18n.gettext("Back to the lessons"))
        home = f'<p><a href="{escape(i18n.with_lang("/"))}">{back}</a></p>\n'
    html_class, body_class, main_class = (
        (' class="embed"', ' class="embed-body"', ' class="embed-main"') if embed else ("", "", "")
    )
    return (
        f'<!doctype html>\n<html lang="{code}"{html_class}>\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="color-scheme" content="light dark">\n'
        f"<title>{title} · sse-explainer</title>\n"
        f'<link rel="stylesheet" href="{css}">\n</head>\n<body{body_class}>\n{header}'
        f'<main id="main"{main_class}>\n<h1>{title}</h1>\n'
        f'<p class="lede">{escape(sentence)}</p>\n{listed}{home}</main>\n</body>\n</html>\n'
    ).encode()


async def http_error(request: Request, exc: Exception) -> Response:
    """An HTTP error raised by routing or a route: JSON for the API and data paths (FastAPI's
    own answer, unchanged), an HTML page in the site's layout for pages."""
    from fastapi.exception_handlers import http_exception_handler
    from starlette.exceptions import HTTPException

    assert isinstance(exc, HTTPException)
    if wants_json(request.url.path) or exc.status_code not in (404, 405):
        return await http_exception_handler(request, exc)
    if exc.status_code == 404:
        from app.nav import NAV

        sentence = i18n.gettext(NO_PAGE).format(path=request.url.path[:80])
        links = [(i18n.with_lang(item.path), i18n.gettext(item.label)) for item in NAV]
    else:
        sentence, links = i18n.gettext(NOT_ALLOWED), []
    return HTMLResponse(
        page(exc.status_code, sentence, links),
        status_code=exc.status_code,
        headers={**(exc.headers or {}), "Cache-Control": "no-store"},
    )


def embed_not_found(name: str, charts: Sequence[tuple[str, str]]) -> Response:
    """The embed-sized 404 for /embed/<name>: the charts there are, each linked."""
    sentence = i18n.gettext(NO_CHART).format(name=name[:40])
    links = [(i18n.with_lang(f"/embed/{key}"), f"{key}: {title}") for key, title in charts]
    return HTMLResponse(
        page(404, sentence, links, embed=True),
        status_code=404,
        headers={"Cache-Control": "no-store"},
    )


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
            body = page(status, i18n.gettext(message))
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
