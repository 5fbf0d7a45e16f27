"""Figures for the losses page: one loss curve with its tangent (or subgradient fan) and its
gradient curve (the subgradient interval drawn as a vertical bar where dL/do does not exist)."""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from app.figures import palette
from app.figures.layout import chrome
from app.figures.single import view_for as single_view
from app.figures.traces import current_point
from app.i18n import N_, _
from app.lessons import losses
from app.lessons.losses import LossName, LossPoint
from app.lessons.numeric import FloatArray, grid

Figure = dict[str, Any]

TANGENT_LENGTH = 0.3  # of the plot's diagonal, so a steep tangent stays on screen
FAN = 5  # lines in the subgradient fan (they coincide where dL/do exists)

LABELS: dict[LossName, str] = {
    "squared": N_("squared error"),
    "absolute": N_("absolute error"),
    "huber": N_("Huber"),
    "cross_entropy": N_("binary cross-entropy"),
}

__all__ = ["View", "view_for", "loss_figure", "gradient_figure", "lookup"]


class View(NamedTuple):
    """The output axis both charts share, the slider grid on it, and both y ranges."""

    lo: float
    hi: float
    step: float
    places: int

    @property
    def outputs(self) -> FloatArray:
        """The slider's positions: lo, lo + step, ..., hi."""
        return grid(self.lo, self.hi, self.step)


def view_for(name: LossName, t: float, o: float) -> View:
    """The output axis: (0, 1) clamped to [0.001, 0.999] for cross-entropy, else as on `/`.

    >>> view_for("cross_entropy", 1.0, 0.3)
    View(lo=0.001, hi=0.999, step=0.001, places=3)
    >>> view_for("absolute", 1.0, 0.3)
    View(lo=-5.0, hi=5.0, step=0.01, places=2)
    """
    if name == "cross_entropy":
        return View(losses.CLIP, 1 - losses.CLIP, 0.001, 3)
    v = single_view(t, o)
    return View(v.lo, v.hi, v.step, v.places)


def _range(y: FloatArray, floor: float | None = None) -> list[float]:
    finite = y[np.isfinite(y)]
    lo = float(finite.min()) if floor is None else floor
    hi = float(finite.max())
    if hi - lo < 1e-9:
        hi, lo = hi + 1, lo - 1
    pad = 0.08 * (hi - lo)
    return [lo - pad, hi + pad]


def y_ranges(name: LossName, t: float, view: View, delta: float, half: bool) -> dict[str, Any]:
    """The y ranges of the two charts for this loss and target, fixed while o moves."""
    o = view.outputs
    lossy = losses.values(name, t, o, delta, half, view.places)
    d = losses.one_sided(name, t, o, delta, half, view.places)
    g = np.concatenate([d.left, d.right])
    if name == "cross_entropy":
        # the gradient is unbounded at 0 and 1: frame the middle 90 % of the axis
        middle = (o >= 0.05) & (o <= 0.95)
        g = np.concatenate([d.left[middle], d.right[middle]])
    reach = float(np.nanmax(np.abs(g))) if g.size else 1.0
    reach = max(reach, 1.0)
    return {"loss": _range(lossy, 0.0), "gradient": [-1.1 * reach, 1.1 * reach]}


def half_widths(slopes: FloatArray, x_span: float, y_span: float) -> FloatArray:
    """Half the x-extent of a drawn tangent, so its on-screen length stays the same."""
    s = np.asarray(slopes, dtype=np.float64)
    return TANGENT_LENGTH / 2 / np.sqrt((1 / x_span) ** 2 + (s / y_span) ** 2)


def fan_slopes(left: float, right: float) -> list[float]:
    """FAN slopes from left to right: one repeated slope where the derivative exists."""
    return [left + (right - left) * k / (FAN - 1) for k in range(FAN)]


def fan(point: LossPoint, o: float, spans: tuple[float, float]) -> tuple[list[Any], list[Any]]:
    """The tangent (or, at a kink, the fan of subgradient lines) as one trace with gaps."""
    xs: list[Any] = []
    ys: list[Any] = []
    for s in fan_slopes(point.left, point.right):
        hw = float(half_widths(np.array(s), *spans))
        xs += [o - hw, o + hw, None]
        ys += [point.loss - s * hw, point.loss + s * hw, None]
    return xs, ys


