"""A chart as a still image: the very figure the page draws, painted in one theme's colours
and sized, for Plotly's static export (app/renderer.py) to draw.

The page paints a figure in the browser (static/js/core/plot.js `themed`): the layout's text,
grid and axis lines take the page's colours, an annotation named after a colour role takes that
role's colour, and each trace's colours take their roles' colours, the roles named by the
trace's `meta.theme` (palette.themed) or, for figures that name none, found from its light
colours. `painted` does the same here from palette.THEMES and palette.CHROME, the colours
site.css holds (tests/test_figures.py checks they agree; tests/browser/test_images.py compares
an image with the page's chart).
"""

from __future__ import annotations

import copy
from typing import Any, Literal

from app.figures import palette

Theme = Literal["light", "dark"]
COLOUR_PATHS = ("line.color", "marker.color", "fillpattern.fgcolor")
TRANSPARENT = "rgba(0,0,0,0)"
TITLE_HEIGHT = 30  # px the title line adds above the chart


def _colour(role: str, theme: Theme) -> str | None:
    pair = palette.THEMES.get(role) or palette.CHROME.get(role)
    return None if pair is None else pair[theme == "dark"]


def _get(target: Any, path: str) -> Any:
    for key in path.split("."):
        target = target.get(key) if isinstance(target, dict) else None
    return target


def _set(target: dict[str, Any], path: str, value: Any) -> None:
    *keys, last = path.split(".")
    for key in keys:
        target = target.setdefault(key, {})
    target[last] = value


_LIGHT_ROLES = {light.lower(): role for role, (light, _dark) in palette.THEMES.items()}


def roles_of(trace: dict[str, Any]) -> dict[str, str]:
    """The colour role of each of a trace's colour attributes (plot.js `rolesOf`)."""
    named = (trace.get("meta") or {}).get("theme") if isinstance(trace.get("meta"), dict) else None
    if named:
        return dict(named)
    uid = str(trace.get("uid") or "")
    if uid == "point" or uid.endswith("point"):
        return {"marker.color": "point", "marker.line.color": "point-edge"}
    roles = {"line.color": "muted"} if uid == "target" else {}
    for path in COLOUR_PATHS:
        colour = _get(trace, path)
        role = _LIGHT_ROLES.get(colour.lower()) if isinstance(colour, str) else None
        if role:
            roles[path] = role
    return roles


def painted(figure: dict[str, Any], theme: Theme) -> dict[str, Any]:
    """The figure in `theme`'s colours, as the page paints it (a deep copy)."""
    layout = copy.deepcopy(figure.get("layout") or {})
    fg, grid, axis = (_colour(name, theme) for name in ("fg", "grid", "axis"))
    _set(layout, "font.color", fg)
    for key in [k for k in layout if k[1:5] == "axis" and k[0] in "xy"]:
        ax = layout[key]
        ax["gridcolor"], ax["linecolor"] = grid, axis
        ax["zerolinecolor"] = fg if (ax.get("zerolinewidth") or 1) >= 2 else axis
    for note in layout.get("annotations") or []:
        colour = _colour(str(note.get("name") or ""), theme)
        if colour:
            _set(note, "font.color", colour)
    data = []
    for trace in figure.get("data") or []:
        roles = roles_of(trace)
        if roles:
            trace = copy.deepcopy(trace)
            for path, role in roles.items():
                colour = _colour(role, theme)
                if colour:
                    _set(trace, path, colour)
        data.append(trace)
    return {"data": data, "layout": layout}


def _legend_above(figure: dict[str, Any], width: int) -> int:
    """About how tall a legend drawn above the plot is (0 for none): the title goes above it.
    Plotly lays a horizontal legend out in rows of entries ~40 px plus ~7 px a character wide
    at the charts' 13 px font, ~19 px a row."""
    layout = figure["layout"]
    legend = layout.get("legend") or {}
    if not layout.get("showlegend", True) or float(legend.get("y", 1)) < 1:
        return 0
    names = [
        str(t.get("name") or "")
        for t in figure["data"]
        if t.get("showlegend", True) is not False and t.get("name") and t.get("visible", True)
    ]
    if not names:
        return 0
    margin = layout.get("margin") or {}
    room = max(1, width - int(margin.get("l", 56)) - int(margin.get("r", 12)))
    rows, used = 1, 0
    for name in names:
        entry = 40 + 7 * len(name)
        if used and used + entry > room:
            rows, used = rows + 1, 0
        used += entry
    return 19 * rows + 6


def still(
    figure: dict[str, Any],
    theme: Theme = "light",
    *,
    width: int,
    height: int,
    transparent: bool = False,
    title: str | None = None,
    separators: str | None = None,
    legend: bool = True,
) -> dict[str, Any]:
    """The figure as an image shows it: painted, `width` × `height` px, on the theme's
    background (or none), with a title line above the chart when given; `legend` False: none
    (as a phone's page draws its main chart, static/js/sse.js `sized`)."""
    fig = painted(figure, theme)
    layout = fig["layout"]
    layout.update(width=width, height=height)
    if not legend:
        layout["showlegend"] = False
    background = TRANSPARENT if transparent else _colour("bg", theme)
    layout["paper_bgcolor"] = layout["plot_bgcolor"] = background
    if separators:
        layout["separators"] = separators
    if title:
        margin = dict(layout.get("margin") or {})
        margin["t"] = int(margin.get("t", 28)) + TITLE_HEIGHT + _legend_above(fig, width)
        layout["margin"] = margin
        layout["title"] = {
            "text": title,
            "x": 0,
            "xref": "paper",
            "xanchor": "left",
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            "pad": {"t": 8},
            "font": {"size": 15, "color": _colour("fg", theme)},
        }
    return fig
