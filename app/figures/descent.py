"""Figures for gradient-descent runs: the path on the parabola or on the (w, b) contour, and
the loss against the iteration (log scale). The client reveals the path one step at a time."""

from __future__ import annotations

from typing import Any

import numpy as np

from app.figures import palette
from app.figures.weights import (
    Box,
    base_layout,
    box_around,
    contour_layout,
    contour_trace,
    minimum_trace,
)
from app.i18n import _
from app.lessons import single
from app.lessons import weights as wl
from app.lessons.descent import Run

Figure = dict[str, Any]

CURVE_POINTS = 801  # ≤ 2001


def _path(x: list[float], y: list[float]) -> list[dict[str, Any]]:
    """The whole path, faint, and the part walked so far with its current point."""
    return [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "uid": "path_all",
            "name": _("the whole run"),
            "x": x,
            "y": y,
            # dotted and thin, not translucent: every mark keeps 3:1 against the background
            "line": {"color": palette.STEP, "width": 1.5, "dash": "dot"},
            "marker": {"size": 4, "color": palette.STEP},
            "hoverinfo": "skip",
        },
        {
            "type": "scatter",
            "mode": "lines+markers",
            "uid": "path",
            "name": _("steps taken"),
            "x": x[:1],
            "y": y[:1],
            # every step drawn as a vertex (the client grows this path in place, vertex by vertex)
            "line": {"color": palette.STEP, "width": 3, "simplify": False},
            "marker": {"size": 7, "color": palette.STEP},
            "hoverinfo": "skip",
        },
        {
            "type": "scatter",
            "mode": "markers",
            "uid": "point",
            "name": _("now"),
            "x": x[:1],
            "y": y[:1],
            "marker": {"size": 13, "color": palette.POINT, "line": {"color": "#fff", "width": 2}},
            "hoverinfo": "skip",
        },
    ]


def single_path_figure(t: float, run: Run, half: bool) -> Figure:
    """The parabola L(o) over every output the run visits, with the run's zigzag on it."""
    os_ = run.values["o"]
    reach = max(1.0, max(abs(o - t) for o in os_)) * 1.1
    # geometric spacing away from t: smooth at every zoom, from a few units to a diverged run's
    # millions, so the client can follow the run by zooming (CURVE_POINTS in all)
    side = np.geomspace(reach * 1e-7, reach, CURVE_POINTS // 2)
    grid = t + np.concatenate([-side[::-1], [0.0], side])
    curve = np.asarray(single.loss(np.full_like(grid, t), grid, half), dtype=np.float64)
    target = {
        "type": "scatter",
        "mode": "lines",
        "uid": "target",
        "name": _("target t"),
        "x": [t, t],
        "y": [0, float(curve.max())],
        "line": {"color": palette.TARGET, "width": 1.5, "dash": "dot"},
        "hoverinfo": "skip",
    }
    parabola = {
        "type": "scatter",
        "mode": "lines",
        "uid": "parabola",
        "name": _("loss L(o)"),
        "x": grid.tolist(),
        "y": curve.tolist(),
        "line": {"color": palette.LOSS, "width": 3},
        "hoverinfo": "skip",
    }
    layout = base_layout(_("output o"), _("loss L"), 400, "path")
    layout["xaxis"]["range"] = [t - reach, t + reach]
    return {"data": [parabola, target, *_path(os_, run.loss)], "layout": layout}


def weights_path_figure(q: wl.Bowl, run: Run) -> Figure:
    """The loss contour over (w, b) with the run's path from the start toward the minimum."""
    ws, bs = run.values["w"], run.values["b"]
    box: Box = box_around([*ws, q.w_min], [*bs, q.b_min])
    data = [contour_trace(q, box), minimum_trace(q), *_path(ws, bs)]
    return {"data": data, "layout": contour_layout(box, "path")}


def loss_figure(run: Run) -> Figure:
    """Loss against iteration on a log axis (a loss of exactly 0 has no place on it)."""
    k = list(range(len(run.loss)))
    trace = {"type": "scatter", "hoverinfo": "skip"}
    data = [
        {
            **trace,
            "mode": "lines",
            "uid": "loss_all",
            "name": _("the whole run"),
            "x": k,
            "y": run.loss,
            "line": {"color": palette.LOSS, "width": 1, "dash": "dot"},
        },
        {
            **trace,
            "mode": "lines+markers",
            "uid": "loss_path",
            "name": _("loss so far"),
            "x": k[:1],
            "y": run.loss[:1],
            "line": {"color": palette.LOSS, "width": 3, "simplify": False},
            "marker": {"size": 5, "color": palette.LOSS},
        },
        {
            **trace,
            "mode": "markers",
            "uid": "point",
            "name": _("now"),
            "x": k[:1],
            "y": run.loss[:1],
            "marker": {"size": 11, "color": palette.POINT, "line": {"color": "#fff", "width": 2}},
        },
    ]
    layout = base_layout(_("iteration"), _("loss L (log scale)"), 300, "losses")
    layout["yaxis"]["type"] = "log"
    layout["yaxis"]["exponentformat"] = "power"
    layout["xaxis"]["range"] = [-0.5, max(1, len(k) - 1) + 0.5]
    layout["showlegend"] = False
    return {"data": data, "layout": layout}
