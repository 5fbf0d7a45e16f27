"""Rendering a page from its state dict: the HTML, and the links to its JSON twin."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from app.pages.images import PageImages
from app.querystring import query_string
from app.templating import PAGE_IMAGES, templates

if TYPE_CHECKING:
    from app.pages.registry import LookupTwin


def render(
    request: Request,
    template: str,
    state: dict[str, Any],
    *,
    active: str,
    twin: str,
    client_keys: Iterable[str],
    query: str | None = None,
    page: str | None = None,
    theme: str | None = None,
    lookup: LookupTwin | None = None,
    **extra: Any,
) -> HTMLResponse:
    """Render `template` with the state, the subset of it the page's script needs (`client`),
    and `json_url`, the page's JSON twin for the same query.

    `page`: the lesson page whose charts the template shows; each chart slot then holds the
    server's image of the state for readers without JavaScript (app.pages.images.PageImages),
    and its first frame for everyone else (app/frames.py), in `theme` (an embed's `theme=`;
    None: the reader's system's), except in an offline copy, where no server draws them.

    `lookup`: the page's lookup twin (app.pages.registry.LookupTwin): its parts of the state
    stay out of `client`, which names the twin's URL instead (`lookup_url`), except in an
    offline copy, which has no server to ask and carries them itself."""
    if query is None:  # the state's query as text (a lesson page passes the one it made)
        query = query_string(state["query"])
    offline = getattr(request.state, "static_export", False)
    client = {key: state[key] for key in client_keys}
    if lookup is not None and offline:
        client.update(lookup.answer(state))
    elif lookup is not None:
        client["lookup_url"] = lookup.url(query)
    context = {
        "active": active,
        "state": state,
        "client": client,
        "json_url": f"{twin}?{query}" if query else twin,
        "query_string": query,
        **extra,
    }
    images = None
    if page and not offline:  # an offline copy has no server to draw them
        app = request.app.state
        frames = app.settings.first_frame and app.renderer.available
        images = PageImages(page, state, query, theme, frames)
    token = PAGE_IMAGES.set(images)
    try:  # the template is rendered here, in the call
        return templates().TemplateResponse(request, template, context)
    finally:
        PAGE_IMAGES.reset(token)


def csv_response(rows: list[list[Any]], filename: str) -> Response:
    """Rows as a CSV download (floats written in full, so nothing is lost)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        writer.writerow([repr(v) if isinstance(v, float) else v for v in row])
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
