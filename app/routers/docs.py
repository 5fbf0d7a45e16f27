"""API documentation (Swagger UI) served from vendored files, so /docs works offline."""

from __future__ import annotations

import re

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

from app.middleware import csp
from app.templating import static_url

router = APIRouter(include_in_schema=False)

SWAGGER = "vendor/swagger-ui-5.35.0"


@router.get("/docs", response_class=HTMLResponse)
async def docs(request: Request) -> HTMLResponse:
    """Swagger UI for the JSON API, with every asset from /static."""
    page = get_swagger_ui_html(
        openapi_url=str(request.app.openapi_url),
        title="sse-explainer API",
        swagger_js_url=static_url(f"{SWAGGER}/swagger-ui-bundle.js"),
        swagger_css_url=static_url(f"{SWAGGER}/swagger-ui.css"),
        swagger_favicon_url=static_url("favicon.svg"),
        # null turns off the badge Swagger UI would otherwise fetch from validator.swagger.io
        swagger_ui_parameters={"validatorUrl": None},
    )
    # Swagger UI starts from one inline script: allow exactly that script by its hash
    body = bytes(page.body).decode()
    scripts = re.findall(r"<script>(.*?)</script>", body, re.S)
    page.headers["content-security-policy"] = csp(*scripts)
    return page
