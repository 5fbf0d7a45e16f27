"""The numbers of each lesson page as CSV: per-sample rows, batches, trajectories."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.pages.charts import EMBEDS
from app.rendering import csv_response

router = APIRouter(include_in_schema=False)

Rows = list[list[Any]]


def _losses(result: dict[str, Any]) -> Rows:
    rows: Rows = [["loss", "t", "o", "L", "dL/do", "subgradient low", "subgradient high"]]
    for name, r in result.items():
        if r is None:  # cross-entropy outside 0 < o < 1, 0 <= t <= 1: no numbers to write
            rows.append([name, "", "", "", "", "", ""])
            continue
        sub = r["subgradient"] or {}
        rows.append(
            [name, r["target"], r["output"], r["loss"], r["gradient"], sub.get("lo"), sub.get("hi")]
        )
    return rows


def _batches(result: dict[str, Any]) -> Rows:
    rows: Rows = [["batch", "size", "samples (1-based)", "mean dL/do"]]
    for k, batch in enumerate(result["batches"], start=1):
        samples = " ".join(str(i + 1) for i in batch["indices"])
        rows.append([k, batch["size"], samples, batch["mean_gradient"]])
    rows.append(["full data", result["n"], "all", result["full_mean_gradient"]])
    rows.append(["epoch average (size-weighted)", "", "", result["epoch_average"]])
    return rows


def _weights(result: dict[str, Any]) -> Rows:
    rows: Rows = [["i", "x", "t", "o = w·x + b", "o − t", "(o − t)·x"]]
    for i, (x, t, o) in enumerate(zip(result["x"], result["t"], result["outputs"], strict=True)):
        # exact, as the page writes them: the decimals as shown, not binary float noise
        dx, dt, do = (Decimal(repr(float(v))) for v in (x, t, o))
        rows.append([i + 1, x, t, o, float(do - dt), float((do - dt) * dx)])
    rows.append(["w", result["w"], "", "", "", ""])
    rows.append(["b", result["b"], "", "", "", ""])
    rows.append(["loss", result["loss"], "", "", "", ""])
    rows.append(["dL/dw", result["gradient"]["w"], "", "", "", ""])
    rows.append(["dL/db", result["gradient"]["b"], "", "", "", ""])
    return rows


def _descent(result: dict[str, Any]) -> Rows:
    names = list(result["trajectory"])
    rows: Rows = [["iteration", *names, "loss", *(f"dL/d{n}" for n in names)]]
    for k, loss in enumerate(result["loss"]):
        values = [result["trajectory"][n][k] for n in names]
        grads = [result["gradient"][n][k] if k < len(result["gradient"][n]) else "" for n in names]
        rows.append([k, *values, loss, *grads])
    return rows


# page path -> (an embed of that page, for its state function; the rows)
TABLES: dict[str, tuple[str, Callable[[dict[str, Any]], Rows]]] = {
    "/losses": ("losses-loss", _losses),
    "/batches": ("batches", _batches),
    "/weights": ("weights-fit", _weights),
    "/descent": ("descent", _descent),
}


def rows_for(path: str, params: Mapping[str, str]) -> Rows:
    """The CSV rows of a page for the given query parameters."""
    embed, rows = TABLES[path]
    state, _ = EMBEDS[embed].state(params)
    return rows(state["result"])


def _route(path: str) -> Callable[[Request], Any]:
    async def download(request: Request) -> Response:
        name = path.strip("/")
        return csv_response(rows_for(path, request.query_params), f"sse-explainer-{name}.csv")

    download.__doc__ = f"The numbers of {path} as CSV."
    return download


for _path in TABLES:
    router.add_api_route(f"{_path}.csv", _route(_path), methods=["GET"], name=f"{_path[1:]}_csv")
