"""The single-output lesson's figures as /api/v1/figures/loss and /gradient answer them, frozen:
the API does not change (tests/test_golden_api.py pins its bytes). The page draws
app/figures/single.py's; this module keeps the v1 colours, legend and zoom."""

from __future__ import annotations

from typing import Any

import numpy as np

from app.figures.layout import chrome
from app.figures.single import View
from app.i18n import _
from app.lessons.single import Curves, Point

Figure = dict[str, Any]

TANGENT_LENGTH = 0.3  # of the plot's diagonal, so a steep tangent stays on screen


class palette:  # noqa: N801 - the v1 colours, where app.figures.palette was
    LOSS = "#0072B2"
    TANGENT = "#CC79A7"
    STEP = "#009E73"
    TARGET = "#555555"
    NEGATIVE = "#0072B2"
    POSITIVE = "#D55E00"
    POINT = "#000000"
    GRID = "#e3e3e3"


def _y_range(view: View) -> list[float]:
    pad = 0.08 * view.loss_max
    return [-pad, view.loss_max + 0.04 * view.loss_max]


def step_height(view: View) -> float:
    """The descent arrow runs just below L = 0, in the chart's bottom margin, clear of the curve."""
    return -0.045 * view.loss_max


def _gradient_range(t: float, view: View) -> list[float]:
    # fits 2(o - t), the steeper convention, so toggling the 1/2 keeps the scale
    reach = 2 * max(view.hi - t, t - view.lo)
    return [-1.08 * reach, 1.08 * reach]


def tangent_half_widths(slope: float, view: View) -> float:
    """Half the x-extent of the drawn tangent, so its on-screen length stays the same."""
    y = _y_range(view)
    x_span = view.hi - view.lo
    y_span = y[1] - y[0]
    s = np.float64(slope)
    return float(TANGENT_LENGTH / 2 / np.sqrt((1 / x_span) ** 2 + (s / y_span) ** 2))


def _base_layout(view: View, y_title: str, y_range: list[float], height: int) -> dict[str, Any]:
    axis = {
        "gridcolor": palette.GRID,
        "zerolinecolor": "#9a9a9a",
        "linecolor": "#9a9a9a",
        "automargin": True,
        "fixedrange": False,
    }
    return {
        **chrome(height),
        "hovermode": "x",
        "hoverdistance": -1,
        "dragmode": "zoom",
        "uirevision": "single",
        "showlegend": True,
        "legend": {"orientation": "h", "x": 0, "y": 1.02, "xanchor": "left", "yanchor": "bottom"},
        "xaxis": {**axis, "title": {"text": _("output o")}, "range": [view.lo, view.hi]},
        "yaxis": {**axis, "title": {"text": y_title}, "range": y_range},
    }


def _tangent_segment(point: Point, view: View) -> tuple[list[float], list[float]]:
    hw = float(tangent_half_widths(point.slope, view))
    o = point.output
    return [o - hw, o + hw], [point.loss - point.slope * hw, point.loss + point.slope * hw]


def _convention(half: bool) -> str:
    return "½(t − o)²" if half else "(t − o)²"


def loss_figure(
    point: Point, curves: Curves, view: View, other: tuple[Point, Curves] | None = None
) -> Figure:
    """Chart 1: the parabola L(o), the target, the current point, its tangent and the step.

    `other` is the same state under the other convention (with or without the 1/2), drawn
    faintly on the same axes: twice or half as tall, its tangent twice or half as steep.
    """
    o, t, half = point.output, point.target, point.half
    tangent_x, tangent_y = _tangent_segment(point, view)
    data: list[dict[str, Any]] = [
        {
            "type": "scatter",
            "mode": "lines",
            "uid": "parabola",
            "name": _("loss L = {convention}").format(convention=_convention(half)),
            "x": curves.output.tolist(),
            "y": curves.loss.tolist(),
            "line": {"color": palette.LOSS, "width": 3},
            "hovertemplate": "o = %{x}<br>L = %{y}<extra></extra>",
        },
        {
            "type": "scatter",
            "mode": "lines+text",
            "uid": "target",
            "name": _("target t"),
            "x": [t, t],
            "y": [0, 0.9 * view.loss_max],
            "text": ["", _("target t")],
            "textposition": "top center",
            "line": {"color": palette.TARGET, "width": 1.5, "dash": "dot"},
            "hoverinfo": "skip",
        },
        {
            "type": "scatter",
            "mode": "lines",
            "uid": "tangent",
            "name": _("tangent: slope = dL/do"),
            "x": tangent_x,
            "y": tangent_y,
            "line": {"color": palette.TANGENT, "width": 3, "dash": "dash"},
            "hoverinfo": "skip",
        },
        step_arrow(_("descent step o → o − η·dL/do"), o, point.next_output, step_height(view)),
        {
            "type": "scatter",
            "mode": "markers",
            "uid": "landing",
            "name": _("after one step"),
            "x": [point.next_output],
            "y": [point.next_loss],
            "marker": {
                "symbol": "circle-open",
                "size": 13,
                "color": palette.STEP,
                "line": {"width": 3},
            },
            "hoverinfo": "skip",
        },
        current_point(_("current output"), o, point.loss),
    ]
    if other is not None:
        other_point, other_curves = other
        other_x, other_y = _tangent_segment(other_point, view)
        faint = {"type": "scatter", "mode": "lines", "hoverinfo": "skip", "opacity": 0.55}
        data[1:1] = [
            {
                **faint,
                "uid": "other_parabola",
                "name": (
                    _("without the ½: {convention}") if half else _("with the ½: {convention}")
                ).format(convention=_convention(not half)),
                "x": other_curves.output.tolist(),
                "y": other_curves.loss.tolist(),
                "line": {"color": palette.LOSS, "width": 2, "dash": "dot"},
            },
            {
                **faint,
                "uid": "other_tangent",
                "name": _("its tangent"),
                "x": other_x,
                "y": other_y,
                "line": {"color": palette.TANGENT, "width": 2, "dash": "dot"},
            },
        ]
    layout = _base_layout(view, _("loss L"), _y_range(view), 400)
    return {"data": data, "layout": layout}


