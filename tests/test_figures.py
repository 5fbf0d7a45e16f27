"""Figure dicts: JSON-safe, valid Plotly, and drawing what the lesson says."""

from __future__ import annotations

import re
from pathlib import Path

import orjson
import plotly.graph_objects as go
import pytest

from app.figures import palette
from app.figures import single as fig
from app.lessons import single


def _build(t: float, o: float, lr: float) -> tuple[dict[str, object], dict[str, object]]:
    point = single.at(t, o, lr)
    view = fig.view_for(t, o)
    curves = single.curves(t, lr, view.outputs, view.places)
    return fig.loss_figure(point, curves, view), fig.gradient_figure(point, curves, view)


@pytest.mark.parametrize(("t", "o", "lr"), [(1.0, 0.3, 0.5), (-1000.0, 1000.0, 10.0), (2, 2, 1)])
def test_figures_are_valid_plotly_and_json(t: float, o: float, lr: float) -> None:
    for figure in _build(t, o, lr):
        go.Figure(figure)  # raises on any invalid attribute
        assert orjson.loads(orjson.dumps(figure)) == figure


def test_loss_figure_traces() -> None:
    loss, _ = _build(1.0, 0.3, 0.5)
    by_uid = {trace["uid"]: trace for trace in loss["data"]}  # type: ignore[index]
    assert list(by_uid) == ["parabola", "target", "rise_run", "tangent", "step", "landing", "point"]
    assert by_uid["point"]["x"] == [0.3] and by_uid["point"]["y"] == [0.245]
    assert by_uid["step"]["x"] == [0.3, 0.65]
    assert by_uid["landing"]["x"] == [0.65] and by_uid["landing"]["y"] == [0.06125]
    assert by_uid["target"]["x"] == [1.0, 1.0]
    tx, ty = by_uid["tangent"]["x"], by_uid["tangent"]["y"]
    assert (ty[1] - ty[0]) / (tx[1] - tx[0]) == pytest.approx(-0.7)
    assert len(by_uid["parabola"]["x"]) == 1001


def test_gradient_figure_splits_at_the_target() -> None:
    _, grad = _build(1.0, 0.3, 0.5)
    negative, positive, current = grad["data"]  # type: ignore[misc]
    assert max(negative["y"]) == 0.0 and min(positive["y"]) == 0.0
    assert negative["x"][-1] == 1.0 and positive["x"][0] == 1.0
    assert current["x"] == [0.3] and current["y"] == [-0.7]
    texts = " ".join(a["text"] for a in grad["layout"]["annotations"])  # type: ignore[index]
    assert "output too low" in texts and "gradient negative" in texts
    assert "output too high" in texts and "gradient positive" in texts


@pytest.mark.parametrize(
    ("t", "o", "lo", "hi", "step"),
    [(1, 0.3, -5, 5, 0.01), (7, 0, -10, 10, 0.02), (0, -999, -1000, 1000, 2), (5, 5, -5, 5, 0.01)],
)
def test_view_holds_t_and_o(t: float, o: float, lo: float, hi: float, step: float) -> None:
    view = fig.view_for(t, o)
    assert (view.lo, view.hi, view.step) == (lo, hi, step)
    assert view.lo <= t <= view.hi and view.lo <= o <= view.hi


def test_lookup_matches_the_figures_at_every_slider_position() -> None:
    t, lr = 1.0, 0.5
    view = fig.view_for(t, 0.3)
    curves = single.curves(t, lr, view.outputs, view.places)
    point = single.at(t, 0.3, lr)
    table = fig.lookup(curves, fig.frame_for(point, view))
    i = 530
    assert table["output"][i] == 0.3
    assert (table["loss"][i], table["gradient"][i], table["next_output"][i]) == (0.245, -0.7, 0.65)
    slope = (table["tangent_y1"][i] - table["tangent_y0"][i]) / (
        table["tangent_x1"][i] - table["tangent_x0"][i]
    )
    assert slope == pytest.approx(-0.7, rel=1e-5)


def test_a_frame_holds_t_o_and_the_landing_point_closer_than_the_view() -> None:
    for t, o, lr in [(1.0, 0.3, 0.5), (1.0, -2.0, 0.5), (0.0, 4.0, 0.9), (7.0, 0.0, 0.1)]:
        point = single.at(t, o, lr)
        view = fig.view_for(t, o)
        frame = fig.frame_for(point, view)
        for x in (t, o, point.next_output):
            assert frame.x[0] < x < frame.x[1] or x in (view.lo, view.hi)
        assert view.lo <= frame.x[0] and frame.x[1] <= view.hi
        assert frame.x[1] - frame.x[0] < view.hi - view.lo
        # the curve fits: the loss at both edges is under the top, the arrow over the bottom
        assert max(0.5 * (t - x) ** 2 for x in frame.x) < frame.loss[1]
        assert frame.loss[0] < fig.step_height(frame) < 0


def test_lesson_charts_do_not_zoom_and_label_slope_and_step_on_the_chart() -> None:
    point = single.at(1.0, 0.3, 0.5)
    view = fig.view_for(1.0, 0.3)
    curves = single.curves(1.0, 0.5, view.outputs, view.places)
    frame = fig.frame_for(point, view)
    loss = fig.loss_figure(point, curves, view, None, frame)
    grad = fig.gradient_figure(point, curves, view, frame)
    for figure in (loss, grad):
        layout = figure["layout"]
        assert layout["dragmode"] is False and layout["showlegend"] is False
        assert layout["xaxis"]["fixedrange"] and layout["yaxis"]["fixedrange"]
        assert layout["xaxis"]["range"] == list(frame.x)
    texts = [note["text"] for note in loss["layout"]["annotations"]]
    assert "slope −0.70 (negative)" in texts and "step +0.35 →" in texts


def test_the_other_convention_is_drawn_only_when_compared() -> None:
    point, other = single.at(1.0, 0.3, 0.5), single.at(1.0, 0.3, 0.5, False)
    view = fig.view_for(1.0, 0.3)
    pair = (other, single.curves(1.0, 0.5, view.outputs, view.places, False))
    curves = single.curves(1.0, 0.5, view.outputs, view.places)
    for compare in (True, False):
        figure = fig.loss_figure(point, curves, view, pair, compare=compare)
        extra = [t for t in figure["data"] if t["uid"].startswith("other_")]
        assert [t["visible"] for t in extra] == [compare, compare]


def test_palette_and_css_name_the_same_colours() -> None:
    css = (Path(__file__).resolve().parents[1] / "static" / "css" / "site.css").read_text()
    for role, (light, dark) in {**palette.THEMES, **palette.CHROME}.items():
        assert re.search(rf"--{role}:\s*{light};", css, re.IGNORECASE), role
        assert re.search(rf"--{role}:\s*{dark};", css, re.IGNORECASE), role
