"""n samples: the page, its JSON twin and CSV, and the API (the state: app.pages.samples)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from app.pages.samples import (
    DEPENDS,
    SamplesOut,
    SamplesQuery,
    lenient,
    samples_out,
    samples_state,
)
from app.responses import ORJSON
from app.schemas import ValidationErrorOut

router = APIRouter()
SamplesParams = Annotated[SamplesQuery, Query()]


def _state(request: Request) -> dict[str, Any]:
    query, errors = lenient(SamplesQuery, request.query_params, DEPENDS)
    return samples_state(query, errors)


@router.get(
    "/api/v1/samples",
    response_model=SamplesOut,
    response_class=ORJSON,
    tags=["api"],
    responses={422: {"model": ValidationErrorOut, "description": "A parameter is invalid"}},
)
async def samples_api(q: SamplesParams) -> ORJSON:
    """Terms, SSE, MSE and both gradients for the samples (t_i, o_i), or n random rows."""
    t, o = q.data()
    out, _, _ = samples_out(t, o, q.half)
    return ORJSON(out.model_dump())
