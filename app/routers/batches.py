"""Mini-batches: the page, its JSON twin and the API (the state: app.pages.batches)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from app.lessons import batches
from app.pages.batches import (
    DEPENDS,
    BatchesOut,
    BatchesQuery,
    batches_out,
    batches_state,
)
from app.pages.samples import lenient
from app.responses import ORJSON
from app.schemas import ValidationErrorOut

router = APIRouter()
BatchesParams = Annotated[BatchesQuery, Query()]


def _state(request: Request) -> dict[str, Any]:
    query, errors = lenient(BatchesQuery, request.query_params, DEPENDS)
    return batches_state(query, errors)


@router.get(
    "/api/v1/batches",
    response_model=BatchesOut,
    response_class=ORJSON,
    tags=["api"],
    responses={422: {"model": ValidationErrorOut, "description": "A parameter is invalid"}},
)
async def batches_api(q: BatchesParams) -> ORJSON:
    """One epoch: the batches drawn, each batch's mean gradient, the full mean and the spread."""
    b = batches.epoch(list(q.t), list(q.o), q.size, q.seed, q.half)
    return ORJSON(batches_out(b))
