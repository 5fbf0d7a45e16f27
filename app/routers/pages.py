"""Server-rendered pages, each with a JSON twin built from the same state dict."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse

from app.errors import parse_lenient
from app.pages.single import single_state
from app.resources import resource_dir
from app.schemas import LossQuery

router = APIRouter(tags=["pages"])

_FAVICON = resource_dir("static") / "favicon.svg"


def _single(request: Request) -> dict[str, Any]:
    query, errors = parse_lenient(LossQuery, request.query_params)
    return single_state(query, errors)


@router.get("/favicon.ico", include_in_schema=False)
async def favicon() -> FileResponse:
    """Browsers ask for /favicon.ico whatever the page links; answer with our SVG icon."""
    return FileResponse(_FAVICON, media_type="image/svg+xml")
