"""Exercises: the page, its JSON twin and the API (the state: app.pages.exercises)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from app.pages.exercises import (
    MAX_SEEDS,
    Asked,
    CheckIn,
    CheckOut,
    ExerciseOut,
    NewQuery,
    check_out,
    exercise_out,
    own_of,
    page_state,
    random_seed,
)
from app.rendering import render
from app.responses import NO_STORE, ORJSON, api_router

router = APIRouter(tags=["exercises"])
api = api_router("/api/v1/exercises")


@router.get("/exercise", response_class=HTMLResponse)
async def exercise_page(request: Request) -> HTMLResponse:
    """One exercise on its own page; works as a plain GET form without JavaScript."""
    state, drawn = page_state(request.query_params)
    response = render(
        request,
        "exercise.html",
        state,
        active="exercise",
        twin="/exercise.json",
        client_keys=(),
        max_seeds=MAX_SEEDS,
    )
    if drawn:
        response.headers.update(NO_STORE)
    return response


@router.get("/exercise.json", response_class=ORJSON)
async def exercise_json(request: Request) -> ORJSON:
    """The JSON twin of `/exercise`: the same state dict the page renders."""
    state, drawn = page_state(request.query_params)
    return ORJSON(state, headers=NO_STORE if drawn else None)


@api.get("/new", response_model=ExerciseOut)
async def new(q: Annotated[NewQuery, Query()]) -> ORJSON:
    """A new question; the same kind, seed and half always give the same numbers. With t and o
    (and lr), your own question instead."""
    own = own_of(q)
    drawn = own is None and q.seed is None
    seed = random_seed() if drawn else q.seed
    exercise = Asked(q.kind, q.half, seed=seed, own=own).exercise()
    return ORJSON(exercise_out(exercise), headers=NO_STORE if drawn else None)


@api.post(
    "/check",
    response_model=CheckOut,
    responses={400: {"description": "The body is not JSON (FastAPI answers before validation)"}},
)
async def check(body: CheckIn) -> ORJSON:
    """Check a learner's sign and move for the question of (kind, seed, half), or of your own
    (t, o, lr, half); add to the score."""
    exercise = Asked(body.kind, body.half, seed=body.seed, own=own_of(body)).exercise()
    return ORJSON(check_out(exercise, body.sign, body.move, body.score, body.tries))


router.include_router(api)
