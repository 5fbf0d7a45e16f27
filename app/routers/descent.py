"""The descent surface: the page /descent, its JSON twin and GET /api/v1/descent."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from app.pages.weights import descent_state, keep_typed, parse_pairs
from app.querystring import query_string
from app.rendering import render
from app.responses import ORJSON
from app.schemas import ValidationErrorOut
from app.schemas_weights import DescentOut, DescentQuery

router = APIRouter()

CLIENT_KEYS = ("query", "shown", "figures", "config", "result", "learning_rate", "errors")


def _state(request: Request) -> dict[str, Any]:
    query, errors = parse_pairs(DescentQuery, request.query_params)
    return keep_typed(descent_state(query, errors), request.query_params)


@router.get("/descent", response_class=HTMLResponse, tags=["pages"])
async def descent_page(request: Request) -> HTMLResponse:
    """Gradient descent runs: step, play and reset; slow, one-step, oscillating, diverging."""
    state = _state(request)
    return render(
        request,
        "descent.html",
        state,
        active="descent",
        twin="/descent.json",
        client_keys=CLIENT_KEYS,
        api_url=f"/api/v1/descent?{query_string(state['query'])}",
    )


@router.get("/descent.json", response_class=ORJSON, tags=["pages"])
async def descent_json(request: Request) -> ORJSON:
    """The JSON twin of /descent: the same state dict the page renders."""
    return ORJSON(_state(request))


@router.get(
    "/api/v1/descent",
    response_model=DescentOut,
    response_class=ORJSON,
    tags=["api"],
    responses={422: {"model": ValidationErrorOut, "description": "A parameter is invalid"}},
)
async def descent_api(q: Annotated[DescentQuery, Query()]) -> ORJSON:
    """A gradient-descent run of at most 500 steps: mode=single moves one output o toward t;
    mode=weights moves (w, b) of o = w·x + b. `status` is converged, running or diverged; a run
    stops before any value leaves ±10⁶."""
    return ORJSON(descent_state(q)["result"])
