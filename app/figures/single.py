"""Figures for the single-sample explainer: the loss parabola and the gradient line."""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from app.figures import palette
from app.figures.layout import chrome
from app.figures.traces import current_point, step_arrow
from app.formatting import number
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


class Frame(NamedTuple):
    """What a chart shows of the view: its x range and each chart's y range."""

    x: tuple[float, float]
    loss: tuple[float, float]
    gradient: tuple[float, float]


def _loss_span(top: float) -> tuple[float, float]:
    """From just below L = 0 (room for the step's arrow under the curve) to `top`."""
    return (-0.3 * top, 1.04 * top)


def full_frame(t: float, view: View) -> Frame:
    """The whole view: each y range fits the steeper convention, so toggling the ½ keeps it."""
    reach = 2 * max(view.hi - t, t - view.lo)
    return Frame(
        (view.lo, view.hi),
        (-0.08 * view.loss_max, 1.04 * view.loss_max),
        (-1.08 * reach, 1.08 * reach),
    )


def frame_for(point: Point, view: View) -> Frame:
    """A close view of t, o and where the step lands, with a margin, inside the slider's view.

    >>> from app.lessons.single import at
    >>> frame_for(at(1.0, 0.3, 0.5), view_for(1.0, 0.3)).x
    (-0.7, 2.0)
    """
    marks = (point.target, point.output, point.next_output)
    lo, hi = min(marks), max(marks)
    margin = max(1.0, 0.3 * (hi - lo), 100 * view.step)
    x = (
        max(view.lo, round(lo - margin, view.places)),
        min(view.hi, round(hi + margin, view.places)),
    )
    scale = 0.5 if point.half else 1.0
    top = max(scale * (point.target - edge) ** 2 for edge in x)
    reach = 1.15 * max(abs(2 * scale * (edge - point.target)) for edge in x)
    return Frame(x, _loss_span(top), (-reach, reach))


def step_height(frame: Frame) -> float:
    """The descent arrow runs just below L = 0, clear of the curve, inside the plot."""
    return 0.3 * frame.loss[0]


def tangent_half_widths(slope: FloatArray | float, frame: Frame) -> FloatArray:
    """Half the x-extent of the drawn tangent, so its on-screen length stays the same."""
    x_span = frame.x[1] - frame.x[0]
    y_span = frame.loss[1] - frame.loss[0]
    s = np.asarray(slope, dtype=np.float64)
    return TANGENT_LENGTH / 2 / np.sqrt((1 / x_span) ** 2 + (s / y_span) ** 2)


def _base_layout(
    frame: Frame, y_title: str, y_range: tuple[float, float], height: int
) -> dict[str, Any]:
    # lesson charts do not zoom or pan: a drag moves the point (static/js/single.js)
    axis = {
        "gridcolor": palette.GRID,
        "zerolinecolor": "#9a9a9a",
        "linecolor": "#9a9a9a",
        "automargin": True,
        "fixedrange": True,
    }
    return {
        **chrome(height),
        "hovermode": "x",
        "hoverdistance": -1,
        "showlegend": False,
        "xaxis": {**axis, "title": {"text": _("output o")}, "range": list(frame.x)},
        "yaxis": {**axis, "title": {"text": y_title}, "range": list(y_range)},
    }


def _tangent_segment(point: Point, frame: Frame) -> tuple[list[float], list[float]]:
    hw = float(tangent_half_widths(point.slope, frame))
    o = point.output
    return [o - hw, o + hw], [point.loss - point.slope * hw, point.loss + point.slope * hw]


def _convention(half: bool) -> str:
    return "½(t − o)²" if half else "(t − o)²"


def chart_labels() -> dict[str, Any]:
    """The words on the loss chart, as templates the page and its script fill alike: the
    slope's by its sign ("-1", "0", "1"; a whole sentence each, for languages with gender)."""
    return {
        "slope": {
            "-1": _("slope {slope} (negative)"),
            "0": _("slope {slope} (zero)"),
            "1": _("slope {slope} (positive)"),
        },
        "step": _("step {step} {arrow}"),
    }


def _sign(x: float) -> str:
    return "1" if x > 0 else "-1" if x < 0 else "0"


