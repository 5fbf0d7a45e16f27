"""Traces several charts draw alike: the current point and the descent step's arrow."""

from __future__ import annotations

from typing import Any

from app.figures import palette


def current_point(name: str, x: float, y: float, uid: str = "point") -> dict[str, Any]:
    """The marker of the current state (a filled dot with a ring of the background's colour).

    >>> current_point("current output", 0.3, 0.245)["marker"]["size"]
    13
    """
    return {
        "type": "scatter",
        "mode": "markers",
        "uid": uid,
        "name": name,
        "x": [x],
        "y": [y],
        "marker": {"size": 13, "color": palette.POINT, "line": {"color": "#fff", "width": 2}},
        "hoverinfo": "skip",
        **palette.themed(marker__color="point", marker__line__color="point-edge"),
    }


def step_arrow(name: str, start: float, end: float, height: float) -> dict[str, Any]:
    """The descent step drawn as an arrow from `start` to `end` at `height`: a solid head.

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
            "size": [1, 18],
            "angleref": "previous",
            "color": palette.STEP,
            "opacity": 1,  # a solid head (Plotly draws a line's markers at 0.7)
            "line": {"width": 0},
        },
        "hoverinfo": "skip",
        "cliponaxis": False,
        **palette.themed(line__color="step", marker__color="step"),
    }
