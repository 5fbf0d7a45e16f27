"""Exercises: the page, its JSON twin and the API (the state: app.pages.exercises)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from app.lessons import exercises as ex
from app.pages.exercises import (
    NO_STORE,
    CheckIn,
    CheckOut,
    ExerciseOut,
    NewQuery,
    check_out,
    exercise_out,
    page_state,
    random_seed,
)
from app.rendering import render
from app.responses import ORJSON, api_router

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
    """A new question; the same kind, seed and half always give the same numbers."""
    seed = random_seed() if q.seed is None else q.seed
    headers = NO_STORE if q.seed is None else None
    return ORJSON(exercise_out(ex.new_exercise(seed, q.kind, q.half)), headers=headers)


@api.post(
    "/check",
    response_model=CheckOut,
    responses={400: {"description": "The body is not JSON (FastAPI answers before validation)"}},
)
async def check(body: CheckIn) -> ORJSON:
    """Check a learner's sign and move for the question of (kind, seed, half); add to the score."""
    exercise = ex.new_exercise(body.seed, body.kind, body.half)
    return ORJSON(check_out(exercise, body.sign, body.move, body.score, body.tries))


router.include_router(api)
