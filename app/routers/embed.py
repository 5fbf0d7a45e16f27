"""Embeddable charts: /embed/<chart> shows one chart (plus chosen controls) for an iframe, and
/embed/<chart>.svg, .png and .pdf are the same chart of the same state as an image."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response

from app.error_pages import embed_not_found
from app.errors import parse_lenient
from app.i18n import _
from app.pages.charts import EMBEDS, EmbedQuery, parse_controls, title_of
from app.pages.exercises import ExerciseLook, page_state
from app.pages.images import FORMATS, drawn, image_of
from app.querystring import query_string
from app.renderer import Busy, ImageError, Renderer
from app.rendering import render
from app.responses import NO_STORE, unprocessable

router = APIRouter(include_in_schema=False)


def _no_chart(chart: str) -> Response:
    return embed_not_found(chart, [(key, title_of(key, each)) for key, each in EMBEDS.items()])


# before /embed/{chart}, which would take it for a chart's name
@router.get("/embed/exercise", response_class=HTMLResponse)
async def exercise(request: Request) -> Response:
    """The exercise alone, sized for an iframe in a course page: the /exercise page's question
    (seed, set, or an instructor's own t, o, lr) without the site's navigation."""
    look, look_errors = parse_lenient(ExerciseLook, request.query_params)
    carry = {} if look.theme == "auto" else {"theme": look.theme}
    state, drawn = page_state(request.query_params, "/embed/exercise", carry)
    response = render(
        request,
        "embed_exercise.html",
        state,
        active="embed",
        twin="/exercise.json",
        client_keys=(),
        exercise=True,
        look=look,
        look_errors=look_errors,
        title=_("Exercise: the sign of the gradient"),
        full_url=state["exercise"]["question_url"],
    )
    if drawn:
        response.headers.update(NO_STORE)
    return response


# first: /embed/{chart} would take "loss.png" as a chart's name
@router.get("/embed/{chart}.{fmt}")
async def image(request: Request, chart: str, fmt: str) -> Response:
    """The chart of the state in the query as SVG, PNG or PDF, drawn by Plotly's own static
    export from the figure the page draws (app/renderer.py); 422 names a bad field, 503 says
    why no image can be drawn now."""
    if chart not in EMBEDS or fmt not in FORMATS:
        return _no_chart(f"{chart}.{fmt}")
    made = image_of(chart, request.query_params)
    if isinstance(made, dict):
        return unprocessable(made)
    renderer: Renderer = request.app.state.renderer
    try:
        body = await drawn(renderer, made, fmt)  # type: ignore[arg-type]
    except ImageError as error:
        headers = {"Cache-Control": "no-store"}
        if isinstance(error, Busy):
            headers["Retry-After"] = str(error.retry_after)
        return PlainTextResponse(str(error), status_code=503, headers=headers)
    disposition = "attachment" if request.query_params.get("download") == "1" else "inline"
    return Response(
        body,
        media_type=FORMATS[fmt],
        headers={"Content-Disposition": f'{disposition}; filename="{made.filename}.{fmt}"'},
    )


@router.get("/embed/{chart}", response_class=HTMLResponse)
async def embed(request: Request, chart: str) -> Response:
    """One chart of a lesson, without navigation, sized for an iframe."""
    spec = EMBEDS.get(chart)
    if spec is None:
        return _no_chart(chart)
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
        lookup=spec.lookup,
        page=spec.page,
        theme=look.theme,
        spec=spec,
        chart=chart,
        look=look,
        shown_controls=shown_controls,
        title=title_of(chart, spec),
        full_url=f"{spec.page}?{page_query}" if page_query else spec.page,
    )
