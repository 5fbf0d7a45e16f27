"""JSON responses encoded with orjson (many times faster than the stdlib on figure-sized data)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson
from starlette.responses import JSONResponse, PlainTextResponse

if TYPE_CHECKING:
    from fastapi import APIRouter


# an answer no cache may keep (the response cache in app/cache.py, a proxy's, the browser's)
NO_STORE = {"Cache-Control": "no-store"}


class ORJSON(JSONResponse):
    """application/json encoded by orjson; numpy arrays are written as lists.

    A JSONResponse subclass so that FastAPI documents a route's `response_model` in the
    OpenAPI schema (for any other response class it writes `{"type": "string"}`).
    """

    def render(self, content: Any) -> bytes:
        """Encode content. orjson writes NaN and ±inf as null: the maths must not make them."""
        return orjson.dumps(content, option=orjson.OPT_SERIALIZE_NUMPY)


class CSV(PlainTextResponse):
    """text/csv, so that the OpenAPI schema names the content type the CSV routes send."""

    media_type = "text/csv"


def unprocessable(detail: list[dict[str, Any]] | dict[str, str]) -> ORJSON:
    """422 naming each bad field in plain words, as the API answers one (app.main): `detail`
    as the API's items, or {field: message} for query fields."""
    if isinstance(detail, dict):
        detail = [
            {"loc": ["query", field], "field": field, "msg": msg, "type": "value_error"}
            for field, msg in detail.items()
        ]
    return ORJSON(
        {"detail": detail, "message": " ".join(str(item["msg"]) for item in detail)},
        status_code=422,
        headers=NO_STORE,  # an error: no cache keeps it
    )


def documented_422() -> dict[int | str, dict[str, Any]]:
    """A route's 422 for its OpenAPI schema: `unprocessable`'s body."""
    from app.schemas import ValidationErrorOut

    return {422: {"model": ValidationErrorOut, "description": "A parameter is invalid"}}


def api_router(prefix: str = "/api/v1") -> APIRouter:
    """A router for the JSON API: answers in orjson, tagged "api", its 422 documented."""
    from fastapi import APIRouter

    return APIRouter(
        prefix=prefix, tags=["api"], default_response_class=ORJSON, responses=documented_422()
    )
