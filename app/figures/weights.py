"""Figures for the weights lesson: the data and the fitted line, L(w) with its tangent, and the
loss over (w, b) as a contour with the gradient arrow and the descent step."""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import chain, repeat
from typing import Any, NamedTuple

import numpy as np

from app.figures import palette
from app.figures.layout import chrome
from app.figures.traces import current_point, step_arrow
from app.i18n import _
from app.lessons import weights as wl
from app.lessons.numeric import FloatArray

Figure = dict[str, Any]

CURVE_POINTS = 401  # ≤ 2001 per curve
GRID = 61  # contour grid GRID × GRID
ARROW_LENGTH = 0.22  # of the contour view's diagonal, in screen-independent axis fractions

__all__ = ["Box", "box_around", "fit_figure", "slice_figure", "contour_figure"]


class Box(NamedTuple):
    """A (w, b) view: the axes' ranges."""

    w_lo: float
    w_hi: float
    b_lo: float
    b_hi: float


def _span(values: Sequence[float]) -> tuple[float, float]:
    lo, hi = min(values), max(values)
    pad = max(1.0, hi - lo) * 0.3
    return float(np.round(lo - pad, 6)), float(np.round(hi + pad, 6))


def box_around(ws: Sequence[float], bs: Sequence[float]) -> Box:
    """The view that holds every (w, b) given, with a margin (at least ±0.3 around them).

    >>> box_around([0.0, 1.0], [0.0, 0.0])
    Box(w_lo=-0.3, w_hi=1.3, b_lo=-0.3, b_hi=0.3)
    """
    w_lo, w_hi = _span(ws)
    b_lo, b_hi = _span(bs)
    return Box(w_lo, w_hi, b_lo, b_hi)


def _axis(title: str, rng: list[float] | None = None) -> dict[str, Any]:
    axis: dict[str, Any] = {
        "title": {"text": title},
        "gridcolor": palette.GRID,
        "zerolinecolor": "#9a9a9a",
        "linecolor": "#9a9a9a",
        "automargin": True,
    }
    if rng is not None:
        axis["range"] = rng
    return axis


def base_layout(x_title: str, y_title: str, height: int, uirevision: str) -> dict[str, Any]:
    """The common layout: transparent background, legend on top, zoom kept across updates."""
    return {
        **chrome(height),
        "hovermode": "closest",
        "uirevision": uirevision,
        "showlegend": True,
        "legend": {"orientation": "h", "x": 0, "y": 1.02, "xanchor": "left", "yanchor": "bottom"},
        "xaxis": _axis(x_title),
        "yaxis": _axis(y_title),
    }


def fit_figure(x: Sequence[float], t: Sequence[float], point: wl.Point) -> Figure:
    """The data (x, t), the model's line o = w·x + b, and each error o − t as a segment."""
    xs = np.asarray(x, dtype=np.float64)
    lo, hi = float(xs.min()), float(xs.max())
    pad = max(0.5, 0.1 * (hi - lo))
    line_x = [lo - pad, hi + pad]
    # one segment per row, (x, t) to (x, o), with None between segments
    seg_x = list(chain.from_iterable(zip(x, x, repeat(None), strict=False)))
    seg_y = list(chain.from_iterable(zip(t, point.outputs, repeat(None), strict=False)))
    data = [
        {
            "type": "scatter",
            "mode": "lines",
            "uid": "residuals",
            "name": _("error o − t"),
            "x": seg_x,
            "y": seg_y,
            "line": {"color": palette.POSITIVE, "width": 2},
            "hoverinfo": "skip",
        },
        {
            "type": "scatter",
            "mode": "lines",
            "uid": "line",
            "name": _("model o = w·x + b"),
            "x": line_x,
            "y": [point.w * v + point.b for v in line_x],
            "line": {"color": palette.LOSS, "width": 3},
            "hoverinfo": "skip",
        },
        {
            "type": "scatter",
            "mode": "markers",
            "uid": "data_point",  # themed like the current point: dark on light, light on dark
            "name": _("data (x, t)"),
            "x": list(x),
            "y": list(t),
            "marker": {"size": 9, "color": palette.TARGET, "symbol": "circle"},
            "hovertemplate": "x = %{x}<br>t = %{y}<extra></extra>",
        },
        {
            "type": "scatter",
            "mode": "markers",
            "uid": "outputs",
            "name": _("outputs o"),
            "x": list(x),
            "y": point.outputs,
            "marker": {"size": 8, "color": palette.LOSS, "symbol": "diamond"},
            "hovertemplate": "x = %{x}<br>o = %{y}<extra></extra>",
        },
    ]
    return {"data": data, "layout": base_layout(_("input x"), _("target t, output o"), 340, "fit")}