def slope_text(point: Point, labels: dict[str, Any]) -> str:
    """ "slope −0.70 (negative)", as the chart writes it by the tangent."""
    return str(labels["slope"][_sign(point.slope)]).format(slope=number(point.slope))


def step_text(point: Point, labels: dict[str, Any]) -> str:
    """ "step +0.35 →": the step's signed size and its direction."""
    step = point.next_output - point.output
    arrow = "→" if step > 0 else "←" if step < 0 else "·"
    return str(labels["step"]).format(step=("+" if step > 0 else "") + number(step), arrow=arrow)


def loss_figure(
    point: Point,
    curves: Curves,
    view: View,
    other: tuple[Point, Curves] | None = None,
    frame: Frame | None = None,
    compare: bool = True,
) -> Figure:
    """Chart 1: the parabola L(o), the target, the current point, its tangent with its slope
    written by it and a rise/run triangle, and the step's arrow with its size.

    `other` is the same state under the other convention (with or without the ½), drawn on the
    same axes when `compare`: twice or half as tall, its tangent twice or half as steep (hidden
    otherwise, for the page's "compare" box to show). `frame` is the part of the view shown
    (default: all of it).
    """
    frame = frame or full_frame(point.target, view)
    o, t, half = point.output, point.target, point.half
    tangent_x, tangent_y = _tangent_segment(point, frame)
    labels = chart_labels()
    skip = {"hoverinfo": "skip"}
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
            **palette.themed(line__color="loss"),
        },
        {
            "type": "scatter",
            "mode": "lines+text",
            "uid": "target",
            "name": _("target t"),
            "x": [t, t],
            "y": [0, 0.9 * frame.loss[1]],
            "text": ["", _("target t")],
            "textposition": "top center",
            "line": {"color": palette.TARGET, "width": 2, "dash": "dot"},
            **skip,
            **palette.themed(line__color="muted"),
        },
        {
            "type": "scatter",
            "mode": "lines",
            "uid": "rise_run",
            "name": _("rise over run"),
            "x": [o, tangent_x[1], tangent_x[1]],
            "y": [point.loss, point.loss, tangent_y[1]],
            "line": {"color": palette.TANGENT, "width": 1.5, "simplify": False},
            **skip,
            **palette.themed(line__color="tangent"),
        },
        {
            "type": "scatter",
            "mode": "lines",
            "uid": "tangent",
            "name": _("tangent: slope = dL/do"),
            "x": tangent_x,
            "y": tangent_y,
            "line": {"color": palette.TANGENT, "width": 3, "dash": "dash"},
            **skip,
            **palette.themed(line__color="tangent"),
        },
        step_arrow(_("descent step o → o − η·dL/do"), o, point.next_output, step_height(frame)),
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
            **skip,
            **palette.themed(marker__color="step"),
        },
        current_point(_("current output"), o, point.loss),
    ]
    names = [_("L = {convention}").format(convention=_convention(half))]
    if other is not None:
        other_point, other_curves = other
        other_x, other_y = _tangent_segment(other_point, frame)
        faint = {"type": "scatter", "mode": "lines", "visible": compare, **skip}
        data[1:1] = [
            {
                **faint,
                "uid": "other_parabola",
                "name": (
                    _("without the ½: {convention}") if half else _("with the ½: {convention}")
                ).format(convention=_convention(not half)),
                "x": other_curves.output.tolist(),
                "y": other_curves.loss.tolist(),
                "line": {"color": palette.LOSS, "width": 2.5, "dash": "dot"},
                **palette.themed(line__color="loss"),
            },
            {
                **faint,
                "uid": "other_tangent",
                "name": _("its tangent"),
                "x": other_x,
                "y": other_y,
                "line": {"color": palette.TANGENT, "width": 2, "dash": "dot"},
                **palette.themed(line__color="tangent"),
            },
        ]
        names.append(str(data[1]["name"]))
    layout = _base_layout(frame, _("loss L"), frame.loss, 400)
    layout["annotations"] = _loss_notes(point, frame, labels, names, compare)
    return {"data": data, "layout": layout}