def _layout(view: View, y_title: str, y_range: list[float], height: int) -> dict[str, Any]:
    axis = {
        "gridcolor": palette.GRID,
        "zerolinecolor": "#9a9a9a",
        "linecolor": "#9a9a9a",
        "automargin": True,
    }
    return {
        **chrome(height),
        "hovermode": "x",
        "hoverdistance": -1,
        "uirevision": "losses",
        "showlegend": True,
        "legend": {"orientation": "h", "x": 0, "y": 1.02, "xanchor": "left", "yanchor": "bottom"},
        "xaxis": {**axis, "title": {"text": _("output o")}, "range": [view.lo, view.hi]},
        "yaxis": {**axis, "title": {"text": y_title}, "range": y_range},
    }


def spans(view: View, ranges: dict[str, Any]) -> tuple[float, float]:
    """The x and y extents of the loss chart (for the tangent's on-screen length)."""
    y = ranges["loss"]
    return view.hi - view.lo, float(y[1] - y[0])


def _finite(a: FloatArray) -> list[float | None]:
    """The array as a JSON list, with None (a gap in a Plotly line) for NaN."""
    a = np.asarray(a, dtype=np.float64)
    bad = ~np.isfinite(a)
    if not bad.any():
        return a.tolist()  # type: ignore[no-any-return]
    out = a.astype(object)
    out[bad] = None
    return out.tolist()  # type: ignore[no-any-return]


def loss_figure(
    point: LossPoint,
    t: float,
    o: float,
    view: View,
    ranges: dict[str, Any],
    delta: float,
    half: bool,
) -> Figure:
    """The loss curve, the target, the current point and its tangent (a fan at a kink)."""
    name = point.name
    outputs = view.outputs
    curve = losses.values(name, t, outputs, delta, half, view.places)
    fx, fy = fan(point, o, spans(view, ranges))
    top = ranges["loss"][1]
    data: list[dict[str, Any]] = [
        {
            "type": "scatter",
            "mode": "lines",
            "uid": "curve",
            "name": _("loss: {label}").format(label=_(LABELS[name])),
            "x": outputs.tolist(),
            "y": _finite(curve),
            "line": {"color": palette.LOSS, "width": 3},
            "hovertemplate": "o = %{x}<br>L = %{y}<extra></extra>",
        },
        {
            "type": "scatter",
            "mode": "lines",
            "uid": "target",
            "name": _("target t"),
            "x": [t, t],
            "y": [0, 0.9 * top],
            "line": {"color": palette.TARGET, "width": 1.5, "dash": "dot"},
            "hoverinfo": "skip",
        },
    ]
    if name == "huber":
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "uid": "delta",
                "name": "t ± δ",
                "x": [t - delta, t - delta, None, t + delta, t + delta],
                "y": [0, 0.9 * top, None, 0, 0.9 * top],
                "line": {"color": palette.STEP, "width": 1.5, "dash": "dash"},
                "hoverinfo": "skip",
            }
        )
    data += [
        {
            "type": "scatter",
            "mode": "lines",
            "uid": "tangent",
            "name": _("tangent (a fan at a corner)"),
            "x": fx,
            "y": fy,
            "line": {"color": palette.TANGENT, "width": 3, "dash": "dash"},
            "hoverinfo": "skip",
        },
        current_point(_("current output"), o, point.loss),
    ]
    return {"data": data, "layout": _layout(view, _("loss L"), ranges["loss"], 360)}


def gradient_curve(
    name: LossName, t: float, view: View, delta: float, half: bool
) -> tuple[list[float], list[float | None]]:
    """dL/do along the axis; where it does not exist, a vertical bar over [left, right]."""
    outputs = view.outputs
    d = losses.one_sided(name, t, outputs, delta, half, view.places)
    kinks = np.flatnonzero((d.left != d.right) & np.isfinite(d.right))
    # each kink's point appears twice: (o, left) then (o, right), a vertical bar between
    xs = np.insert(outputs, kinks + 1, outputs[kinks])
    ys = np.insert(d.left, kinks + 1, d.right[kinks])
    return xs.tolist(), _finite(ys)