def _curve_w(q: wl.Bowl, b: float, box: Box) -> tuple[FloatArray, FloatArray]:
    ws = np.linspace(box.w_lo, box.w_hi, CURVE_POINTS)
    return ws, wl.bowl_loss(q, ws, b)


def slice_figure(q: wl.Bowl, point: wl.Point, box: Box) -> Figure:
    """L as a function of w with b held at its current value: a parabola, its tangent at w
    (slope dL/dw) and the w part of the descent step, drawn below the axis."""
    ws, losses = _curve_w(q, point.b, box)
    top = float(losses.max())
    span = box.w_hi - box.w_lo
    # a tangent of fixed on-screen length, however steep
    hw = 0.15 / math.sqrt((1 / span) ** 2 + (point.grad_w / max(top, 1e-12)) ** 2)
    w = point.w
    base = -0.05 * top
    data = [
        {
            "type": "scatter",
            "mode": "lines",
            "uid": "parabola",
            "name": _("L(w) at the current b"),
            "x": ws.tolist(),
            "y": losses.tolist(),
            "line": {"color": palette.LOSS, "width": 3},
            "hovertemplate": "w = %{x}<br>L = %{y}<extra></extra>",
        },
        {
            "type": "scatter",
            "mode": "lines",
            "uid": "tangent",
            "name": _("tangent: slope = dL/dw"),
            "x": [w - hw, w + hw],
            "y": [point.loss - point.grad_w * hw, point.loss + point.grad_w * hw],
            "line": {"color": palette.TANGENT, "width": 3, "dash": "dash"},
            "hoverinfo": "skip",
        },
        step_arrow(_("step w → w − η·dL/dw"), w, point.next_w, base),
        current_point(_("current w"), w, point.loss),
    ]
    layout = base_layout(_("weight w"), _("loss L"), 340, "slice")
    layout["xaxis"]["range"] = [box.w_lo, box.w_hi]
    layout["yaxis"]["range"] = [-0.1 * top, 1.05 * top]
    return {"data": data, "layout": layout}


def significant(values: FloatArray, digits: int = 6) -> FloatArray:
    """Each value rounded to `digits` significant digits, as the float nearest that decimal, so
    its JSON is short ("123.457", not "123.45678901234567").

    For the contour's grid, which is drawn and read at 4 digits (its hover says %{z:.4g}): at
    the bounds its 3721 values were 80 KB of JSON in every page that draws it.

    >>> significant(np.array([123.45678901234567, 0.000123456789, 0.0, -98765432.1])).tolist()
    [123.457, 0.000123457, 0.0, -98765400.0]
    """
    out = np.zeros_like(values)
    nonzero = values != 0
    v = values[nonzero]
    shift = digits - 1 - np.floor(np.log10(np.abs(v)))  # 10**shift puts the digits before "."
    up = shift >= 0
    scale = 10.0 ** np.abs(shift)  # exact powers of ten up to 1e22
    # divide by an exact power of ten (not multiply by its inverse): the nearest float
    out_v = np.where(up, np.rint(v * scale) / scale, np.rint(v / scale) * scale)
    out[nonzero] = out_v
    return out


