"""n samples: the page, its JSON twin and CSV, and the API (the state: app.pages.samples)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from app import snippets
from app.pages.exercises import exercise_for_page
from app.pages.samples import (
    CLIENT_KEYS,
    DEPENDS,
    SamplesOut,
    SamplesQuery,
    lenient,
    samples_out,
    samples_state,
)
from app.querystring import query_string
from app.rendering import render
from app.responses import ORJSON
from app.schemas import ValidationErrorOut

router = APIRouter()
SamplesParams = Annotated[SamplesQuery, Query()]


def _state(request: Request) -> dict[str, Any]:
    query, errors = lenient(SamplesQuery, request.query_params, DEPENDS)
    return samples_state(query, errors)


@router.get("/samples", response_class=HTMLResponse, tags=["pages"])
async def samples_page(request: Request) -> HTMLResponse:
    """n samples: each term, SSE (their sum), MSE (their mean) and every dL/do_i."""
    state = _state(request)
    result = state["result"]
    return render(
        request,
        "samples.html",
        state,
        active="samples",
        twin="/samples.json",
        client_keys=CLIENT_KEYS,
        api_url=f"/api/v1/samples?{query_string(state['query'])}",
        csv_url=f"/samples.csv?{query_string(state['query'])}",
        snippet=snippets.samples(result["t"], result["o"], result["half"]),
        exercise_state=exercise_for_page(request.query_params, "samples", result["half"]),
    )


@router.get("/samples.json", response_class=ORJSON, tags=["pages"])
async def samples_json(request: Request) -> ORJSON:
    """The JSON twin of `/samples`: the same state dict the page renders."""
    return ORJSON(_state(request))


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
