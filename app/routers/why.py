"""The guided tour: the page and its JSON twin (the state: app.pages.why)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.pages.why import CLIENT_KEYS, why_state
from app.rendering import render
from app.responses import ORJSON

router = APIRouter(tags=["pages"])


@router.get("/why", response_class=HTMLResponse)
async def why(request: Request) -> HTMLResponse:
    """The guided tour: why a squared loss still has a signed gradient, step by step."""
    return render(
        request, "why.html", why_state(), active="why", twin="/why.json", client_keys=CLIENT_KEYS
    )


@router.get("/why.json", response_class=ORJSON)
async def why_json() -> ORJSON:
    """The JSON twin of `/why`: the same state dict the page renders."""
    return ORJSON(why_state())
