"""The losses API under /api/v1 (the state and its words: app.pages.losses)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query
from fastapi.exceptions import RequestValidationError

from app.lessons import losses
from app.pages.losses import (
    LossesQuery,
    LossValueOut,
    Name,
    domain_errors,
    value_out,
)
from app.responses import ORJSON, api_router

router = api_router()


@router.get("/losses/{name}", response_model=LossValueOut)
async def loss_value(name: Name, q: Annotated[LossesQuery, Query()]) -> ORJSON:
    """One loss at target t and output o: L and dL/do, or where dL/do does not exist
    (absolute error at o = t) the subgradient interval. Cross-entropy needs 0 ≤ t ≤ 1 and
    0 < o < 1; `half` applies to squared error; Huber_δ(e) = ½e² for |e| ≤ δ, else
    δ(|e| − ½δ), so its quadratic part is squared error with the ½."""
    bad = domain_errors(name.value, q.t, q.o)
    if bad:
        raise RequestValidationError(
            [
                {
                    "type": "domain",
                    "loc": ("query", field),
                    "msg": reason,
                    "input": getattr(q, field),
                }
                for field, reason in bad.items()
            ]
        )
    point = losses.at(name.value, q.t, q.o, q.delta, q.half)
    return ORJSON(value_out(point, q).model_dump())
