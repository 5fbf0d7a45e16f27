"""The losses lesson: maths (inline values and properties), figures, API, page and JSON twin."""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go
import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from hypothesis import assume, given
from hypothesis import strategies as st

from app.figures import losses as fig
from app.figures import palette
from app.lessons import losses
from app.lessons.losses import NAMES, LossName, LossPoint
from app.pages.losses import LossesPageQuery, losses_state
from app.templating import static_url
from tests.pages import page_scripts, page_soup, shown

# ---- maths: inline values


@pytest.mark.parametrize(
    ("name", "t", "o", "delta", "half", "loss", "left", "right"),
    [
        ("squared", 1.0, 0.3, 1.0, True, 0.245, -0.7, -0.7),
        ("squared", 1.0, 0.3, 1.0, False, 0.49, -1.4, -1.4),
        ("absolute", 1.0, 0.3, 1.0, True, 0.7, -1.0, -1.0),
        ("absolute", 1.0, 2.5, 1.0, True, 1.5, 1.0, 1.0),
        ("absolute", 1.0, 1.0, 1.0, True, 0.0, -1.0, 1.0),  # the corner: interval [-1, 1]
        ("huber", 0.0, 0.5, 1.0, True, 0.125, 0.5, 0.5),
        ("huber", 0.0, 3.0, 1.0, True, 2.5, 1.0, 1.0),
        ("huber", 0.0, -3.0, 2.0, True, 4.0, -2.0, -2.0),
        ("huber", 1.0, 0.3, 0.5, True, 0.225, -0.5, -0.5),
        ("cross_entropy", 1.0, 0.5, 1.0, True, math.log(2), -2.0, -2.0),
        ("cross_entropy", 0.0, 0.2, 1.0, True, -math.log(0.8), 1.25, 1.25),
    ],
)
def test_values_and_slopes(
    name: LossName,
    t: float,
    o: float,
    delta: float,
    half: bool,
    loss: float,
    left: float,
    right: float,
) -> None:
    p = losses.at(name, t, o, delta, half)
    assert p.loss == pytest.approx(loss)
    assert (p.left, p.right) == (pytest.approx(left), pytest.approx(right))
    assert p.differentiable == (left == right)
    assert p.gradient == (None if left != right else pytest.approx(left))


def test_exact_decimals_where_a_learner_checks_by_hand() -> None:
    assert losses.at("squared", 1.0, 0.3).loss == 0.245
    assert losses.at("huber", 1.0, 0.3, 0.5).loss == 0.225  # 0.5 * (0.7 - 0.25)
    assert losses.at("huber", 0.1, 0.3, 1.0).loss == 0.02
    assert losses.at("absolute", 0.1, 0.3).loss == 0.2
    assert losses.error(1.0, 0.3) == -0.7


def test_huber_inside_delta_is_squared_error_with_the_half() -> None:
    o = np.array([-0.5, 0.2, 0.9, 1.4])
    huber = losses.values("huber", 0.5, o, delta=1.0, places=1)
    squared = losses.values("squared", 0.5, o, half=True, places=1)
    assert huber.tolist() == squared.tolist()


def test_cross_entropy_outside_its_domain_is_undefined() -> None:
    o = np.array([0.0, 0.5, 1.0, 1.5])
    assert np.isnan(losses.values("cross_entropy", 1.0, o)).tolist() == [True, False, True, True]
    assert np.isnan(losses.values("cross_entropy", 2.0, np.array([0.5]))).all()
    assert not losses.in_domain("cross_entropy", -0.1, np.array([0.5])).any()


# ---- maths: properties

finite = st.floats(-50, 50, allow_nan=False, allow_infinity=False)
probability = st.floats(0.02, 0.98)
label = st.floats(0, 1)
deltas = st.floats(0.1, 10)


def _fd(name: LossName, t: float, o: float, delta: float, half: bool, h: float) -> float:
    up = losses.values(name, t, np.array([o + h]), delta, half, places=17)[0]
    down = losses.values(name, t, np.array([o - h]), delta, half, places=17)[0]
    return float((up - down) / (2 * h))


@given(t=finite, o=finite, delta=deltas, half=st.booleans())
@pytest.mark.parametrize("name", ["squared", "absolute", "huber"])
def test_gradient_is_a_central_difference_away_from_kinks(
    name: LossName, t: float, o: float, delta: float, half: bool
) -> None:
    h = 1e-4
    e = o - t
    assume(abs(e) > 10 * h)  # the corner of |o - t|
    assume(abs(abs(e) - delta) > 10 * h)  # Huber's switch: its second derivative jumps
    g = losses.at(name, t, o, delta, half).gradient
    assert g is not None
    assert g == pytest.approx(_fd(name, t, o, delta, half, h), rel=1e-5, abs=1e-5)


