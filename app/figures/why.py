"""Figures for the guided tour: the loss with what each step has introduced so far (the
square, the slope, the step), dL/dw for both signs of x, and the gradients of rows under SSE,
MSE and a mini-batch. Words are drawn on the charts, not in a legend."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, NamedTuple

from app.figures import palette
from app.figures.layout import chrome
from app.figures.traces import step_arrow

Figure = dict[str, Any]
TANGENT_LENGTH = 0.3  # of the plot's diagonal, so a steep tangent stays on screen
# Every tour chart is fixed: no zoom; a thick zero line where the sign of a bar is the point.
AXIS = {"gridcolor": palette.GRID, "linecolor": "#9a9a9a", "automargin": True, "fixedrange": True}
SIGNED_AXIS = {**AXIS, "zerolinewidth": 2, "zerolinecolor": "#555555"}


class Bars(NamedTuple):
    """One bar series: a uid, a legend name, one value per row, a colour, and the values as
    written on the bars (none when empty)."""

    uid: str
    name: str
    values: Sequence[float]
    color: str
    texts: Sequence[str] = ()


def gradient_bars(labels: Sequence[str], series: Sequence[Bars], title: str) -> Figure:
    """Grouped bars, one group per row: how big each output's gradient is under each loss."""
    data = [
        {
            "type": "bar",
            "uid": bars.uid,
            "name": bars.name,
            "x": list(labels),
            "y": [float(v) for v in bars.values],
            "marker": {"color": bars.color},
            "hovertemplate": "%{x}: %{y}<extra>" + bars.name + "</extra>",
            **({"text": list(bars.texts), "textposition": "outside"} if bars.texts else {}),
        }
        for bars in series
    ]
    layout = {
        **chrome(320),
        "barmode": "group",
        "showlegend": True,
        "legend": {"orientation": "h", "x": 0, "y": 1.02, "xanchor": "left", "yanchor": "bottom"},
        "xaxis": {**AXIS},
        "yaxis": {**SIGNED_AXIS, "title": {"text": title}},
    }
    return {"data": data, "layout": layout}


# ---- the loss charts of the first steps: each shows only what its step has introduced


class Axes(NamedTuple):
    """The tour's fixed axes: the output range and the loss range."""

    lo: float
    hi: float
    loss_max: float


def _side(gradient: float) -> tuple[str, str]:
    """The colour and the annotation name (which the page's theme recolours) of a sign."""
    return (palette.POSITIVE, "positive") if gradient > 0 else (palette.NEGATIVE, "negative")


def _line(uid: str, x: Sequence[float], y: Sequence[float], color: str, **style: Any) -> Figure:
    return {
        "type": "scatter",
        "mode": "lines",
        "uid": uid,
        "x": [float(v) for v in x],
        "y": [float(v) for v in y],
        "line": {"color": color, "width": 2, **style},
        "hoverinfo": "skip",
        "cliponaxis": False,
    }


def _label(text: str, x: float, y: float, gradient: float | None = None, **place: Any) -> Figure:
    """A word on the chart, in data coordinates; coloured by the sign of `gradient` if given."""
    note: Figure = {"text": text, "x": x, "y": y, "showarrow": False, "font": {"size": 13}}
    if gradient is not None:
        color, name = _side(gradient)
        note.update(name=name, font={"size": 13, "color": color})
    return {**note, **place}


def _pointer(
    text: str, x: float, y: float, gradient: float, ax: int, ay: int, xanchor: str = "center"
) -> Figure:
    """A word `ax`, `ay` pixels away from the point (x, y), with an arrow to it."""
    color = _side(gradient)[0]
    return {
        **_label(text, x, y, gradient),
        "showarrow": True,
        "arrowhead": 0,
        "arrowwidth": 1,
        "arrowcolor": color,
        "ax": ax,
        "ay": ay,
        "xanchor": xanchor,
    }


def _loss_chart(
    axes: Axes, data: list[Figure], notes: list[Figure], words: dict[str, str]
) -> Figure:
    words_x, y_title = words["output"], words["loss"]
    axis = {**AXIS, "zerolinecolor": "#9a9a9a"}
    layout = {
        **chrome(340),
        "showlegend": False,
        "hovermode": "closest",
        "xaxis": {
            **axis,
            "title": {"text": words_x},
            "range": [axes.lo, axes.hi],
        },
        "yaxis": {
            **axis,
            "title": {"text": y_title},
            "range": [-0.2 * axes.loss_max, 1.04 * axes.loss_max],  # room for words under 0
        },
        "annotations": notes,
    }
    return {"data": data, "layout": layout}


def parabola(uid: str, outputs: Sequence[float], losses: Sequence[float], **style: Any) -> Figure:
    """The loss curve L(o)."""
    trace = _line(uid, outputs, losses, palette.LOSS, **{"width": 3, **style})
    del trace["hoverinfo"], trace["cliponaxis"]
    return {**trace, "hovertemplate": "o = %{x}<br>L = %{y}<extra></extra>"}


