"""Figures for the mini-batch page: each batch's mean gradient, and their spread against B."""

from __future__ import annotations

from typing import Any

import numpy as np

from app.figures import palette
from app.figures.layout import chrome
from app.figures.samples import sign_label, tick_step
from app.formatting import short
from app.i18n import _
from app.lessons.batches import Batches

Figure = dict[str, Any]

LABEL_LIMIT = 40


def _axis() -> dict[str, Any]:
    return {
        "gridcolor": palette.GRID,
        "zerolinecolor": "#9a9a9a",
        "linecolor": "#9a9a9a",
        "automargin": True,
    }


def _layout(x_title: str, y_title: str, height: int, uirevision: str) -> dict[str, Any]:
    return {
        **chrome(height),
        "uirevision": uirevision,
        "showlegend": True,
        "legend": {"orientation": "h", "x": 0, "y": 1.02, "xanchor": "left", "yanchor": "bottom"},
        "xaxis": {**_axis(), "title": {"text": x_title}},
        "yaxis": {**_axis(), "title": {"text": y_title}},
    }


def means_figure(b: Batches) -> Figure:
    """One bar per batch (its mean dL/do_i, labelled with its sign) and the full-data mean."""
    count = len(b.means)
    x = list(range(1, count + 1))
    labels = count <= LABEL_LIMIT
    colours = [
        palette.POSITIVE if m > 0 else palette.NEGATIVE if m < 0 else palette.TARGET
        for m in b.means
    ]
    data = [
        {
            "type": "bar",
            "uid": "means",
            "name": _("batch mean of dL/do_i (+ above 0, − below)"),
            "x": x,
            "y": b.means,
            "customdata": [len(i) for i in b.indices],
            "marker": {"color": colours},
            "text": [sign_label(m, short) for m in b.means] if labels else None,
            "textposition": "outside" if labels else "none",
            "cliponaxis": False,
            "hovertemplate": _("batch %{x} (%{customdata} samples)<br>mean = %{y}<extra></extra>"),
        },
        {
            "type": "scatter",
            "mode": "lines",
            "uid": "full",
            "name": _("full-data mean {mean}").format(mean=sign_label(b.full_mean, short)),
            "x": [0.5, count + 0.5],
            "y": [b.full_mean, b.full_mean],
            "line": {"color": palette.STEP, "width": 3, "dash": "dash"},
            "hoverinfo": "skip",
        },
    ]
    layout = _layout(_("batch"), _("mean of dL/do_i"), 320, "batches-means")
    layout["xaxis"].update(
        {"range": [0.5, count + 0.5], "tickmode": "linear", "tick0": 1, "dtick": tick_step(count)}
    )
    reach = max([abs(m) for m in b.means] + [abs(b.full_mean)]) or 1.0
    layout["yaxis"].update({"range": [-1.25 * reach, 1.25 * reach], "zerolinewidth": 2})
    return {"data": data, "layout": layout}


def spread_figure(b: Batches) -> Figure:
    """Std of a batch's mean gradient for B = 1..n (without replacement), σ/√B for reference,
    and the chosen B marked."""
    sizes = list(range(1, b.n + 1))
    sigma = b.spread[0]
    data = [
        {
            "type": "scatter",
            "mode": "lines",
            "uid": "reference",
            "name": _("σ/√B (drawing with replacement)"),
            "x": sizes,
            "y": (sigma / np.sqrt(np.arange(1, b.n + 1, dtype=np.float64))).tolist(),
            "line": {"color": palette.TARGET, "width": 2, "dash": "dot"},
            "hoverinfo": "skip",
        },
        {
            "type": "scatter",
            "mode": "lines+markers" if b.n <= 100 else "lines",
            "uid": "spread",
            "name": _("std of a batch mean (without replacement)"),
            "x": sizes,
            "y": b.spread,
            "line": {"color": palette.LOSS, "width": 3},
            "marker": {"size": 6},
            "hovertemplate": "B = %{x}<br>std = %{y:.6f}<extra></extra>",
        },
        {
            "type": "scatter",
            "mode": "markers",
            "uid": "point",
            "name": f"B = {b.size}",
            "x": [b.size],
            "y": [b.batch_std],
            "marker": {"size": 13, "color": palette.POINT, "line": {"color": "#fff", "width": 2}},
            "hoverinfo": "skip",
        },
    ]
    layout = _layout(_("batch size B"), _("std of the batch mean"), 300, "batches-spread")
    layout["xaxis"].update(
        {"range": [0.5, b.n + 0.5], "tickmode": "linear", "tick0": 1, "dtick": tick_step(b.n)}
    )
    layout["yaxis"]["rangemode"] = "tozero"
    layout["hovermode"] = "closest"
    return {"data": data, "layout": layout}