@given(t=label, o=probability)
def test_cross_entropy_gradient_is_a_central_difference(t: float, o: float) -> None:
    h = 1e-6
    g = losses.at("cross_entropy", t, o).gradient
    assert g == pytest.approx(_fd("cross_entropy", t, o, 1.0, True, h), rel=1e-4, abs=1e-4)


def _gradient_has_the_sign_of_the_error(
    name: LossName, t: float, o: float, delta: float, half: bool
) -> tuple[LossPoint, float]:
    """Asserts the sign where the loss is differentiable; gives the point and the error o − t."""
    p = losses.at(name, t, o, delta, half)
    e = losses.error(t, o)
    if p.differentiable:
        assert losses.sign(p.left) == losses.sign(e)
    return p, e


@given(t=label, o=probability, delta=deltas, half=st.booleans())
@pytest.mark.parametrize("name", NAMES)
def test_sign_of_the_gradient_is_the_sign_of_the_error(
    name: LossName, t: float, o: float, delta: float, half: bool
) -> None:
    p, e = _gradient_has_the_sign_of_the_error(name, t, o, delta, half)
    if not p.differentiable:  # only at the corner, where the interval holds 0
        assert e == 0 and p.left < 0 < p.right


@given(t=finite, o=finite, delta=deltas)
def test_absolute_and_huber_beyond_delta_have_constant_size(
    t: float, o: float, delta: float
) -> None:
    e = o - t
    assume(e != 0)
    assert abs(losses.at("absolute", t, o).left) == 1.0
    huber = losses.at("huber", t, o, delta)
    if abs(e) > delta:
        assert abs(huber.left) == delta
    else:
        assert abs(huber.left) <= delta


@given(t=finite, o=finite)
def test_squared_size_grows_with_the_error(t: float, o: float) -> None:
    near = losses.at("squared", t, (o + t) / 2)
    far = losses.at("squared", t, o)
    assert abs(far.left) >= abs(near.left)


# ---- figures


@pytest.mark.parametrize(("name", "t", "o"), [(n, 1.0, 0.3) for n in NAMES] + [("absolute", 1, 1)])
def test_figures_are_valid_plotly(name: LossName, t: float, o: float) -> None:
    state = losses_state(LossesPageQuery(t=t, o=o, loss=name))
    for figure in state["figures"].values():
        go.Figure(figure)
        assert all("uid" in trace for trace in figure["data"])


def test_the_corner_draws_a_fan_and_a_bar() -> None:
    state = losses_state(LossesPageQuery(t=1.0, o=1.0, loss="absolute"))
    tangent = next(tr for tr in state["figures"]["loss"]["data"] if tr["uid"] == "tangent")
    slopes = []
    for k in range(fig.FAN):
        x0, x1 = tangent["x"][3 * k : 3 * k + 2]
        y0, y1 = tangent["y"][3 * k : 3 * k + 2]
        slopes.append(round((y1 - y0) / (x1 - x0), 9))
    assert slopes == [-1.0, -0.5, 0.0, 0.5, 1.0]
    bar = next(tr for tr in state["figures"]["gradient"]["data"] if tr["uid"] == "gpoint")
    assert bar["x"] == [1.0, 1.0] and bar["y"] == [-1.0, 1.0]
    # the gradient curve jumps from -1 (its negative side) to 1 (its positive side) at t
    traces = {tr["uid"]: tr for tr in state["figures"]["gradient"]["data"]}
    low, high = traces["gcurve-negative"], traces["gcurve-positive"]
    i = low["x"].index(1.0)
    assert low["x"][i : i + 2] == [1.0, 1.0] and low["y"][i : i + 2] == [-1.0, 0.0]
    assert high["x"][i : i + 3] == [1.0, 1.0, 1.0] and high["y"][i : i + 3] == [None, 0.0, 1.0]


