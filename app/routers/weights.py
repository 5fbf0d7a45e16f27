"""The weights API under /api/v1 (the state and its words: app.pages.weights)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from app.lessons import weights as wl
from app.pages.weights import data_of, weights_out
from app.responses import ORJSON, api_router
from app.schemas_weights import WeightsOut, WeightsQuery

router = api_router()


@router.get("/weights", response_model=WeightsOut)
async def weights_api(q: Annotated[WeightsQuery, Query()]) -> ORJSON:
    """Outputs o = w·x + b, the loss, dL/dw = Σ(o − t)·x and dL/db = Σ(o − t) (with ½ and
    without mean; `half` and `mean` switch the convention) and one descent step with `lr`."""
    x, t = data_of(q.x, q.t, q.seed)
    point = wl.at(x, t, q.w, q.b, q.lr, q.half, q.mean)
    return ORJSON(weights_out(x, t, point))
