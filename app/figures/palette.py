"""Chart colours, one meaning each and the same on every page: a (light, dark) pair a role.

Okabe-Ito hues (colour-blind readers can tell them apart), darkened for the light theme and
lightened for the dark one so that every line, marker and hatched region is at least 3:1
against its background (#ffffff, #121416: WCAG's non-text contrast;
tests/browser/test_figure_first.py measures the drawn SVG). Negative / output too low is blue,
positive / output too high is vermillion, everywhere. Figures are built with the light colours
and name their roles (`themed`); static/js/core/plot.js swaps in the page's CSS variable of the
same name (static/css/site.css, checked against THEMES by tests/test_figures.py).
"""

from __future__ import annotations

from typing import Any

THEMES: dict[str, tuple[str, str]] = {
    "loss": ("#7d3c98", "#c58be0"),  # purple: the loss curve
    "tangent": ("#8a6d00", "#e69f00"),  # amber: the tangent, its slope
    "step": ("#007a5a", "#2bc79a"),  # bluish green: the descent step and where it lands
    "negative": ("#0072b2", "#56b4e9"),  # blue: gradient below zero, output too low
    "positive": ("#b34700", "#f0a35e"),  # vermillion: gradient above zero, output too high
    "muted": ("#555b61", "#a9b0b7"),  # the target line
    "point": ("#000000", "#ffffff"),  # the current state
    "point-edge": ("#ffffff", "#121416"),
}

# the page's own colours a chart is drawn on and with (site.css's variables of the same names):
# the background, the text, the grid and the axis lines
CHROME: dict[str, tuple[str, str]] = {
    "bg": ("#ffffff", "#121416"),
    "fg": ("#1d1d1f", "#e8eaed"),
    "grid": ("#e3e3e3", "#2c3136"),
    "axis": ("#9a9a9a", "#6b7178"),
}

LOSS = THEMES["loss"][0]
TANGENT = THEMES["tangent"][0]
STEP = THEMES["step"][0]
TARGET = THEMES["muted"][0]
NEGATIVE = THEMES["negative"][0]
POSITIVE = THEMES["positive"][0]
POINT = THEMES["point"][0]
GRID = "#e3e3e3"
TEXT = "#222222"


def themed(**paths: str) -> dict[str, Any]:
    """A trace's `meta` naming the role of each colour attribute ("line.color": "loss"); the
    browser gives each the theme's colour of that role.

    >>> themed(line__color="loss")
    {'meta': {'theme': {'line.color': 'loss'}}}
    """
    return {"meta": {"theme": {path.replace("__", "."): role for path, role in paths.items()}}}
