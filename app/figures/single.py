"""Figures for the single-sample explainer: the loss parabola and the gradient line."""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from app.figures import palette
from app.figures.layout import chrome
from app.figures.traces import current_point, step_arrow
from app.i18n import _
from app.lessons.numeric import FloatArray, decimals, grid
from app.lessons.single import Curves, Point

Figure = dict[str, Any]

# Half-widths of the output axis, smallest first; the view takes the first that holds t and o.
HALF_WIDTHS = (5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0)
POINTS_PER_VIEW = 1000
TANGENT_LENGTH = 0.3  # of the plot's diagonal, so a steep tangent stays on screen


class View(NamedTuple):
    """The output axis both charts share, and the slider grid on it."""

    lo: float
    hi: float
    step: float
    places: int
    loss_max: float

    @property
    def outputs(self) -> FloatArray:
        """The slider's positions: lo, lo + step, ..., hi."""
        return grid(self.lo, self.hi, self.step)


def view_for(t: float, o: float) -> View:
    """The smallest symmetric output axis from HALF_WIDTHS that shows both t and o.

    >>> view_for(1.0, 0.3)
    View(lo=-5.0, hi=5.0, step=0.01, places=2, loss_max=36.0)
    """
    reach = max(abs(t), abs(o))
    half = next((h for h in HALF_WIDTHS if reach <= h), HALF_WIDTHS[-1])
    step = 2 * half / POINTS_PER_VIEW
    # the y axis fits (t - o)^2, the taller convention, so toggling the 1/2 keeps the scale
    loss_max = max(t + half, half - t) ** 2
    return View(lo=-half, hi=half, step=step, places=decimals(step), loss_max=loss_max)


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


def tangent_half_widths(slope: FloatArray | float, view: View) -> FloatArray:
    """Half the x-extent of the drawn tangent, so its on-screen length stays the same."""
    y = _y_range(view)
    x_span = view.hi - view.lo
    y_span = y[1] - y[0]
    s = np.asarray(slope, dtype=np.float64)
    return TANGENT_LENGTH / 2 / np.sqrt((1 / x_span) ** 2 + (s / y_span) ** 2)


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


def lookup(curves: Curves, view: View, other: Curves | None = None) -> dict[str, list[float]]:
    """Per slider position, the numbers the client draws and shows: no maths in the browser."""
    table = _lookup(curves, view)
    if other is not None:
        alt = _lookup(other, view)
        for key in ("gradient", "next_output", "tangent_x0", "tangent_x1"):
            table[f"other_{key}"] = alt[key]
        table["other_tangent_y0"] = alt["tangent_y0"]
        table["other_tangent_y1"] = alt["tangent_y1"]
    return table


def _lookup(curves: Curves, view: View) -> dict[str, list[float]]:
    hw = tangent_half_widths(curves.gradient, view)
    return {
        "output": curves.output.tolist(),
        "loss": curves.loss.tolist(),
        "gradient": curves.gradient.tolist(),
        "next_output": curves.next_output.tolist(),
        "next_loss": curves.next_loss.tolist(),
        # drawing coordinates only: 6 decimals are far below a pixel and keep the JSON small
        "tangent_x0": np.round(curves.output - hw, 6).tolist(),
        "tangent_x1": np.round(curves.output + hw, 6).tolist(),
        "tangent_y0": np.round(curves.loss - curves.gradient * hw, 6).tolist(),
        "tangent_y1": np.round(curves.loss + curves.gradient * hw, 6).tolist(),
    }
