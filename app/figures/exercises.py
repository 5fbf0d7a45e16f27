"""The exercise's answer on a chart: the loss around the asked output, the output as a point, the
sign of its gradient as a short tangent and the descent step as an arrow along the o axis.

A plain SVG description (shapes with their attributes), not a Plotly figure: the exercise page
loads no plotly.js. The template writes it as inline SVG (no JavaScript needed) and
static/js/exercise.js draws the same shapes after an in-page check.
"""

from __future__ import annotations

from typing import Any

from app.figures import palette

Shape = dict[str, Any]

WIDTH, HEIGHT = 320, 190
LEFT, RIGHT, TOP, BOTTOM = 16, 304, 18, 150  # the plot area in the viewBox
CURVE_POINTS = 41


def _scale(low: float, high: float, start: float, end: float) -> Any:
    span = (high - low) or 1.0
    return lambda v: round(start + (v - low) / span * (end - start), 2)


def answer_figure(
    t: float, o: float, gradient: float, next_output: float, half: bool
) -> dict[str, Any]:
    """The shapes of the answer's chart, in a WIDTH × HEIGHT viewBox.

    >>> fig = answer_figure(1.0, 3.0, 2.0, 2.0, True)
    >>> [s["role"] for s in fig["shapes"] if "role" in s]
    ['curve', 'target', 'tangent', 'step', 'point']
    >>> next(s for s in fig["shapes"] if s.get("role") == "tangent")["stroke"] == palette.POSITIVE
    True
    """
    reach = max(abs(o - t), abs(next_output - t), 0.5) * 1.35
    factor = 0.5 if half else 1.0
    top = factor * reach**2
    x = _scale(t - reach, t + reach, LEFT, RIGHT)
    y = _scale(0.0, top, BOTTOM, TOP)
    curve = [t - reach + 2 * reach * i / (CURVE_POINTS - 1) for i in range(CURVE_POINTS)]
    d = "M" + " L".join(f"{x(v)},{y(factor * (v - t) ** 2)}" for v in curve)
    loss = factor * (o - t) ** 2
    # the tangent at o over a short run of o, clipped to the plot (its slope is the gradient)
    run = reach * 0.25
    tangent = [(o + s * run, loss + s * run * gradient) for s in (-1, 1)]
    sign = (
        palette.POSITIVE if gradient > 0 else palette.NEGATIVE if gradient < 0 else palette.TARGET
    )
    axis_y = BOTTOM + 14
    shapes: list[Shape] = [
        {"tag": "line", "x1": LEFT, "y1": BOTTOM, "x2": RIGHT, "y2": BOTTOM, "class": "axis"},
        {
            "tag": "path",
            "role": "curve",
            "d": d,
            "fill": "none",
            "stroke": palette.LOSS,
            "stroke-width": 2.5,
        },
        {
            "tag": "line",
            "role": "target",
            "x1": x(t),
            "y1": BOTTOM,
            "x2": x(t),
            "y2": TOP,
            "stroke": palette.TARGET,
            "stroke-dasharray": "4 3",
        },
        {"tag": "text", "x": x(t), "y": TOP - 4, "text": "t", "text-anchor": "middle"},
        {
            "tag": "line",
            "role": "tangent",
            "x1": x(tangent[0][0]),
            "y1": y(tangent[0][1]),
            "x2": x(tangent[1][0]),
            "y2": y(tangent[1][1]),
            "stroke": sign,
            "stroke-width": 3,
        },
        {
            "tag": "line",
            "role": "step",
            "x1": x(o),
            "y1": axis_y,
            "x2": x(next_output),
            "y2": axis_y,
            "stroke": palette.STEP,
            "stroke-width": 3,
            "marker-end": "url(#exercise-arrow)",
        },
        {
            "tag": "circle",
            "role": "point",
            "cx": x(o),
            "cy": y(loss),
            "r": 6,
            "fill": palette.POINT,
            "stroke": "#fff",
            "stroke-width": 2,
        },
        {"tag": "text", "x": x(o), "y": axis_y + 18, "text": "o", "text-anchor": "middle"},
    ]
    return {"width": WIDTH, "height": HEIGHT, "shapes": shapes, "arrow": palette.STEP}
