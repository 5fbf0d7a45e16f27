"""The numbers of each lesson page as CSV, one route per lesson the registry gives a CSV."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.pages.registry import LESSONS, Lesson
from app.rendering import csv_response
from app.responses import CSV

router = APIRouter()


def _route(lesson: Lesson) -> Callable[[Request], Any]:
    async def download(request: Request) -> Response:
        assert lesson.csv is not None
        rows = lesson.csv(lesson.build(request.query_params))
        return csv_response(rows, f"sse-explainer-{lesson.key}.csv")

    download.__doc__ = f"The numbers of `{lesson.path}` as CSV."
    return download


for _lesson in LESSONS:
    if _lesson.csv_path is not None:
        router.add_api_route(
            _lesson.csv_path,
            _route(_lesson),
            methods=["GET"],
            name=f"{_lesson.key}_csv",
            response_class=CSV,
            tags=["pages"],
        )
