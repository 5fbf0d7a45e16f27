"""The weights surface: the page /weights, its JSON twin and GET /api/v1/weights."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from app.lessons import weights as wl
from app.pages.weights import data_of, keep_typed, parse_pairs, weights_out, weights_state
from app.querystring import query_string
from app.rendering import render
from app.responses import ORJSON
from app.schemas import ValidationErrorOut
from app.schemas_weights import WeightsOut, WeightsQuery

router = APIRouter()

CLIENT_KEYS = ("query", "shown", "controls", "figures", "config", "errors")


def _state(request: Request) -> dict[str, Any]:
    query, errors = parse_pairs(WeightsQuery, request.query_params)
    return keep_typed(weights_state(query, errors), request.query_params)


@router.get("/weights", response_class=HTMLResponse, tags=["pages"])
async def weights_page(request: Request) -> HTMLResponse:
    """From outputs to weights: the chain rule to dL/dw and dL/db for o = w·x + b."""
    state = _state(request)
    return render(
        request,
        "weights.html",
        state,
        active="weights",
        twin="/weights.json",
        client_keys=CLIENT_KEYS,
        api_url=f"/api/v1/weights?{query_string(state['query'])}",
    )


@router.get("/weights.json", response_class=ORJSON, tags=["pages"])
async def weights_json(request: Request) -> ORJSON:
    """The JSON twin of /weights: the same state dict the page renders."""
    return ORJSON(_state(request))


@router.get(
    "/api/v1/weights",
    response_model=WeightsOut,
    response_class=ORJSON,
    tags=["api"],
    responses={422: {"model": ValidationErrorOut, "description": "A parameter is invalid"}},
)
async def weights_api(q: Annotated[WeightsQuery, Query()]) -> ORJSON:
    """Outputs o = w·x + b, the loss, dL/dw = Σ(o − t)·x and dL/db = Σ(o − t) (with ½ and
    without mean; `half` and `mean` switch the convention) and one descent step with `lr`."""
    x, t = data_of(q.x, q.t, q.seed)
    point = wl.at(x, t, q.w, q.b, q.lr, q.half, q.mean)
    return ORJSON(weights_out(x, t, point))
