"""Liveness for load balancers and Docker's HEALTHCHECK."""

from __future__ import annotations

from fastapi import APIRouter

from app.responses import ORJSON

router = APIRouter(tags=["health"])


@router.get("/healthz", response_class=ORJSON)
async def healthz() -> ORJSON:
    """Answer {"status": "ok"} while the server can take requests."""
    return ORJSON({"status": "ok"})
