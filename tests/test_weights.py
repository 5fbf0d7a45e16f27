"""The weights lesson: maths (inline values, hypothesis), figures, the API and the page."""

from __future__ import annotations

import math

import numpy as np
import orjson
import plotly.graph_objects as go
import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from app.figures import weights as wfig
from app.lessons import weights as wl
from app.pages.weights import weights_state
from app.schemas_weights import WeightsQuery
from tests.pages import page_scripts, page_soup, shown, stray_scripts

EXAMPLE = "/weights?x=1,2,3&t=2,4,6&w=0.5&b=0&lr=0.05"

# ---- maths ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("half", "mean", "loss", "grad_w", "grad_b"),
    [
        (True, False, 15.75, -21.0, -9.0),
        (False, False, 31.5, -42.0, -18.0),
        (True, True, 5.25, -7.0, -3.0),
        (False, True, 10.5, -14.0, -6.0),
    ],
)
def test_issue_example_under_each_convention(
    half: bool, mean: bool, loss: float, grad_w: float, grad_b: float
) -> None:
    p = wl.at([1.0, 2.0, 3.0], [2.0, 4.0, 6.0], 0.5, 0.0, 0.1, half, mean)
    assert p.outputs == [0.5, 1.0, 1.5]
    assert p.errors == [-1.5, -3.0, -4.5]
    assert (p.loss, p.grad_w, p.grad_b) == (loss, grad_w, grad_b)
    assert p.next_w == pytest.approx(0.5 - 0.1 * grad_w)
    assert p.next_b == pytest.approx(-0.1 * grad_b)


def test_decimal_numbers_stay_exact() -> None:
    p = wl.at([0.1, 0.2], [0.3, 0.1], 0.7, 0.1, 0.3)
    # o = 0.17, 0.24; o − t = −0.13, 0.14; Σ(o − t)·x = −0.013 + 0.028
    assert p.outputs == [0.17, 0.24]
    assert p.errors == [-0.13, 0.14]
    assert p.grad_w == 0.015
    assert p.grad_b == 0.01
    assert p.loss == 0.01825


def test_outputs_too_high_on_average_lower_b() -> None:
    p = wl.at([1.0, 2.0, 3.0], [1.0, 1.0, 1.0], 0.0, 1.4, 0.1)
    assert p.mean_error == pytest.approx(0.4)
    assert p.grad_b == pytest.approx(1.2)
    assert p.next_b < p.b


typed = st.integers(min_value=-10_000, max_value=10_000).map(lambda n: n / 100)
rows = st.integers(min_value=1, max_value=12)


# x, t, w, b, half, mean
Problem = tuple[list[float], list[float], float, float, bool, bool]


@st.composite
def problems(draw: st.DrawFn) -> Problem:
    n = draw(rows)
    x = draw(st.lists(typed, min_size=n, max_size=n))
    t = draw(st.lists(typed, min_size=n, max_size=n))
    return x, t, draw(typed), draw(typed), draw(st.booleans()), draw(st.booleans())


@given(problems())
def test_gradient_matches_a_central_finite_difference(problem: Problem) -> None:
    x, t, w, b, half, mean = problem
    p = wl.at(x, t, w, b, 0.1, half, mean)
    # the loss is quadratic, so the central difference is exact up to rounding: h can be large
    h = 0.5

    def diff(dw: float, db: float) -> float:
        plus = wl.at(x, t, w + dw, b + db, 0.1, half, mean).loss
        minus = wl.at(x, t, w - dw, b - db, 0.1, half, mean).loss
        return (plus - minus) / (2 * (dw or db))

    scale = 1e-9 * (1 + p.loss)
    assert p.grad_w == pytest.approx(diff(h, 0.0), rel=1e-6, abs=scale)
    assert p.grad_b == pytest.approx(diff(0.0, h), rel=1e-6, abs=scale)
    # the float loss agrees with the exact one
    assert wl.loss_at(x, t, w, b, half, mean) == pytest.approx(p.loss, rel=1e-9, abs=1e-12)


@given(problems())
def test_the_bowl_is_the_loss(problem: Problem) -> None:
    x, t, w, b, half, mean = problem
    p = wl.at(x, t, w, b, 0.1, half, mean)
    q = wl.bowl(x, t, half, mean)
    size = 1 + p.loss + sum(v * v for v in x) * (1 + w * w) + b * b + sum(v * v for v in t)
    assert float(wl.bowl_loss(q, w, b)) == pytest.approx(p.loss, abs=1e-9 * size)
    gw, gb = wl.bowl_gradient(q, w, b)
    assert float(gw) == pytest.approx(p.grad_w, abs=1e-8 * size)
    assert float(gb) == pytest.approx(p.grad_b, abs=1e-8 * size)
    assert q.floor <= p.loss + 1e-9 * size


