"""The two reference servers the bench starts beside the app, each under its own uvicorn.

- `floor`: FastAPI's floor, an async route returning a constant dict.
- `naive`: what a user would write first, `plotly.graph_objects.Figure(fig).to_json()` per request,
  from the same single-output loss figure dict the app draws at t = 1, o = 0.3, η = 0.5.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Response

floor = FastAPI()


@floor.get("/")
async def constant() -> dict[str, Any]:
    """The constant dict: FastAPI's own floor."""
    return {"status": "ok", "value": 1}


naive = FastAPI()


def _loss_figure() -> dict[str, Any]:
    from app.pages.single import single_state
    from app.schemas import SingleQuery

    figure: dict[str, Any] = single_state(SingleQuery(t=1, o=0.3, lr=0.5))["figures"]["loss"]
    return figure


_FIGURE = _loss_figure()


@naive.get("/")
async def naive_figure() -> Response:
    """The loss figure through plotly's graph objects, validated and encoded per request."""
    import plotly.graph_objects as go

    return Response(go.Figure(_FIGURE).to_json(), media_type="application/json")
