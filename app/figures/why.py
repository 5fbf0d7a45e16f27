"""Figures for the guided tour: the gradient of each row under SSE, MSE and a mini-batch."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from app.figures import palette
from app.figures.layout import chrome

Figure = dict[str, Any]


class Bars(NamedTuple):
    """One bar series: a uid, a legend name, one value per row, a colour."""

    uid: str
    name: str
    values: Sequence[float]
    color: str


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
        }
        for bars in series
    ]
    axis = {"gridcolor": palette.GRID, "linecolor": "#9a9a9a", "automargin": True}
    layout = {
        **chrome(320),
        "barmode": "group",
        "showlegend": True,
        "legend": {"orientation": "h", "x": 0, "y": 1.02, "xanchor": "left", "yanchor": "bottom"},
        "xaxis": {**axis, "fixedrange": True},
        "yaxis": {
            **axis,
            "title": {"text": title},
            "zerolinewidth": 2,
            "zerolinecolor": "#555555",
            "fixedrange": True,
        },
    }
    return {"data": data, "layout": layout}
