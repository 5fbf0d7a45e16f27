"""The Jinja2 environment shared by every page."""

from __future__ import annotations

from functools import cache
from typing import Any

import orjson
from fastapi.templating import Jinja2Templates

from app import __version__, snippets
from app.assets import asset_path
from app.nav import NAV, PAGE_CHART
from app.resources import resource_dir

# partial plotly.js builds with only the trace types our figures use (scripts/build-plotly)
PLOTLY_JS = "vendor/plotly-sse-basic-4.1.1.min.js"  # scatter and bar: most pages
PLOTLY_CARTESIAN_JS = "vendor/plotly-sse-contour-4.1.1.min.js"  # adds contour: the (w, b) pages


def _dumps(obj: Any, **_: Any) -> str:
    return orjson.dumps(obj, option=orjson.OPT_SERIALIZE_NUMPY).decode()


def static_url(path: str) -> str:
    """The URL of a file under static/, under its content-hashed name (see app/assets.py)."""
    return f"/static/{asset_path(path)}"


@cache
def templates() -> Jinja2Templates:
    """Templates from templates/, autoescaped, with the app's version available."""
    env = Jinja2Templates(directory=str(resource_dir("templates")))
    env.env.globals.update(
        version=__version__,
        plotly_js=PLOTLY_JS,
        plotly_cartesian_js=PLOTLY_CARTESIAN_JS,
        static_url=static_url,
        nav=NAV,
        page_chart=PAGE_CHART,
        snippet_for=snippets.for_state,
    )
    # orjson for |tojson: the figure data is large; Jinja still escapes <, >, & and '
    env.env.policies["json.dumps_function"] = _dumps
    return env
