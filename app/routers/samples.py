"""The samples API under /api/v1 (the state and its words: app.pages.samples)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from app.pages.samples import SamplesOut, SamplesQuery, samples_out
from app.responses import ORJSON, api_router

router = api_router()
SamplesParams = Annotated[SamplesQuery, Query()]


@router.get("/samples", response_model=SamplesOut)
async def samples_api(q: SamplesParams) -> ORJSON:
    """Terms, SSE, MSE and both gradients for the samples (t_i, o_i), or n random rows."""
    t, o = q.data()
    out, _, _ = samples_out(t, o, q.half)
    return ORJSON(out.model_dump())
