"""The descent surface: the page /descent, its JSON twin and GET /api/v1/descent."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from app.pages.weights import descent_state, keep_typed, parse_pairs
from app.responses import ORJSON
from app.schemas import ValidationErrorOut
from app.schemas_weights import DescentOut, DescentQuery

router = APIRouter()

CLIENT_KEYS = ("query", "shown", "figures", "config", "result", "learning_rate", "errors")


def _state(request: Request) -> dict[str, Any]:
    query, errors = parse_pairs(DescentQuery, request.query_params)
    return keep_typed(descent_state(query, errors), request.query_params)


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