def test_seeded_data_is_reproducible_and_one_decimal() -> None:
    x, t = wl.seeded_data(7)
    assert (x, t) == wl.seeded_data(7)
    assert len(x) == len(t) == wl.DEFAULT_ROWS
    assert all(round(v, 1) == v for v in x + t)
    assert wl.seeded_data(8) != (x, t)


def test_the_state_builds_at_a_thousand_rows() -> None:
    """1000 rows at the largest w and b (server time is measured in bench/, not timed here)."""
    x = [i / 100 for i in range(1000)]
    t = [2 * v + 1 for v in x]
    state = weights_state(WeightsQuery(x=x, t=t, w=999.99, b=-999.99, lr=10))
    assert len(state["result"]["outputs"]) == 1000
    assert all(math.isfinite(v) for v in state["result"]["outputs"])


# ---- figures -------------------------------------------------------------------------------


def test_figures_are_valid_plotly_and_json() -> None:
    state = weights_state(WeightsQuery())
    for name in ("fit", "slice", "contour"):
        figure = state["figures"][name]
        go.Figure(figure)
        assert orjson.loads(orjson.dumps(figure)) == figure
        assert all("uid" in trace for trace in figure["data"])
    contour = state["figures"]["contour"]["data"][0]
    assert len(contour["x"]) == len(contour["y"]) == wfig.GRID
    assert len(state["figures"]["slice"]["data"][0]["x"]) <= 2001


def test_contour_arrows_point_along_and_against_the_gradient() -> None:
    state = weights_state(WeightsQuery(x=[1.0, 2.0, 3.0], t=[2.0, 4.0, 6.0], w=0.5, lr=0.05))
    by_uid = {tr["uid"]: tr for tr in state["figures"]["contour"]["data"]}
    gx, gy = by_uid["gradient"]["x"], by_uid["gradient"]["y"]
    assert gx[1] < gx[0] and gy[1] < gy[0]  # gradient (−21, −9): uphill is down-left
    assert by_uid["step"]["x"] == [0.5, 1.55]
    assert by_uid["step"]["y"] == [0.0, 0.45]


# ---- API -----------------------------------------------------------------------------------


def test_api_answers_the_issue_example(client: TestClient) -> None:
    r = client.get("/api/v1/weights?x=1,2,3&t=2,4,6&w=0.5&b=0&half=1&mean=0")
    assert r.status_code == 200
    body = r.json()
    assert body["outputs"] == [0.5, 1.0, 1.5]
    assert body["loss"] == 15.75
    assert body["gradient"] == {"w": -21.0, "b": -9.0}
    assert body["step"] == {"learning_rate": 0.05, "w": 1.55, "b": 0.45, "loss": 0.50625}


def test_api_mean_divides_by_n(client: TestClient) -> None:
    body = client.get("/api/v1/weights?x=1,2,3&t=2,4,6&w=0.5&b=0&mean=1").json()
    assert (body["loss"], body["gradient"]) == (5.25, {"w": -7.0, "b": -3.0})


def test_api_default_is_the_seeded_data(client: TestClient) -> None:
    body = client.get("/api/v1/weights").json()
    assert (body["x"], body["t"]) == tuple(wl.seeded_data(1))
    other = client.get("/api/v1/weights?seed=2").json()
    assert other["x"] != body["x"]


