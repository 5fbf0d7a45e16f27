"""Server-rendered pages, each with a JSON twin built from the same state dict."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse

from app.errors import parse_lenient
from app.resources import resource_dir
from app.responses import ORJSON
from app.schemas import LossQuery
from app.state import single_state
from app.templating import templates

router = APIRouter(tags=["pages"])

_FAVICON = resource_dir("static") / "favicon.svg"


def query_string(query: dict[str, Any]) -> str:
    """A state as a URL query: booleans as 1/0, lists as comma-separated numbers."""

    def text(value: Any) -> str:
        if isinstance(value, bool):
            return "1" if value else "0"
        if isinstance(value, list | tuple):
            return ",".join(text(v) for v in value)
        return str(value)

    return urlencode({key: text(value) for key, value in query.items()})


# what explainer.js needs; the rest of the state is already in the HTML
CLIENT_KEYS = (
    "query",
    "shown",
    "sentences",
    "half_notes",
    "controls",
    "figures",
    "lookup",
    "config",
)


def _single(request: Request) -> dict[str, Any]:
    query, errors = parse_lenient(LossQuery, request.query_params)
    return single_state(query, errors)


@router.get("/", response_class=HTMLResponse)
async def index(request: Request) -> HTMLResponse:
    """The single-sample explainer: loss, tangent, gradient sign and one descent step."""
    state = _single(request)
    query = query_string(state["query"])
    context = {
        "active": "single",
        "state": state,
        "client": {key: state[key] for key in CLIENT_KEYS},
        "json_url": f"{request.url_for('index_json').path}?{query}",
        "api_url": f"{request.url_for('loss').path}?{query}",
    }
    return templates().TemplateResponse(request, "index.html", context)


@router.get("/index.json", response_class=ORJSON)
async def index_json(request: Request) -> ORJSON:
    """The JSON twin of `/`: the same state dict the page renders."""
    return ORJSON(_single(request))


@router.get("/favicon.ico", include_in_schema=False)
async def favicon() -> FileResponse:
    """Browsers ask for /favicon.ico whatever the page links; answer with our SVG icon."""
    return FileResponse(_FAVICON, media_type="image/svg+xml")