def target_line(t: float, axes: Axes, label: str) -> tuple[Figure, Figure]:
    """The dotted vertical line at t (the theme recolours uid "target") and its label."""
    line = _line("target", [t, t], [0, 0.92 * axes.loss_max], palette.TARGET, dash="dot")
    return line, _label(label, t, 0.92 * axes.loss_max, yanchor="bottom")


def marker(
    uid: str, o: float, loss: float, color: str = palette.POINT, open_: bool = False
) -> Figure:
    """A point on the curve: uids ending in "point" take the theme's point colours."""
    return {
        "type": "scatter",
        "mode": "markers",
        "uid": uid,
        "x": [float(o)],
        "y": [float(loss)],
        "marker": {
            "symbol": "circle-open" if open_ else "circle",
            "size": 13,
            "color": color,
            "line": {"color": color if open_ else "#fff", "width": 3 if open_ else 2},
        },
        "hovertemplate": "o = %{x}<br>L = %{y}<extra></extra>",
    }


class Square(NamedTuple):
    """Step 1's marks: the output, its mirror 2t − o, their common loss and the words."""

    t: float
    o: float
    mirror: float
    loss: float
    error_label: str  # "t − o = −2.00"
    mirror_label: str  # "t − o = +2.00"
    loss_label: str  # "L = ½(t − o)² = 2.00"
    mirror_note: str  # "same loss at 2t − o = −1.00"


def square_figure(
    axes: Axes, outputs: Sequence[float], losses: Sequence[float], s: Square, words: dict[str, str]
) -> Figure:
    """The square: the error t − o as a segment on the axis, the loss as the point's height,
    and the mirror output 2t − o at the same height. No tangent, no step."""
    below = -0.04 * axes.loss_max
    high, low = _side(s.o - s.t)[0], _side(s.mirror - s.t)[0]
    target, target_note = target_line(s.t, axes, words["target"])
    data = [
        parabola("parabola", outputs, losses),
        target,
        _line("error", [s.t, s.o], [below, below], high, width=4),
        _line("mirror_error", [s.t, s.mirror], [below, below], low, width=4),
        _line("height", [s.o, s.o], [0, s.loss], high, dash="dot"),
        _line("mirror_height", [s.mirror, s.mirror], [0, s.loss], low, dash="dot"),
        _line("same_loss", [s.mirror, s.o], [s.loss, s.loss], palette.TARGET, dash="dash", width=1),
        marker("mirror", s.mirror, s.loss, palette.LOSS, open_=True),
        marker("point", s.o, s.loss),
    ]
    notes = [
        target_note,
        # each error under its own segment, the two on two rows so they never touch
        _label(s.mirror_label, (s.t + s.mirror) / 2, below, s.mirror - s.t, yanchor="top"),
        _label(s.error_label, (s.t + s.o) / 2, below, s.o - s.t, yanchor="top", yshift=-16),
        _label(s.loss_label, s.o, s.loss, xanchor="right", yanchor="bottom", xshift=-6, yshift=4),
        _label(
            s.mirror_note, s.mirror, s.loss, xanchor="left", yanchor="top", xshift=10, yshift=-4
        ),
    ]
    return _loss_chart(axes, data, notes, words)


class Slope(NamedTuple):
    """A point with its tangent and, from step 3 on, its descent step."""

    o: float
    loss: float
    slope: float
    next_o: float
    next_loss: float
    slope_label: str  # "slope −0.70"
    step_label: str  # "0.30 → 0.65", empty when no step is drawn


def tangent(uid: str, p: Slope, axes: Axes, color: str, **style: Any) -> Figure:
    """The tangent at p (its slope is the gradient), the same length on screen at any slope."""
    x_span, y_span = axes.hi - axes.lo, 1.24 * axes.loss_max
    h = TANGENT_LENGTH / 2 / math.hypot(1 / x_span, p.slope / y_span)
    y = [p.loss - p.slope * h, p.loss + p.slope * h]
    return _line(uid, [p.o - h, p.o + h], y, color, **{"width": 3, "dash": "dash", **style})


