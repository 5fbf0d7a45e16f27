"""The single-output lesson's API under /api/v1: its numbers and the figures its page draws."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from app.lessons import single
from app.pages.single import loss_out, single_state
from app.responses import ORJSON, api_router
from app.schemas import FigureOut, LossOut, SingleQuery

router = api_router("/api/v1")

LossParams = Annotated[SingleQuery, Query()]


@router.get("/loss", response_model=LossOut)
async def loss(q: LossParams) -> ORJSON:
    """Loss, gradient, tangent and one descent step for target t, output o, learning rate lr."""
    return ORJSON(loss_out(single.at(q.t, q.o, q.lr, q.half)).model_dump())


def _figure(q: SingleQuery, name: str) -> dict[str, object]:
    figure: dict[str, object] = single_state(q)["figures"][name]
    return figure


@router.get("/figures/loss", response_model=FigureOut)
async def loss_figure(q: LossParams) -> ORJSON:
    """The loss chart as a Plotly figure: parabola, target, point, tangent and descent step."""
    return ORJSON(_figure(q, "loss"))


@router.get("/figures/gradient", response_model=FigureOut)
async def gradient_figure(q: LossParams) -> ORJSON:
    """The gradient chart as a Plotly figure: the line o − t split at t by sign."""
    return ORJSON(_figure(q, "gradient"))
