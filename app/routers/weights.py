"""The weights surface: the page /weights, its JSON twin and GET /api/v1/weights."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from app.lessons import weights as wl
from app.pages.weights import data_of, keep_typed, parse_pairs, weights_out, weights_state
from app.responses import ORJSON
from app.schemas import ValidationErrorOut
from app.schemas_weights import WeightsOut, WeightsQuery

router = APIRouter()

CLIENT_KEYS = ("query", "shown", "controls", "figures", "config", "errors")


def _state(request: Request) -> dict[str, Any]:
    query, errors = parse_pairs(WeightsQuery, request.query_params)
    return keep_typed(weights_state(query, errors), request.query_params)


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