def test_endpoints_are_in_the_openapi_schema(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    params = {p["name"]: p for p in schema["paths"]["/api/v1/weights"]["get"]["parameters"]}
    assert {"x", "t", "w", "b", "lr", "half", "mean", "seed"} <= set(params)
    assert "/api/v1/descent" in schema["paths"]


# ---- page ----------------------------------------------------------------------------------


def test_page_shows_the_numbers_formulas_and_sentence(client: TestClient) -> None:
    r = client.get(EXAMPLE)
    assert r.template.name == "weights.html"  # type: ignore[attr-defined]
    state = r.context["state"]  # type: ignore[attr-defined]
    assert state["result"]["gradient"] == {"w": -21.0, "b": -9.0}
    soup = BeautifulSoup(r.text, "html.parser")
    assert soup.h1 is not None
    assert shown(soup, "grad_w") == "−21.00"
    assert shown(soup, "grad_b") == "−9.00"
    sentence = soup.select_one("#sentence")
    assert sentence is not None
    # three lines: w (the learner's question) first, then b, then the mean output
    w_line, b_line, mean_line = sentence.get_text().split("\n")
    assert w_line.startswith("dL/dw = Σ(o_i − t_i)·x_i = −21.00 (terms: 0 positive, 3 negative)")
    assert b_line == (
        "The outputs are too low on average (mean o − t = −3.00): dL/db = −9.00, so b increases"
        " by 0.45."
    )
    assert mean_line.startswith("The mean output moves from ")
    grad_w = soup.select_one("#formula-grad_w")
    assert grad_w is not None and grad_w.find("math") is not None
    text = grad_w.get_text()
    assert "−1.50" in text and "−21.00" in text
    assert len(soup.select("#rows tbody tr")) == 3
    scripts = page_scripts(soup)
    assert any("plotly-sse-contour" in src for src in scripts)
    assert soup.select_one("script#state-data") is not None
    assert not stray_scripts(soup)


def test_page_sentence_when_outputs_are_too_high(client: TestClient) -> None:
    soup = page_soup(client, "/weights?x=1,2,3&t=1,1,1&w=0&b=1.4&lr=0.1")
    sentence = soup.select_one("#sentence")
    assert sentence is not None and sentence["data-direction"] == "decrease"
    assert sentence.get_text().split("\n")[1] == (
        "The outputs are too high on average (mean o − t = +0.40): dL/db = +1.20, so b decreases"
        " by 0.12."
    )


def _sentence(client: TestClient, query: str) -> str:
    found = page_soup(client, f"/weights?{query}").select_one("#sentence")
    assert found is not None
    return found.get_text()


@pytest.mark.parametrize(
    ("query", "words"),
    [
        # the learner's trap: the output is too low, yet w goes down, because x < 0
        (
            "x=-2&t=1&w=1&b=0",
            "dL/dw = (o − t)·x = +6.00 because o − t = −3.00 and x = −2.00: w decreases"
            " although the output is too low",
        ),
        # the same error with x > 0: the sign flips and w goes up
        (
            "x=2&t=1&w=-1&b=0",
            "dL/dw = (o − t)·x = −6.00 because o − t = −3.00 and x = +2.00: w increases"
            " because the output is too low.",
        ),
        (
            "x=2&t=1&w=1&b=0",
            "dL/dw = (o − t)·x = +2.00 because o − t = +1.00 and x = +2.00: w decreases"
            " because the output is too high.",
        ),
        (
            "x=-2&t=1&w=-1&b=0",
            "dL/dw = (o − t)·x = −2.00 because o − t = +1.00 and x = −2.00: w increases"
            " although the output is too high",
        ),
        # without the ½ the rule doubles; the mean of one row is the row
        ("x=-2&t=1&w=1&b=0&half=0", "dL/dw = 2·(o − t)·x = +12.00 because o − t = −3.00"),
        ("x=-2&t=1&w=1&b=0&mean=1", "dL/dw = (o − t)·x = +6.00 because"),
        ("x=0&t=1&w=1&b=0", "with x = 0, w does not move the output"),
        ("x=1&t=1&w=1&b=0", "the output is right, so w stays where it is."),
    ],
)
def test_sentence_names_ws_direction_and_its_reason(
    client: TestClient, query: str, words: str
) -> None:
    assert words in _sentence(client, query)


def test_sentence_for_several_rows_is_about_the_signs_of_the_terms(client: TestClient) -> None:
    # o = −0.5, 1, −1.5, all too low: errors −2.5, −3, −7.5; times x = −1, 2, −3 the terms are
    # +2.5, −6, +22.5: the rows with x < 0 push w down, and their sum +19 wins
    text = _sentence(client, "x=-1,2,-3&t=2,4,6&w=0.5&b=0&lr=0.05")
    assert text.startswith(
        "dL/dw = Σ(o_i − t_i)·x_i = +19.00 (terms: 2 positive, 1 negative): the sum is positive,"
        " so w decreases.\n"
    )
    # a repeating mean error is written short (every digit is in the table)
    assert "mean o − t = ≈−4.33)" in text
    text = _sentence(client, f"{EXAMPLE[len('/weights?') :]}&half=0&mean=1")
    assert "dL/dw = 2/3·Σ(o_i − t_i)·x_i = −14.00" in text
    assert "(terms: 0 positive, 3 negative): the sum is negative, so w increases." in text


@pytest.mark.parametrize(
    ("half", "mean", "grad_w_tex"),
    [("1", "0", "∑"), ("0", "0", "2"), ("1", "1", "1"), ("0", "1", "2")],
)
def test_formulas_follow_the_convention(
    client: TestClient, half: str, mean: str, grad_w_tex: str
) -> None:
    soup = page_soup(client, f"{EXAMPLE}&half={half}&mean={mean}")
    formula = soup.select_one("#formula-grad_w math")
    assert formula is not None
    first = formula.find(["mn", "mo"], string=lambda s: s not in ("∂",))
    assert first is not None and grad_w_tex in formula.get_text()


def test_json_twin_is_the_same_state(client: TestClient) -> None:
    page = client.get(EXAMPLE)
    soup = BeautifulSoup(page.text, "html.parser")
    link = soup.select_one('link[rel="alternate"][type="application/json"]')
    assert link is not None
    twin = client.get(link["href"]).json()
    state = page.context["state"]  # type: ignore[attr-defined]
    assert twin["result"] == state["result"]
    assert twin["sentence"] == state["sentence"]
    assert twin["shown"] == state["shown"]


def test_no_nonfinite_numbers_at_the_bounds(client: TestClient) -> None:
    xs = ",".join(["1000"] * 1000)
    r = client.get(f"/weights.json?x={xs}&t={xs.replace('1000', '-1000')}&w=1000&b=1000&lr=10")
    assert r.status_code == 200
    assert "NaN" not in r.text and "Infinity" not in r.text
    assert math.isfinite(r.json()["result"]["loss"])


@given(
    st.lists(
        st.floats(min_value=-1e15, max_value=1e15, allow_nan=False).filter(
            lambda v: v == 0 or abs(v) > 1e-12
        ),
        min_size=1,
        max_size=50,
    )
)
def test_the_contour_grid_keeps_six_significant_digits(values: list[float]) -> None:
    """The contour's z is drawn and hovered at 4 digits: 6 are kept, and written short."""
    from decimal import Decimal

    from app.figures.weights import significant

    rounded = significant(np.asarray(values)).tolist()
    for v, r in zip(values, rounded, strict=True):
        assert abs(r - v) <= 5e-6 * abs(v)
        assert len(Decimal(repr(r)).normalize().as_tuple().digits) <= 6


typed_numbers = st.one_of(
    st.integers(-(10**6), 10**6).map(lambda k: k / 100),
    st.integers(-(10**9), 10**9).map(lambda k: k / 10**6),
    st.floats(min_value=-1000, max_value=1000, allow_nan=False),
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(typed_numbers, typed_numbers), min_size=1, max_size=40),
    typed_numbers,
    typed_numbers,
    st.one_of(st.sampled_from([0.001, 0.1, 0.5, 10.0]), st.floats(0, 10, allow_nan=False)),
    st.booleans(),
    st.booleans(),
)
def test_whole_number_path_equals_decimal(
    rows: list[tuple[float, float]], w: float, b: float, lr: float, half: bool, mean: bool
) -> None:
    """weights.at in integers gives the numbers the Decimal reference gives."""
    x, t = [r[0] for r in rows], [r[1] for r in rows]
    exact = wl._at_exact(x, t, w, b, lr, half, mean)
    reference = wl._at_decimal(x, t, w, b, lr, half, mean)
    if exact is not None:  # None only for exponents or very long numbers (Decimal then)
        assert exact == reference


def test_whole_number_path_is_taken_for_typed_data() -> None:
    x, t = wl.seeded_data(3)
    assert wl._at_exact(x, t, 0.5, -1.25, 0.1, True, False) is not None
    assert wl._at_exact([1e-07], [1.0], 0.5, 0.0, 0.1, True, False) is None


@pytest.mark.parametrize(
    ("seed", "half", "mean"), [(1, True, False), (2, False, True), (5, True, True)]
)
def test_the_answer_has_the_shape_of_its_model(seed: int, half: bool, mean: bool) -> None:
    """weights_out writes plain data for speed; it must be what WeightsOut would dump."""
    from app.pages.weights import weights_out
    from app.schemas_weights import WeightsOut

    x, t = wl.seeded_data(seed)
    out = weights_out(x, t, wl.at(x, t, 0.5, -0.25, 0.1, half, mean))
    assert WeightsOut.model_validate(out).model_dump() == out
