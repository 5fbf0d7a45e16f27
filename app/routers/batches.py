"""The batches API under /api/v1 (the state and its words: app.pages.batches)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from app.lessons import batches
from app.pages.batches import BatchesOut, BatchesQuery, batches_out
from app.responses import ORJSON, api_router

router = api_router()
BatchesParams = Annotated[BatchesQuery, Query()]


@router.get("/batches", response_model=BatchesOut)
async def batches_api(q: BatchesParams) -> ORJSON:
    """One epoch: the batches drawn, each batch's mean gradient, the full mean and the spread."""
    b = batches.epoch(list(q.t), list(q.o), q.size, q.seed, q.half)
    return ORJSON(batches_out(b))