def slope_figure(
    axes: Axes,
    outputs: Sequence[float],
    losses: Sequence[float],
    t: float,
    marks: Sequence[Slope],
    words: dict[str, str],
    steps: bool = False,
) -> Figure:
    """The loss with a tangent at each mark, labelled by its slope; with `steps`, each mark's
    descent step as an arrow under the axis and a ring where it lands."""
    target, target_note = target_line(t, axes, words["target"])
    data: list[Figure] = [parabola("parabola", outputs, losses), target]
    notes = [target_note]
    points: list[Figure] = []
    for i, p in enumerate(marks):
        color, _name = _side(p.slope)
        suffix = "" if i == 0 else str(i + 1)
        data.append(tangent("tangent" + suffix, p, axes, palette.TANGENT))
        # the words above each point, inside the parabola: clear of the curve and the tangent
        place = (-10, -90, "left") if p.o < t else (-20, -60, "right")
        notes.append(_pointer(p.slope_label, p.o, p.loss, p.slope, *place))
        if steps:
            height = -0.05 * axes.loss_max
            arrow = step_arrow(words["step"], p.o, p.next_o, height)
            data.append({**arrow, "uid": "step" + suffix})
            data.append(marker("landing" + suffix, p.next_o, p.next_loss, palette.STEP, open_=True))
            notes.append(
                _label(p.step_label, (p.o + p.next_o) / 2, height, yanchor="top", yshift=-4)
            )
        points.append(marker("point" if i == 0 else f"other{suffix}point", p.o, p.loss))
    return _loss_chart(axes, data + points, notes, words)


def half_figure(
    axes: Axes,
    outputs: Sequence[float],
    without: Sequence[float],
    with_half: Sequence[float],
    t: float,
    marks: tuple[Slope, Slope],
    words: dict[str, str],
) -> Figure:
    """The loss without the ½ (solid) and with it (dotted, thinner), each with its tangent at one
    output; both at full strength, so each line keeps 3:1 against the background."""
    bare, halved = marks
    target, target_note = target_line(t, axes, words["target"])
    data = [
        parabola("other_parabola", outputs, with_half, dash="dot", width=2),
        parabola("parabola", outputs, without),
        target,
        tangent("other_tangent", halved, axes, palette.TANGENT, width=2),
        tangent("tangent", bare, axes, palette.TANGENT),
        marker("point", bare.o, bare.loss),
    ]
    top = 0.78 * axes.loss_max
    notes = [
        target_note,
        _label(words["without"], axes.lo + 0.02 * (axes.hi - axes.lo), top, xanchor="left"),
        _pointer(bare.slope_label, bare.o, bare.loss, bare.slope, -50, -70),
        _pointer(halved.slope_label, halved.o, halved.loss, halved.slope, 150, -60),
    ]
    return _loss_chart(axes, data, notes, words)


# ---- dL/dw = (o − t)·x for both signs of x


class WeightPanel(NamedTuple):
    """One case of the weights step: its title, o − t, x and dL/dw as values and as written,
    and what the step does to w."""

    title: str  # "x = +2.00<br>w = −1.00"
    values: tuple[float, float, float]  # o − t, x, dL/dw
    texts: tuple[str, str, str]
    verdict: str  # "dL/dw < 0: w goes up"


def weights_figure(categories: Sequence[str], panels: Sequence[WeightPanel]) -> Figure:
    """Side by side, one panel per case: the same too-low output, o − t, x and their product
    dL/dw, each bar coloured by its sign (x in grey); above each, which way w moves."""
    width = 1 / len(panels)
    data: list[Figure] = []
    notes: list[Figure] = []
    layout: Figure = {**chrome(340), "showlegend": False, "bargap": 0.35, "hovermode": "closest"}
    layout["margin"] = {**layout["margin"], "t": 84}
    reach = max(abs(v) for panel in panels for v in panel.values)
    for i, panel in enumerate(panels):
        axis = "x" if i == 0 else f"x{i + 1}"
        colours = [_side(v)[0] for v in panel.values]
        colours[1] = "#999999"  # x is an input, not a signed error
        data.append(
            {
                "type": "bar",
                "uid": f"case{i + 1}",
                "xaxis": axis,
                "x": list(categories),
                "y": [float(v) for v in panel.values],
                "text": list(panel.texts),
                "textposition": "outside",
                "cliponaxis": False,
                "marker": {"color": colours},
                "hovertemplate": "%{x} = %{y}<extra></extra>",
            }
        )
        gap = 0.06 if len(panels) > 1 else 0.0
        layout["xaxis" if i == 0 else f"xaxis{i + 1}"] = {
            "domain": [
                i * width + (gap if i else 0),
                (i + 1) * width - (gap if i < len(panels) - 1 else 0),
            ],
            "anchor": "y",
            **AXIS,
            "showgrid": False,
        }
        centre = (i + 0.5) * width
        head = {
            "xref": "paper",
            "yref": "paper",
            "x": centre,
            "xanchor": "center",
            "showarrow": False,
        }
        notes.append(
            {
                **head,
                "y": 1.0,
                "yanchor": "bottom",
                "yshift": 20,
                "text": panel.title,
                "font": {"size": 13},
            }
        )
        colour, name = _side(panel.values[2])
        notes.append(
            {
                **head,
                "y": 1.0,
                "yanchor": "bottom",
                "text": panel.verdict,
                "name": name,
                "font": {"size": 13, "color": colour},
            }
        )
    layout["yaxis"] = {
        **SIGNED_AXIS,
        "range": [-1.3 * reach, 1.3 * reach],
    }
    layout["annotations"] = notes
    return {"data": data, "layout": layout}
