"""Liveness for load balancers and Docker's HEALTHCHECK."""

from __future__ import annotations

from fastapi import APIRouter, Request

from app.responses import NO_STORE, ORJSON

router = APIRouter(tags=["health"])


@router.get("/healthz", response_class=ORJSON)
async def healthz(request: Request) -> ORJSON:
    """Answer {"status": "ok"} while the server can take requests, and whether the default
    states' first frames are drawn: "first_frames" is "warming", "ready" or "off"
    (app/frames.py). Not kept by any cache while it is about to change."""
    status = request.app.state.warmer.status
    headers = NO_STORE if status == "warming" else None
    return ORJSON({"status": "ok", "first_frames": status}, headers=headers)
