"""The favicon browsers ask for (the lesson pages and twins: app/routers/lessons.py)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse

from app.resources import resource_dir

router = APIRouter(tags=["pages"])

_FAVICON = resource_dir("static") / "favicon.svg"


@router.get("/favicon.ico", include_in_schema=False)
async def favicon() -> FileResponse:
    """Browsers ask for /favicon.ico whatever the page links; answer with our SVG icon."""
    return FileResponse(_FAVICON, media_type="image/svg+xml")