@pytest.mark.parametrize("loss", ["squared", "absolute", "huber", "cross_entropy"])
def test_gradient_curve_is_coloured_by_sign_like_every_gradient_chart(loss: str) -> None:
    t = 0.5 if loss == "cross_entropy" else 1.0
    state = losses_state(LossesPageQuery(t=t, o=0.3, loss=loss))
    traces = {tr["uid"]: tr for tr in state["figures"]["gradient"]["data"]}
    for uid, colour, sign in (
        ("gcurve-negative", palette.NEGATIVE, -1),
        ("gcurve-positive", palette.POSITIVE, 1),
    ):
        assert traces[uid]["line"]["color"] == colour
        points = zip(traces[uid]["x"], traces[uid]["y"], strict=True)
        drawn = [(x, y) for x, y in points if y is not None]
        assert drawn and all(y * sign >= 0 for _x, y in drawn)
        # below t the output is too low (dL/do < 0), above it too high
        assert all((x - t) * sign >= -1e-9 for x, y in drawn if y != 0)


def test_cross_entropy_axis_is_clamped_inside_zero_one() -> None:
    state = losses_state(LossesPageQuery(t=1.0, o=0.3, loss="cross_entropy"))
    x = state["figures"]["loss"]["data"][0]["x"]
    assert (x[0], x[-1]) == (0.001, 0.999)
    assert state["controls"]["o"] == {"min": 0.001, "max": 0.999, "step": 0.001}


def test_lookup_has_every_loss_and_the_kink() -> None:
    state = losses_state(LossesPageQuery(t=1.0, o=0.3))
    table = state["lookup"]
    i = table["output"].index(1.0)
    assert table["losses"]["absolute"]["gradient"][i] is None
    assert table["losses"]["absolute"]["kinks"] == [[i, -1.0, 1.0]]
    assert table["losses"]["squared"]["gradient"][i] == 0.0
    j = table["output"].index(0.3)
    assert table["error"][j] == -0.7
    assert table["losses"]["huber"]["loss"][j] == 0.245
    assert table["losses"]["cross_entropy"]["loss"][0] is None  # o = -5: undefined


# ---- API


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "/api/v1/losses/absolute?t=1&o=1",
            {
                "loss": 0.0,
                "differentiable": False,
                "gradient": None,
                "subgradient": {"lo": -1.0, "hi": 1.0},
            },
        ),
        (
            "/api/v1/losses/huber?t=0&o=3&delta=2",
            {"loss": 4.0, "differentiable": True, "gradient": 2.0, "subgradient": None},
        ),
        ("/api/v1/losses/squared?t=1&o=0.3", {"loss": 0.245, "gradient": -0.7}),
        ("/api/v1/losses/squared?t=1&o=0.3&half=0", {"loss": 0.49, "gradient": -1.4}),
        ("/api/v1/losses/cross_entropy?t=1&o=0.5", {"gradient": -2.0}),
    ],
)
def test_api_answers(client: TestClient, url: str, expected: dict[str, object]) -> None:
    r = client.get(url)
    assert r.status_code == 200
    body = r.json()
    for key, value in expected.items():
        assert body[key] == value


def test_cross_entropy_limits_apply_only_to_cross_entropy(client: TestClient) -> None:
    assert client.get("/api/v1/losses/absolute?t=3&o=-2").status_code == 200