def contour_trace(q: wl.Bowl, box: Box) -> dict[str, Any]:
    """The loss over the box on a GRID × GRID grid, as a filled contour."""
    ws = np.linspace(box.w_lo, box.w_hi, GRID)
    bs = np.linspace(box.b_lo, box.b_hi, GRID)
    z = wl.bowl_loss(q, ws[np.newaxis, :], bs[:, np.newaxis])
    return {
        "type": "contour",
        "uid": "contour",
        "name": _("loss L(w, b)"),
        "x": np.round(ws, 9).tolist(),
        "y": np.round(bs, 9).tolist(),
        "z": significant(z).tolist(),
        "colorscale": "Viridis",
        "ncontours": 18,
        "contours": {"coloring": "fill", "showlines": True},
        "line": {"width": 0.5, "color": "rgba(255,255,255,0.5)"},
        "opacity": 0.75,
        "colorbar": {"title": {"text": "L"}, "thickness": 12, "len": 0.8},
        "hovertemplate": "w = %{x:.3f}<br>b = %{y:.3f}<br>L = %{z:.4g}<extra></extra>",
        "showlegend": False,
    }


def minimum_trace(q: wl.Bowl) -> dict[str, Any]:
    """The lowest point of the bowl."""
    return {
        "type": "scatter",
        "mode": "markers",
        "uid": "minimum",
        "name": _("minimum"),
        "x": [q.w_min],
        "y": [q.b_min],
        # the state's colour with the other theme's edge: visible on every colour of the
        # contour and against the page
        "marker": {
            "symbol": "x",
            "size": 13,
            "color": palette.POINT,
            "line": {"color": "#ffffff", "width": 1},
        },
        **palette.themed(marker__color="point", marker__line__color="point-edge"),
        "hovertemplate": _("minimum<br>w = %{x}<br>b = %{y}<extra></extra>"),
    }


def contour_layout(box: Box, uirevision: str) -> dict[str, Any]:
    """Axes w and b over the box."""
    layout = base_layout(_("weight w"), _("bias b"), 420, uirevision)
    layout["xaxis"]["range"] = [box.w_lo, box.w_hi]
    layout["yaxis"]["range"] = [box.b_lo, box.b_hi]
    return layout


def contour_figure(q: wl.Bowl, point: wl.Point, box: Box) -> Figure:
    """L over (w, b): contours, the minimum, the current point, the gradient arrow (uphill,
    drawn at a fixed length) and the descent step (to scale)."""
    w, b, gw, gb = point.w, point.b, point.grad_w, point.grad_b
    sx, sy = box.w_hi - box.w_lo, box.b_hi - box.b_lo
    size = float(np.hypot(gw / sx, gb / sy))
    k = ARROW_LENGTH / size if size > 0 else 0.0
    arrow = {"symbol": ["circle", "arrow"], "size": [1, 15], "angleref": "previous"}
    data = [
        contour_trace(q, box),
        minimum_trace(q),
        {
            "type": "scatter",
            "mode": "lines+markers",
            "uid": "gradient",
            "name": _("gradient (uphill, direction only)"),
            "x": [w, w + k * gw],
            "y": [b, b + k * gb],
            "line": {"color": palette.POSITIVE, "width": 3, "dash": "dot"},
            "marker": {**arrow, "color": palette.POSITIVE},
            "hoverinfo": "skip",
        },
        {
            "type": "scatter",
            "mode": "lines+markers",
            "uid": "step",
            "name": _("descent step −η·gradient"),
            "x": [w, point.next_w],
            "y": [b, point.next_b],
            "line": {"color": palette.STEP, "width": 4},
            "marker": {**arrow, "color": palette.STEP},
            "hoverinfo": "skip",
        },
        current_point(_("current (w, b)"), w, b),
    ]
    return {"data": data, "layout": contour_layout(box, "contour")}
