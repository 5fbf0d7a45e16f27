"""The charts of sse-explainer for notebooks and scripts: the same figures the pages draw.

    >>> from app import notebook
    >>> fig = notebook.figure("loss", t=1, o=0.3, lr=0.5)   # a plain dict
    >>> sorted(fig)
    ['data', 'layout']
    >>> notebook.charts()[:2]
    ['loss', 'gradient']

In Jupyter, `notebook.show("loss", t=1, o=0.3)` returns a plotly.graph_objects.Figure, which the
notebook draws. plotly (the Python package) is imported only by `to_plotly` and `show`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.pages.charts import EMBEDS

if TYPE_CHECKING:  # pragma: no cover
    import plotly.graph_objects as go


def charts() -> list[str]:
    """The names of every chart, as used in /embed/<name>."""
    return list(EMBEDS)


def state(name: str, **params: Any) -> dict[str, Any]:
    """The whole state dict of the page that draws chart `name`, for the given parameters.

    Parameters are the page's query parameters (t=1, o=0.3, half=False, t_list=[...] as lists).
    Invalid ones raise ValueError with the page's message instead of being replaced.
    """
    if name not in EMBEDS:
        raise KeyError(f"unknown chart {name!r}; choose from {', '.join(EMBEDS)}")
    text = {key: _text(value) for key, value in params.items()}
    page_state = EMBEDS[name].state(text)
    if page_state["errors"]:
        raise ValueError("; ".join(page_state["errors"].values()))
    return page_state


def figure(name: str, **params: Any) -> dict[str, Any]:
    """The Plotly figure dict ({"data": [...], "layout": {...}}) the page draws for `name`."""
    result: dict[str, Any] = state(name, **params)["figures"][EMBEDS[name].figure]
    return result


def to_plotly(fig: dict[str, Any]) -> go.Figure:
    """A plotly.graph_objects.Figure from a figure dict (validates every attribute)."""
    import plotly.graph_objects as go

    return go.Figure(fig)


def show(name: str, **params: Any) -> go.Figure:
    """The chart as a plotly Figure, for Jupyter to display."""
    return to_plotly(figure(name, **params))


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, list | tuple):
        return ",".join(_text(v) for v in value)
    return str(value)
