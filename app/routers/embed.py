"""Embeddable charts: /embed/<chart> shows one chart (plus chosen controls) for an iframe."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.error_pages import embed_not_found
from app.errors import parse_lenient
from app.pages.charts import EMBEDS, EmbedQuery, parse_controls, title_of
from app.querystring import query_string
from app.rendering import render

router = APIRouter(include_in_schema=False)


@router.get("/embed/{chart}", response_class=HTMLResponse)
async def embed(request: Request, chart: str) -> Response:
    """One chart of a lesson, without navigation, sized for an iframe."""
    spec = EMBEDS.get(chart)
    if spec is None:
        return embed_not_found(chart, [(key, title_of(key, each)) for key, each in EMBEDS.items()])
    look, look_errors = parse_lenient(EmbedQuery, request.query_params)
    shown_controls, controls_error = parse_controls(look.controls, spec.controls)
    state = spec.state(request.query_params)
    query = state["query"]
    errors = dict(state["errors"])
    errors.update(look_errors)
    if controls_error:
        errors["controls"] = controls_error
    state = {**state, "errors": errors}
    overrides: dict[str, Any] = {
        "dragmode": False,
        "xaxis": {"fixedrange": True},
        "yaxis": {"fixedrange": True},
    }
    if look.height is not None:
        overrides["height"] = look.height
        if look.height < 420:
            overrides["showlegend"] = False  # a legend would fill a short chart
    state["layout_overrides"] = overrides
    state["config_overrides"] = {"scrollZoom": False, "displayModeBar": False}
    page_query = query_string(query)
    return render(
        request,
        "embed.html",
        state,
        active="embed",
        twin=spec.twin,
        client_keys=(
            *spec.client_keys,
            "layout_overrides",
            "config_overrides",
        ),
        spec=spec,
        chart=chart,
        look=look,
        shown_controls=shown_controls,
        title=title_of(chart, spec),
        full_url=f"{spec.page}?{page_query}" if page_query else spec.page,
    )
