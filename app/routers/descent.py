"""The descent API under /api/v1 (the state and its words: app.pages.weights)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from app.pages.descent import descent_state
from app.responses import ORJSON, api_router
from app.schemas_weights import DescentOut, DescentQuery

router = api_router()


@router.get("/descent", response_model=DescentOut)
async def descent_api(q: Annotated[DescentQuery, Query()]) -> ORJSON:
    """A gradient-descent run of at most 500 steps: mode=single moves one output o toward t;
    mode=weights moves (w, b) of o = w·x + b. `status` is converged, running or diverged; a run
    stops before any value leaves ±10⁶."""
    return ORJSON(descent_state(q)["result"])
