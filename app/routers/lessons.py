"""Every lesson's page and JSON twin, generated from the registry (app/pages/registry.py): one
page handler and one twin handler, whatever the lesson."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.pages.registry import LESSONS, Lesson, LookupTwin
from app.querystring import query_string
from app.rendering import render
from app.responses import ORJSON, documented_422, unprocessable

router = APIRouter(tags=["pages"])


def _page(lesson: Lesson) -> Callable[[Request], Awaitable[HTMLResponse]]:
    async def page(request: Request) -> HTMLResponse:
        params = request.query_params
        state = lesson.build(params)
        query = query_string(state["query"])  # once: the twin, CSV and API links all carry it
        links = {"api_url": lesson.api_url(state, query)}
        if lesson.csv_path:
            links["csv_url"] = f"{lesson.csv_path}?{query}"
        extras = lesson.extras(params, state) if lesson.extras else {}
        return render(
            request,
            lesson.template,
            state,
            active=lesson.key,
            twin=lesson.twin,
            client_keys=lesson.client_keys,
            lookup=lesson.lookup,
            query=query,
            page=lesson.path,
            lesson=lesson,
            snippet=lesson.snippet(state) if lesson.snippet else None,
            **links,
            **extras,
        )

    page.__doc__ = lesson.summary
    return page


def _twin(lesson: Lesson) -> Callable[[Request], Awaitable[ORJSON]]:
    async def twin(request: Request) -> ORJSON:
        return ORJSON(lesson.build(request.query_params))

    twin.__doc__ = f"The JSON twin of `{lesson.path}`: the same state dict the page renders."
    return twin


# an embed in `sandbox="allow-scripts"` (how WordPress wraps oEmbed iframes) has an opaque
# origin, so its fetch of the lookup twin is cross-origin: the arrays are public, asked for
# without credentials, and any page may read them
ANY_ORIGIN = {"Access-Control-Allow-Origin": "*"}


def _lookup(lesson: Lesson, twin: LookupTwin) -> Callable[[Request], Awaitable[Response]]:
    async def lookup(request: Request) -> Response:
        state = lesson.build(request.query_params)
        if state["errors"]:  # asked only by the page, for its own state: exactly as asked
            return unprocessable(state["errors"])
        return ORJSON(twin.answer(state), headers=ANY_ORIGIN)

    lookup.__doc__ = (
        f"The lookup arrays of `{lesson.path}` (the state's {', '.join(twin.keys)}), which its"
        " script fetches once it starts: the output slider looks its numbers up in them."
        " 422 names a bad field."
    )
    return lookup


for _lesson in LESSONS:
    router.add_api_route(
        _lesson.path, _page(_lesson), response_class=HTMLResponse, name=f"{_lesson.key}_page"
    )
    router.add_api_route(
        _lesson.twin, _twin(_lesson), response_class=ORJSON, name=f"{_lesson.key}_json"
    )
    if _lesson.lookup is not None:
        router.add_api_route(
            _lesson.lookup.path,
            _lookup(_lesson, _lesson.lookup),
            response_class=ORJSON,
            name=f"{_lesson.key}_lookup",
            responses=documented_422(),
        )
