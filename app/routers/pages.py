"""Server-rendered pages, each with a JSON twin built from the same state dict."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse

from app.errors import parse_lenient
from app.pages.exercises import exercise_for_page
from app.pages.single import CLIENT_KEYS, single_state
from app.querystring import query_string
from app.rendering import render
from app.resources import resource_dir
from app.responses import ORJSON
from app.schemas import LossQuery

router = APIRouter(tags=["pages"])

_FAVICON = resource_dir("static") / "favicon.svg"


def _single(request: Request) -> dict[str, Any]:
    query, errors = parse_lenient(LossQuery, request.query_params)
    return single_state(query, errors)


@router.get("/", response_class=HTMLResponse)
async def index(request: Request) -> HTMLResponse:
    """The single-sample explainer: loss, tangent, gradient sign and one descent step."""
    state = _single(request)
    return render(
        request,
        "index.html",
        state,
        active="single",
        twin="/index.json",
        client_keys=CLIENT_KEYS,
        api_url=f"/api/v1/loss?{query_string(state['query'])}",
        csv_url=f"/index.csv?{query_string(state['query'])}",
        exercise_state=exercise_for_page(request.query_params, "single", state["query"]["half"]),
    )


@router.get("/index.json", response_class=ORJSON)
async def index_json(request: Request) -> ORJSON:
    """The JSON twin of `/`: the same state dict the page renders."""
    return ORJSON(_single(request))


@router.get("/favicon.ico", include_in_schema=False)
async def favicon() -> FileResponse:
    """Browsers ask for /favicon.ico whatever the page links; answer with our SVG icon."""
    return FileResponse(_FAVICON, media_type="image/svg+xml")
