"""API documentation (Swagger UI) served from vendored files, so /docs works offline."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

from app.templating import static_url

router = APIRouter(include_in_schema=False)

SWAGGER = "vendor/swagger-ui-5.35.0"


@router.get("/docs", response_class=HTMLResponse)
async def docs(request: Request) -> HTMLResponse:
    """Swagger UI for the JSON API, with every asset from /static."""
    return get_swagger_ui_html(
        openapi_url=str(request.app.openapi_url),
        title="sse-explainer API",
        swagger_js_url=static_url(f"{SWAGGER}/swagger-ui-bundle.js"),
        swagger_css_url=static_url(f"{SWAGGER}/swagger-ui.css"),
        swagger_favicon_url=static_url("favicon.svg"),
        # null turns off the badge Swagger UI would otherwise fetch from validator.swagger.io
        swagger_ui_parameters={"validatorUrl": None},
    )
