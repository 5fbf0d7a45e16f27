"""What every chart shares: its layout's size, margins, transparent background and font, and
plotly.js's config (PLOT_CONFIG)."""

from __future__ import annotations

from typing import Any

from app.figures import palette

PLOT_CONFIG: dict[str, Any] = {
    "responsive": True,
    "displaylogo": False,
    "scrollZoom": False,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
}


def chrome(height: int) -> dict[str, Any]:
    """The layout keys common to every figure (a fresh dict: callers add to it)."""
    return {
        "height": height,
        "margin": {"l": 56, "r": 12, "t": 28, "b": 44},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "font": {"family": "system-ui, sans-serif", "size": 13, "color": palette.TEXT},
        # a press on a lesson chart is the learner's, never a box zoom (issue 14)
        "dragmode": False,
    }