def by_sign(
    xs: list[float], ys: list[float | None], sign: int
) -> tuple[list[float], list[float | None]]:
    """The part of a curve on one side of zero (sign −1 or +1), gaps elsewhere, in the colours
    every gradient chart gives a sign (palette.NEGATIVE, palette.POSITIVE); where the curve
    crosses zero, the crossing is added so the two sides meet.

    >>> by_sign([0.0, 1.0, 2.0], [-1.0, 1.0, 3.0], 1)
    ([0.0, 0.5, 1.0, 2.0], [None, 0.0, 1.0, 3.0])
    >>> by_sign([0.0, 0.0], [-1.0, 1.0], -1)
    ([0.0, 0.0, 0.0], [-1.0, 0.0, None])
    """
    out_x: list[float] = []
    out_y: list[float | None] = []
    for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
        before = ys[i - 1] if i else None
        if before is not None and y is not None and before * y < 0:
            out_x.append(xs[i - 1] + (x - xs[i - 1]) * before / (before - y))
            out_y.append(0.0)
        out_x.append(x)
        out_y.append(y if y is not None and y * sign >= 0 else None)
    return out_x, out_y


def gradient_figure(
    point: LossPoint,
    t: float,
    o: float,
    view: View,
    ranges: dict[str, Any],
    delta: float,
    half: bool,
) -> Figure:
    """dL/do against o; the current value as a point, or as the interval [left, right]."""
    xs, ys = gradient_curve(point.name, t, view, delta, half)
    name = _("dL/do: {label}").format(label=_(LABELS[point.name]))
    data = [
        {
            "type": "scatter",
            "mode": "lines",
            "uid": uid,
            "name": name,
            "x": side_x,
            "y": side_y,
            "line": {"color": colour, "width": 3},
            "hovertemplate": "o = %{x}<br>dL/do = %{y}<extra></extra>",
        }
        for uid, colour, (side_x, side_y) in (
            ("gcurve-negative", palette.NEGATIVE, by_sign(xs, ys, -1)),
            ("gcurve-positive", palette.POSITIVE, by_sign(xs, ys, 1)),
        )
    ]
    data.append(
        {
            "type": "scatter",
            "mode": "lines+markers",
            "uid": "gpoint",
            "name": _("dL/do now (a bar: the subgradient interval)"),
            "x": [o, o],
            "y": [point.left, point.right],
            "line": {"color": palette.POINT, "width": 5},
            "marker": {"size": 13, "color": palette.POINT, "line": {"color": "#fff", "width": 2}},
            "hoverinfo": "skip",
            **palette.themed(
                line__color="point", marker__color="point", marker__line__color="point-edge"
            ),
        }
    )
    layout = _layout(view, _("gradient dL/do"), ranges["gradient"], 280)
    layout["showlegend"] = False
    layout["yaxis"]["zerolinewidth"] = 2
    layout["yaxis"]["zerolinecolor"] = "#555555"
    return {"data": data, "layout": layout}


def lookup(t: float, view: View, delta: float, half: bool) -> dict[str, Any]:
    """Per slider position, every loss's value and dL/do (None where there is none, with the
    interval in `kinks` as [index, left, right]): the client looks up, never computes."""
    outputs = view.outputs
    table: dict[str, Any] = {
        "output": outputs.tolist(),
        "error": losses.errors(t, outputs, view.places).tolist(),
        "losses": {},
    }
    for name in losses.NAMES:
        value = losses.values(name, t, outputs, delta, half, view.places)
        d = losses.one_sided(name, t, outputs, delta, half, view.places)
        kinks = np.flatnonzero((d.left != d.right) & np.isfinite(d.left) & np.isfinite(d.right))
        gradient = np.where(d.left == d.right, d.left, np.nan)
        table["losses"][name] = {
            "loss": _finite(value),
            "gradient": _finite(gradient),
            "kinks": [[int(i), float(d.left[i]), float(d.right[i])] for i in kinks],
        }
    return table
