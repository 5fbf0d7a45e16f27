"""The application factory: settings, routers, static files and error handlers in one place."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from functools import partial
from importlib import import_module
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from app import __version__
from app.allocator import tune, tune_gc
from app.cache import ResponseCache
from app.config import Settings
from app.error_pages import http_error
from app.errors import field_of, message
from app.frames import Warmer, warm_urls
from app.i18n import Language
from app.logs import AccessLog
from app.middleware import (
    Compress,
    ETag,
    Failsafe,
    FrameHeaders,
    HeadAsGet,
    LimitURL,
    OneHost,
    cache_control,
)
from app.pages.registry import LESSONS
from app.precompressed import PrecompressedStatic, StaticTree
from app.renderer import Renderer, find_chromium
from app.responses import ORJSON, unprocessable
from app.routers import csvs, docs, embed, exercises, health, lessons, oembed, pages


async def _validation_error(request: Request, exc: Exception) -> ORJSON:
    """422 naming each bad field in plain words; no stack trace ever reaches the client."""
    assert isinstance(exc, RequestValidationError)
    detail: list[dict[str, Any]] = []
    for error in exc.errors():
        field = field_of(error)
        detail.append(
            {
                "loc": list(error.get("loc", ())),
                "field": field,
                "msg": message(field, error),
                "type": str(error.get("type", "")),
            }
        )
    return unprocessable(detail)


URI_TOO_LONG = {
    "description": "The query string is longer than the server takes (lists hold at most 1000"
    " numbers): a sentence says the limit",
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "properties": {"detail": {"type": "string"}},
                "required": ["detail"],
            }
        }
    },
}


def _openapi_with_limits(app: FastAPI, build: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """FastAPI's schema, with the 414 that LimitURL answers before routing documented on every
    operation that takes a query."""
    if app.openapi_schema is not None:
        return app.openapi_schema
    schema = build()
    for item in schema.get("paths", {}).values():
        for operation in item.values():
            if any(p.get("in") == "query" for p in operation.get("parameters", [])):
                operation.setdefault("responses", {}).setdefault("414", URI_TOO_LONG)
    return schema


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; tests pass their own Settings."""
    settings = settings or Settings()
    static = StaticTree(Path(settings.static_cache) if settings.static_cache else None)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # the server's event loop exists now: bound its thread pool (see Settings.worker_threads)
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.worker_threads
        if settings.tune:  # a served process (sse-explainer sets it): app.allocator's settings
            tune()
            tune_gc()  # after the app is built: what is alive now is never garbage
        # the compressed static files are ready before the first request (built once a release)
        await static.served()
        if settings.first_frame and settings.first_frame_warm:
            warmer.start()  # the default states' first frames, drawn in the background
        yield
        await warmer.stop()
        await renderer.settle()
        renderer.stop()  # the images' Chromium, if one was started

    app = FastAPI(
        lifespan=lifespan,
        title="sse-explainer",
        version=__version__,
        summary="Why the squared-error loss still has a signed gradient, shown and computed.",
        docs_url=None,  # served by routers/docs.py from vendored files, not from a CDN
        redoc_url=None,
    )
    app.state.settings = settings
    # chart images (/embed/<chart>.svg|png): one Chromium, started at the first image
    renderer = Renderer(
        find_chromium(settings.chromium),
        settings.image_tabs,
        settings.image_queue,
        settings.image_timeout,
        settings.image_recycle,
        settings.image_idle,
    )
    app.state.renderer = renderer
    warmer = Warmer(renderer, warm_urls())
    app.state.warmer = warmer
    app.openapi = partial(_openapi_with_limits, app, app.openapi)  # type: ignore[method-assign]
    app.add_exception_handler(RequestValidationError, _validation_error)
    # an unknown page is a page too: HTML in the site's layout (JSON stays for the API)
    app.add_exception_handler(StarletteHTTPException, http_error)
    # each lesson's API first (a request walks the routes in order: the small API answers feel
    # a dozen routes ahead of them, the pages do not), then every lesson's page and twin
    for lesson in LESSONS:  # a lesson's API, where it has one, is app/routers/<key>.py
        if find_spec(f"app.routers.{lesson.key}") is not None:
            app.include_router(import_module(f"app.routers.{lesson.key}").router)
    app.include_router(exercises.router)
    app.include_router(lessons.router)
    app.include_router(pages.router)
    app.include_router(health.router)
    app.include_router(docs.router)
    app.include_router(embed.router)
    app.include_router(oembed.router)
    app.include_router(csvs.router)
    # the request's language (?lang=, Accept-Language) for the pages; innermost, so the ETag
    # below tags each language's body apart
    app.add_middleware(Language)
    # pages and JSON revalidate cheaply: an ETag of the body, 304 when the client has it
    app.add_middleware(ETag, cache_control=cache_control(settings.shared_max_age))
    # answers of MINIMUM_SIZE and more travel compressed: brotli or gzip, by type and client
    app.add_middleware(Compress)
    app.add_middleware(
        LimitURL,
        max_query_bytes=settings.max_query_bytes,
        max_path_bytes=settings.max_path_bytes,
    )
    # a state many visitors open (a course's link, an embed) is built once: the URL is the state
    app.add_middleware(ResponseCache, max_bytes=int(settings.response_cache_mb * 2**20))
    # static files: compressed once per release, served as stored bytes (app/precompressed.py)
    app.add_middleware(PrecompressedStatic, tree=static)
    # a failure below becomes a 500 page with the headers below, never a traceback
    app.add_middleware(Failsafe)
    app.add_middleware(HeadAsGet)
    # one request means one thing: two Host fields get 400 before anything reads either
    app.add_middleware(OneHost)
    # outside everything that answers, so every answer (400, 414, 500, cache hits) carries them
    app.add_middleware(
        FrameHeaders,
        embeds=settings.embed_frame_ancestors,
        pages=settings.page_frame_ancestors,
    )
    if settings.access_log:
        app.add_middleware(AccessLog)
    return app


app = create_app()