def gradient_figure(point: Point, curves: Curves, view: View) -> Figure:
    """Chart 2: the line dL/do = o − t, split at t into its negative and positive sides."""
    t = point.target
    below = curves.output <= t
    above = curves.output >= t
    side = {"type": "scatter", "mode": "lines", "fill": "tozeroy", "hoverinfo": "skip"}
    data = [
        {
            **side,
            "uid": "negative",
            "name": _("o < t: output too low, gradient negative (−)"),
            "x": curves.output[below].tolist(),
            "y": curves.gradient[below].tolist(),
            "line": {"color": palette.NEGATIVE, "width": 3},
            "fillcolor": "rgba(0,114,178,0.15)",
        },
        {
            **side,
            "uid": "positive",
            "name": _("o > t: output too high, gradient positive (+)"),
            "x": curves.output[above].tolist(),
            "y": curves.gradient[above].tolist(),
            "line": {"color": palette.POSITIVE, "width": 3},
            "fillcolor": "rgba(213,94,0,0.15)",
        },
        {
            "type": "scatter",
            "mode": "markers",
            "uid": "gpoint",
            "name": _("gradient at the current output"),
            "x": [point.output],
            "y": [point.gradient],
            "marker": {"size": 13, "color": palette.POINT, "line": {"color": "#fff", "width": 2}},
            "hovertemplate": "o = %{x}<br>dL/do = %{y}<extra></extra>",
        },
    ]
    layout = _base_layout(view, _("gradient dL/do"), _gradient_range(t, view), 300)
    layout["showlegend"] = False
    layout["yaxis"]["zerolinewidth"] = 2
    layout["yaxis"]["zerolinecolor"] = "#555555"
    label = {"xref": "paper", "yref": "paper", "showarrow": False, "font": {"size": 13}}
    layout["annotations"] = [
        {
            **label,
            "name": "negative",
            "x": 0.01,
            "y": 0.99,
            "xanchor": "left",
            "yanchor": "top",
            "align": "left",
            "text": _("◀ output too low:<br>gradient negative (−)"),
            "font": {"size": 13, "color": palette.NEGATIVE},
        },
        {
            **label,
            "name": "positive",
            "x": 0.99,
            "y": 0.01,
            "xanchor": "right",
            "yanchor": "bottom",
            "align": "right",
            "text": _("output too high: ▶<br>gradient positive (+)"),
            "font": {"size": 13, "color": palette.POSITIVE},
        },
    ]
    return {"data": data, "layout": layout}


def current_point(name: str, x: float, y: float) -> dict[str, Any]:
    """The marker of the current state (a filled dot with a white ring).

    >>> current_point("current output", 0.3, 0.245)["marker"]["size"]
    13
    """
    return {
        "type": "scatter",
        "mode": "markers",
        "uid": "point",
        "name": name,
        "x": [x],
        "y": [y],
        "marker": {"size": 13, "color": palette.POINT, "line": {"color": "#fff", "width": 2}},
        "hoverinfo": "skip",
    }


def step_arrow(name: str, start: float, end: float, height: float) -> dict[str, Any]:
    """The descent step drawn as an arrow from `start` to `end` at `height`.

    >>> step_arrow("step", 0.3, 0.65, 1.0)["x"]
    [0.3, 0.65]
    """
    return {
        "type": "scatter",
        "mode": "lines+markers",
        "uid": "step",
        "name": name,
        "x": [start, end],
        "y": [height, height],
        "line": {"color": palette.STEP, "width": 4},
        "marker": {
            "symbol": ["circle", "arrow"],
            "size": [1, 16],
            "angleref": "previous",
            "color": palette.STEP,
        },
        "hoverinfo": "skip",
        "cliponaxis": False,
    }