def _loss_notes(
    point: Point,
    frame: Frame,
    labels: dict[str, Any],
    names: list[str],
    compare: bool,
) -> list[dict[str, Any]]:
    """The chart's words: the slope by the tangent, the step under its arrow, the curves' names
    in a corner (the name of the other convention's only while it is drawn)."""
    # above the point, on the side the curve falls away from (toward the target): clear of it
    falling = point.slope < 0
    margin = {"xref": "paper", "yref": "paper", "y": 1.0, "yanchor": "bottom", "showarrow": False}
    notes: list[dict[str, Any]] = [
        {
            "name": "tangent",
            "x": point.output,
            "y": point.loss,
            "xanchor": "left" if falling else "right",
            "yanchor": "bottom",
            "xshift": 8 if falling else -8,
            "yshift": 8,
            "showarrow": False,
            "text": slope_text(point, labels),
            "font": {"color": palette.TANGENT},
        },
        {
            "name": "step",
            "x": (point.output + point.next_output) / 2,
            "y": step_height(frame),
            "yanchor": "top",
            "yshift": -5,
            "showarrow": False,
            "text": step_text(point, labels),
            "font": {"color": palette.STEP},
        },
        {**margin, "name": "loss", "x": 0, "xanchor": "left", "text": names[0]},
    ]
    if len(names) > 1:
        notes.append(
            {
                **margin,
                "name": "loss",
                "x": 1,
                "xanchor": "right",
                "text": "┈ " + names[1],
                "visible": compare,
            }
        )
    for note in notes[2:]:
        note["font"] = {"color": palette.LOSS}
    return notes


def gradient_figure(point: Point, curves: Curves, view: View, frame: Frame | None = None) -> Figure:
    """Chart 2: the line dL/do = o − t, split at t into its negative and positive sides, each
    side's area hatched in its colour."""
    frame = frame or full_frame(point.target, view)
    t = point.target
    below = curves.output <= t
    above = curves.output >= t
    side = {"type": "scatter", "mode": "lines", "fill": "tozeroy", "hoverinfo": "skip"}
    hatch = {"size": 9, "solidity": 0.25, "bgcolor": "rgba(0,0,0,0)"}
    data = [
        {
            **side,
            "uid": "negative",
            "name": _("o < t: output too low, gradient negative (−)"),
            "x": curves.output[below].tolist(),
            "y": curves.gradient[below].tolist(),
            "line": {"color": palette.NEGATIVE, "width": 3},
            "fillcolor": "rgba(0,0,0,0)",
            "fillpattern": {**hatch, "shape": "/", "fgcolor": palette.NEGATIVE},
            **palette.themed(line__color="negative", fillpattern__fgcolor="negative"),
        },
        {
            **side,
            "uid": "positive",
            "name": _("o > t: output too high, gradient positive (+)"),
            "x": curves.output[above].tolist(),
            "y": curves.gradient[above].tolist(),
            "line": {"color": palette.POSITIVE, "width": 3},
            "fillcolor": "rgba(0,0,0,0)",
            "fillpattern": {**hatch, "shape": "\\", "fgcolor": palette.POSITIVE},
            **palette.themed(line__color="positive", fillpattern__fgcolor="positive"),
        },
        current_point(_("gradient at the current output"), point.output, point.gradient, "gpoint"),
    ]
    del data[2]["hoverinfo"]  # this point tells its numbers on hover
    data[2]["hovertemplate"] = "o = %{x}<br>dL/do = %{y}<extra></extra>"
    layout = _base_layout(frame, _("gradient dL/do"), frame.gradient, 300)
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


def lookup(curves: Curves, frame: Frame, other: Curves | None = None) -> dict[str, list[float]]:
    """Per slider position, the numbers the client draws and shows: no maths in the browser.
    The tangents' drawing coordinates fit `frame` (a new frame comes with a new lookup)."""
    table = _lookup(curves, frame)
    if other is not None:
        alt = _lookup(other, frame)
        for key in ("gradient", "next_output", "tangent_x0", "tangent_x1"):
            table[f"other_{key}"] = alt[key]
        table["other_tangent_y0"] = alt["tangent_y0"]
        table["other_tangent_y1"] = alt["tangent_y1"]
    return table


def _lookup(curves: Curves, frame: Frame) -> dict[str, list[float]]:
    hw = tangent_half_widths(curves.gradient, frame)
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
