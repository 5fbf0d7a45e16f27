"""Figures for the n-samples page: each sample's term as a bar, and each gradient with its sign."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from app.figures import palette
from app.figures.layout import chrome
from app.formatting import number, short
from app.i18n import _
from app.lessons.samples import Summary, Totals

Figure = dict[str, Any]

LABEL_LIMIT = 40  # above this many bars, the values are in the table and the tooltips only

__all__ = ["terms_figure", "gradient_figure", "copies_figure", "sign_label"]

COPIES = 5  # the copies chart writes the data out 1 to this many times


def sign_label(g: float, write: Callable[[float], str] = number) -> str:
    """A gradient written with its sign, "+" or "−" (0 has none): colour is never the only cue.

    >>> sign_label(1.0), sign_label(-0.5), sign_label(0.0), sign_label(1 / 3)
    ('+1.00', '−0.50', '0.00', '≈+0.333333333333')
    >>> sign_label(1 / 3, short)
    '≈+0.333'
    """
    text = write(g)
    if g <= 0:
        return text
    return "≈+" + text[1:] if text.startswith("≈") else "+" + text


def tick_step(count: int) -> int:
    """A whole-number tick spacing that labels at most about 15 bars: 1, 2, 5, 10, 20, 50, ...

    >>> tick_step(3), tick_step(40), tick_step(1000)
    (1, 5, 100)
    """
    step = 1
    while count / step > 15:
        step = step * 5 // 2 if str(step).startswith("2") else step * 2
    return step


def _layout(n: int, y_title: str, height: int, uirevision: str) -> dict[str, Any]:
    axis = {"gridcolor": palette.GRID, "zerolinecolor": "#9a9a9a", "linecolor": "#9a9a9a"}
    return {
        **chrome(height),
        "uirevision": uirevision,
        "bargap": 0.25 if n > 1 else 0.6,
        "showlegend": True,
        "legend": {"orientation": "h", "x": 0, "y": 1.02, "xanchor": "left", "yanchor": "bottom"},
        "xaxis": {
            **axis,
            "title": {"text": _("sample i")},
            "automargin": True,
            "tickmode": "linear",
            "tick0": 1,
            "dtick": tick_step(n),
            "range": [0.5, n + 0.5],
        },
        "yaxis": {**axis, "title": {"text": y_title}, "automargin": True},
    }


def terms_figure(s: Summary) -> Figure:
    """Bars of each term ½(t_i − o_i)² and a line at their mean, the MSE: SSE is their sum."""
    x = list(range(1, s.n + 1))
    term = "½(t_i − o_i)²" if s.half else "(t_i − o_i)²"
    labels = s.n <= LABEL_LIMIT
    data = [
        {
            "type": "bar",
            "uid": "terms",
            "name": _("term {term}").format(term=term),
            "x": x,
            "y": s.terms,
            "marker": {"color": palette.LOSS},
            "text": [short(v) for v in s.terms] if labels else None,
            "textposition": "outside" if labels else "none",
            "cliponaxis": False,
            "hovertemplate": _("sample %{x}<br>term = %{y}<extra></extra>"),
        },
        {
            "type": "scatter",
            "mode": "lines",
            "uid": "mse",
            "name": _("MSE = mean term = {mse}").format(mse=short(s.mse)),
            "x": [0.5, s.n + 0.5],
            "y": [s.mse, s.mse],
            "line": {"color": palette.STEP, "width": 3, "dash": "dash"},
            "hoverinfo": "skip",
        },
    ]
    layout = _layout(s.n, _("term"), 320, "samples-terms")
    top = max(max(s.terms), s.mse)
    layout["yaxis"]["range"] = [0, 1.18 * top if top > 0 else 1]
    return {"data": data, "layout": layout}


def gradient_figure(s: Summary) -> Figure:
    """Bars of each dSSE/do_i, split by sign into two traces, each labelled + or −."""
    labels = s.n <= LABEL_LIMIT
    grad = "o_i − t_i" if s.half else "2(o_i − t_i)"
    data: list[dict[str, Any]] = []
    sides = (
        ("negative", _("− output too low: dSSE/do_i < 0"), palette.NEGATIVE, -1),
        ("positive", _("+ output too high: dSSE/do_i > 0"), palette.POSITIVE, 1),
        ("zero", _("0 on target"), palette.TARGET, 0),
    )
    grads = np.asarray(s.grad_sse, dtype=np.float64)
    signs = np.sign(grads)
    samples = np.arange(1, s.n + 1)
    for uid, name, colour, sign in sides:
        side = signs == sign
        xs, ys = samples[side].tolist(), grads[side].tolist()
        data.append(
            {
                "type": "bar",
                "uid": uid,
                "name": name,
                "x": xs,
                "y": ys,
                "marker": {"color": colour},
                "text": [sign_label(g, short) for g in ys] if labels else None,
                "textposition": "outside" if labels else "none",
                "cliponaxis": False,
                "hovertemplate": _("sample %{x}<br>dSSE/do = {grad} = %{y}<extra></extra>").replace(
                    "{grad}", grad
                ),
                "showlegend": bool(xs) or uid != "zero",
            }
        )
    layout = _layout(s.n, "dSSE/do_i", 300, "samples-gradient")
    reach = float(np.abs(grads).max()) or 1.0
    layout["yaxis"]["range"] = [-1.25 * reach, 1.25 * reach]
    layout["yaxis"]["zerolinewidth"] = 2
    layout["barmode"] = "overlay"
    return {"data": data, "layout": layout}


def copies_figure(copies: list[Totals]) -> Figure:
    """The gradient on a bias shared by every output as the data is written out 1, 2, ... times:
    Σ dSSE/do_i (the sum) grows with the copies, Σ dMSE/do_i (the mean) stays flat."""
    x = list(range(1, len(copies) + 1))
    lines = (
        ("sse", _("Σ dSSE/do_i: the sum"), [c.grad_sse_sum for c in copies], palette.TANGENT),
        ("mse", _("Σ dMSE/do_i: the mean"), [c.grad_mse_sum for c in copies], palette.STEP),
    )
    # colour is never the only cue: a solid line of circles, a dashed line of squares
    looks = {"sse": ("solid", "circle"), "mse": ("dash", "square")}
    data = [
        {
            "type": "scatter",
            "mode": "lines+markers+text",
            "uid": uid,
            "name": name,
            "x": x,
            "y": ys,
            "customdata": [c.n for c in copies],
            "line": {"color": colour, "width": 3, "dash": dash},
            "marker": {"size": 10, "color": colour, "symbol": symbol},
            "text": [sign_label(g, short) for g in ys],
            "textposition": "top center" if uid == "sse" else "bottom center",
            "cliponaxis": False,
            "hovertemplate": _(
                "%{x}× the data, n = %{customdata}<br>%{y}<extra>{name}</extra>"
            ).replace("{name}", name),
        }
        for uid, name, ys, colour in lines
        for dash, symbol in [looks[uid]]
    ]
    layout = _layout(len(copies), _("gradient on a shared bias"), 300, "samples-copies")
    layout["xaxis"].update(
        title={"text": _("copies of the data")},
        ticktext=[f"{k}×" for k in x],
        tickvals=x,
        tickmode="array",
    )
    values = [v for _uid, _name, ys, _colour in lines for v in ys]
    low, high = min(0.0, *values), max(0.0, *values)
    pad = 0.2 * ((high - low) or 1.0)
    layout["yaxis"]["range"] = [low - pad, high + pad]
    layout["yaxis"]["zerolinewidth"] = 2
    return {"data": data, "layout": layout}
