"""Figure dicts: JSON-safe, valid Plotly, and drawing what the lesson says."""

from __future__ import annotations

import orjson
import plotly.graph_objects as go
import pytest

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
    assert list(by_uid) == ["parabola", "target", "tangent", "step", "landing", "point"]
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
    table = fig.lookup(curves, view)
    i = 530
    assert table["output"][i] == 0.3
    assert (table["loss"][i], table["gradient"][i], table["next_output"][i]) == (0.245, -0.7, 0.65)
    slope = (table["tangent_y1"][i] - table["tangent_y0"][i]) / (
        table["tangent_x1"][i] - table["tangent_x0"][i]
    )
    assert slope == pytest.approx(-0.7, rel=1e-5)
