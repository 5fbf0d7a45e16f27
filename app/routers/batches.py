"""Mini-batches: the page, its JSON twin and the API (the state: app.pages.batches)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from app.lessons import batches
from app.pages.batches import (
    CLIENT_KEYS,
    DEPENDS,
    BatchesOut,
    BatchesQuery,
    batches_out,
    batches_state,
)
from app.pages.samples import lenient
from app.querystring import query_string
from app.rendering import render
from app.responses import ORJSON
from app.schemas import ValidationErrorOut

router = APIRouter()
BatchesParams = Annotated[BatchesQuery, Query()]


def _state(request: Request) -> dict[str, Any]:
    query, errors = lenient(BatchesQuery, request.query_params, DEPENDS)
    return batches_state(query, errors)


@router.get("/batches", response_class=HTMLResponse, tags=["pages"])
async def batches_page(request: Request) -> HTMLResponse:
    """Mini-batches: each batch's mean gradient against the full-data mean, and their spread."""
    state = _state(request)
    return render(
        request,
        "batches.html",
        state,
        active="batches",
        twin="/batches.json",
        client_keys=CLIENT_KEYS,
        api_url=f"/api/v1/batches?{query_string(state['query'])}",
    )


@router.get("/batches.json", response_class=ORJSON, tags=["pages"])
async def batches_json(request: Request) -> ORJSON:
    """The JSON twin of `/batches`: the same state dict the page renders."""
    return ORJSON(_state(request))


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