def test_docs_show_the_name_enum_and_the_bounds(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    op = spec["paths"]["/api/v1/losses/{name}"]["get"]
    params = {p["name"]: p for p in op["parameters"]}
    name_schema = params["name"]["schema"]
    enum = name_schema.get("enum") or spec["components"]["schemas"]["Name"]["enum"]
    assert enum == ["squared", "absolute", "huber", "cross_entropy"]
    assert params["delta"]["schema"]["exclusiveMinimum"] == 0
    assert "422" in op["responses"]


# ---- page and JSON twin

EXAMPLE = "/losses?t=1&o=0.3&delta=1&loss=absolute"


def test_page_context_and_table(client: TestClient) -> None:
    r = client.get(EXAMPLE)
    assert r.template.name == "losses.html"  # type: ignore[attr-defined]
    state = r.context["state"]  # type: ignore[attr-defined]
    assert state["query"] == {"t": 1.0, "o": 0.3, "delta": 1.0, "half": True, "loss": "absolute"}
    assert state["errors"] == {}
    soup = BeautifulSoup(r.text, "html.parser")
    assert shown(soup, "squared_loss", tag="") == "0.245"
    assert shown(soup, "squared_gradient", tag="") == "−0.70"
    assert shown(soup, "absolute_gradient", tag="") == "−1.00"
    assert shown(soup, "huber_gradient", tag="") == "−0.70"
    # a few digits in the table, every digit in the cell's title and the formulas
    assert shown(soup, "cross_entropy_loss", tag="") == "≈1.20"
    cell = soup.select_one('td:has(output[data-shown="cross_entropy_loss"])')
    assert cell is not None and cell["title"].startswith("≈1.20397")
    assert shown(soup, "absolute_sign", tag="") == "yes: −, like o − t"
    rows = soup.select("#compare tbody tr")
    assert [r["data-loss"] for r in rows] == list(NAMES)
    assert soup.select_one("tr.selected")["data-loss"] == "absolute"  # type: ignore[index]
    assert len(soup.select('input[type="radio"][name="loss"]')) == 4
    sentence = soup.select_one("#sentence").get_text()  # type: ignore[union-attr]
    assert sentence.startswith("o = 0.30 is below t = 1.00: the absolute error gradient")


def test_page_at_the_corner_shows_the_interval(client: TestClient) -> None:
    soup = page_soup(client, "/losses?t=1&o=1&loss=absolute")
    assert shown(soup, "gradient", tag="") == "[−1.00, 1.00]"
    assert shown(soup, "absolute_gradient", tag="") == "[−1.00, 1.00]"
    assert "no derivative" in soup.select_one("#sentence").get_text()  # type: ignore[union-attr]
    grad = soup.select_one('#formula-gradient [data-slot="gradient"]')
    assert grad is not None and grad.get_text() == "[−1.00, 1.00]"


def test_json_twin_is_the_same_state(client: TestClient) -> None:
    page = client.get(EXAMPLE).context["state"]  # type: ignore[attr-defined]
    twin = client.get(EXAMPLE.replace("/losses?", "/losses.json?")).json()
    assert twin["query"] == page["query"]
    assert twin["shown"] == page["shown"]
    assert twin["result"]["absolute"]["gradient"] == -1.0


def test_cross_entropy_row_says_undefined_outside_its_domain(client: TestClient) -> None:
    soup = page_soup(client, "/losses?t=3&o=-2&loss=squared")
    assert shown(soup, "cross_entropy_loss", tag="") == "—"
    assert "not defined" in shown(soup, "cross_entropy_sign", tag="")


def test_page_scripts_are_local_and_deferred(client: TestClient) -> None:
    soup = page_soup(client, EXAMPLE)
    scripts = page_scripts(soup)
    assert scripts[-3:] == [
        static_url("vendor/plotly-sse-basic-4.1.1.min.js"),
        static_url("js/sse.js"),
        static_url("js/losses.js"),
    ]
    assert soup.select_one("script#state-data")["type"] == "application/json"  # type: ignore[index]
    assert client.get("/static/js/losses.js").status_code == 200


def test_requests_answer_at_the_bounds(client: TestClient) -> None:
    """The largest values answer 200 (their server time is measured in bench/, not timed here)."""
    urls = ["/losses.json?t=1000&o=-1000&delta=1000&loss=huber", "/api/v1/losses/huber?t=1000"]
    for url in urls:
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("module", [losses, fig], ids=lambda m: m.__name__)
def test_docstring_examples(module: object) -> None:
    import doctest

    result = doctest.testmod(module)  # type: ignore[arg-type]
    assert result.attempted > 0 and result.failed == 0


@given(t=finite, o=finite, delta=deltas, half=st.booleans())
@pytest.mark.parametrize("name", ["squared", "absolute", "huber"])
def test_sign_everywhere_for_the_losses_defined_everywhere(
    name: LossName, t: float, o: float, delta: float, half: bool
) -> None:
    p, e = _gradient_has_the_sign_of_the_error(name, t, o, delta, half)
    if not p.differentiable:
        assert name == "absolute" and e == 0 and (p.left, p.right) == (-1.0, 1.0)


@pytest.mark.parametrize(("name", "t", "o"), [("huber", 0.3, 0.7), ("cross_entropy", 0.25, 0.3)])
def test_the_clients_lookup_agrees_with_the_point_answer(
    name: LossName, t: float, o: float
) -> None:
    state = losses_state(LossesPageQuery(t=t, o=o, delta=0.5, loss=name))
    table = state["lookup"]
    for i in range(0, len(table["output"]), 97):
        x = table["output"][i]
        for n in NAMES:
            p = losses.at(n, t, x, 0.5)
            row = table["losses"][n]
            if row["loss"][i] is None:
                assert p.loss != p.loss  # NaN: outside cross-entropy's domain
                continue
            assert row["loss"][i] == p.loss
            assert row["gradient"][i] == p.gradient
