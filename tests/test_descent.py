"""The descent lesson: runs (inline values, hypothesis), status, figures, API and page."""

from __future__ import annotations

import math
from decimal import Decimal, localcontext
from typing import Any

import orjson
import plotly.graph_objects as go
import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from app.formatting import number, short
from app.lessons import descent as dl
from app.lessons import weights as wl
from app.pages.descent import descent_state
from app.schemas_weights import DescentQuery
from tests.pages import stray_scripts

# ---- runs ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lr", "status", "iterations", "oscillates", "start"),
    [
        (0.5, "converged", 20, False, [-2.0, -0.5, 0.25, 0.625]),
        (1.0, "converged", 1, False, [-2.0, 1.0]),
        (1.5, "converged", 20, True, [-2.0, 2.5, 0.25, 1.375]),
        (2.5, "diverged", 31, True, [-2.0, 5.5, -5.75, 11.125]),
        (2.0, "running", 50, True, [-2.0, 4.0, -2.0, 4.0]),
    ],
)
def test_single_output_presets(
    lr: float, status: str, iterations: int, oscillates: bool, start: list[float]
) -> None:
    run = dl.run_single(1.0, -2.0, lr, 50)
    assert run.values["o"][: len(start)] == start
    assert (run.status, run.iterations, run.oscillates) == (status, iterations, oscillates)
    assert len(run.loss) == len(run.values["o"]) == iterations + 1
    assert all(abs(o) <= dl.BOUND for o in run.values["o"])


def test_without_the_half_the_thresholds_halve() -> None:
    assert dl.run_single(1.0, -2.0, 0.5, 50, half=False).iterations == 1
    assert dl.run_single(1.0, -2.0, 1.25, 60, half=False).status == "diverged"


def test_losses_and_gradients_follow_the_convention() -> None:
    run = dl.run_single(1.0, -2.0, 0.5, 3)
    assert run.loss == [4.5, 1.125, 0.28125, 0.0703125]
    assert run.gradient["o"] == [-3.0, -1.5, -0.75, -0.375]
    assert run.status == "running"


def test_weights_run_matches_the_weights_page_step() -> None:
    x, t = [1.0, 2.0, 3.0], [2.0, 4.0, 6.0]
    run = dl.run_weights(x, t, 0.5, 0.0, 0.05, 2)
    p = wl.at(x, t, 0.5, 0.0, 0.05)
    assert (run.values["w"][1], run.values["b"][1]) == (p.next_w, p.next_b)
    assert run.loss[:2] == [p.loss, p.next_loss]
    assert (run.gradient["w"][0], run.gradient["b"][0]) == (p.grad_w, p.grad_b)


def test_weights_presets_follow_the_curvature() -> None:
    x, t = wl.seeded_data(1)
    q = wl.bowl(x, t)
    kinds = [dl.run_weights(x, t, 0.0, 0.0, lr, 500) for lr in dl.presets(wl.curvature(q))]
    assert [r.status for r in kinds] == ["converged", "converged", "converged", "diverged"]
    assert kinds[2].oscillates and not kinds[0].oscillates
    assert kinds[3].escaped in ("w", "b")


finite = st.integers(min_value=-100_000, max_value=100_000).map(lambda n: n / 100)
rates = st.integers(min_value=1, max_value=1000).map(lambda n: n / 100)


@given(finite, finite, rates, st.integers(min_value=1, max_value=500), st.booleans())
def test_runs_stay_within_bounds_and_steps(
    t: float, o: float, lr: float, steps: int, half: bool
) -> None:
    run = dl.run_single(t, o, lr, steps, half)
    assert run.iterations <= steps
    assert all(math.isfinite(v) and abs(v) <= dl.BOUND for v in run.values["o"])
    assert all(math.isfinite(v) for v in run.loss + run.gradient["o"])
    factor = abs(1 - lr * (1 if half else 2))
    if run.status == "diverged":
        assert factor > 1
    if factor < 1 and run.status != "converged":
        assert run.loss[-1] <= run.loss[0]


# ---- status sentences and state ------------------------------------------------------------


@pytest.mark.parametrize(
    ("lr", "words"),
    [
        (0.5, "Converged after 20 steps"),
        (1.0, "Converged after 1 step:"),
        (1.5, "Oscillates and converges"),
        (2.5, "Diverged: |o| passed 1000000 after 32 steps; drawing stops there."),
        (2.0, "bounces between two values"),
    ],
)
def test_status_sentences(lr: float, words: str) -> None:
    state = descent_state(DescentQuery(lr=lr))
    assert words in state["sentence"]


def test_divergence_in_one_step_and_degenerate_data() -> None:
    query = DescentQuery(
        mode="weights", x=[1000.0, -1000.0], t=[-1000.0, 1000.0], w=-1000, b=1000, lr=10
    )
    assert "passed 1000000 after 1 step;" in descent_state(query)["sentence"]
    flat = descent_state(DescentQuery(mode="weights", x=[0.0, 0.0], t=[1.0, 2.0]))
    assert flat["status"] == "converged"  # every x is 0: only b can move
    assert flat["result"]["trajectory"]["w"][-1] == 0.0


def test_figures_are_valid_plotly_and_json() -> None:
    for query in (DescentQuery(lr=2.5), DescentQuery(mode="weights")):
        state = descent_state(query)
        for figure in state["figures"].values():
            go.Figure(figure)
            assert orjson.loads(orjson.dumps(figure)) == figure
            assert all("uid" in trace for trace in figure["data"])
            for trace in figure["data"]:
                assert len(trace.get("x", [])) <= 2001


# ---- API -----------------------------------------------------------------------------------


def test_api_single_run(client: TestClient) -> None:
    r = client.get("/api/v1/descent?mode=single&t=1&o=-2&lr=1.5&steps=3")
    assert r.status_code == 200
    body = r.json()
    assert body["trajectory"] == {"o": [-2.0, 2.5, 0.25, 1.375]}
    assert body["loss"] == [4.5, 1.125, 0.28125, 0.0703125]
    assert body["status"] == "running"
    assert body["iterations"] == 3


def test_api_weights_run(client: TestClient) -> None:
    r = client.get("/api/v1/descent?mode=weights&x=1,2,3&t=2,4,6&w=0.5&b=0&lr=0.1&steps=500")
    body = r.json()
    assert body["status"] == "converged"
    assert body["trajectory"]["w"][:2] == [0.5, 2.6]
    assert body["trajectory"]["b"][:2] == [0.0, 0.9]
    assert body["trajectory"]["w"][-1] == pytest.approx(2.0, abs=1e-4)


def test_api_divergence_holds_only_finite_values(client: TestClient) -> None:
    r = client.get("/api/v1/descent?mode=weights&x=1000,-1000&t=1,2&lr=10&steps=500")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "diverged"
    assert "NaN" not in r.text and "Infinity" not in r.text
    assert all(abs(v) <= 1e6 for v in body["trajectory"]["w"] + body["trajectory"]["b"])


# ---- page ----------------------------------------------------------------------------------


def test_page_single_mode(client: TestClient) -> None:
    r = client.get("/descent?t=1&o=-2&lr=0.5")
    assert r.template.name == "descent.html"  # type: ignore[attr-defined]
    soup = BeautifulSoup(r.text, "html.parser")
    assert soup.select_one("#status").get_text().startswith("Converged after 20 steps")  # type: ignore[union-attr]
    presets = soup.select(".preset")
    assert [p["data-lr"] for p in presets] == ["0.5", "1.0", "1.5", "2.5"]
    assert presets[0]["aria-current"] == "true"
    assert "lr=2.5" in presets[3]["href"]
    rows = soup.select("#iterations tbody tr")
    assert rows[1].get_text(" ", strip=True) == "1 −0.50 −1.50 1.125"
    assert soup.select_one("#play") is not None and soup.select_one("#step") is not None
    assert not stray_scripts(soup)


def test_page_weights_mode(client: TestClient) -> None:
    r = client.get("/descent?mode=weights")
    soup = BeautifulSoup(r.text, "html.parser")
    assert soup.select_one("#x-text") is not None
    assert soup.select_one('.mode-switch a[aria-current="page"]').get_text() == "Weights (w, b)"  # type: ignore[union-attr]
    state = r.context["state"]  # type: ignore[attr-defined]
    assert state["figures"]["path"]["data"][0]["type"] == "contour"


def test_json_twin_is_the_same_state(client: TestClient) -> None:
    page = client.get("/descent?lr=1.5")
    twin = client.get("/descent.json?lr=1.5").json()
    state = page.context["state"]  # type: ignore[attr-defined]
    assert twin["result"] == state["result"]
    assert twin["sentence"] == state["sentence"]


@pytest.mark.parametrize(
    "module", ["app.lessons.weights", "app.lessons.descent", "app.pages.weights"]
)
def test_docstring_examples(module: str) -> None:
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0


# run_weights' arguments: x, t, w, b, lr, steps, half, mean
WeightsArgs = tuple[list[float], list[float], float, float, float, int, bool, bool]


def _through_run(args: WeightsArgs) -> dl.Run:
    """run_weights through the generic `_run`, as it was written before it was unrolled (with the
    loss from the gradient's sums)."""
    x, t, w, b, lr, steps, half, mean = args
    n = len(x)
    factor = 1 - lr * wl.curvature(wl.bowl(x, t, half, mean))
    with localcontext() as ctx:
        ctx.prec = dl.PRECISION
        sxx, sx, sxt, st, stt = dl._sums(x, t)
        scale = Decimal(1 if half else 2) / (n if mean else 1)
        dn = Decimal(n)

        def grad(th: list[Decimal]) -> list[Decimal]:
            w_, b_ = th
            return [scale * (w_ * sxx + b_ * sx - sxt), scale * (w_ * sx + b_ * dn - st)]

        def loss(th: list[Decimal]) -> Decimal:
            w_, b_ = th
            gw, gb = w_ * sxx + b_ * sx - sxt, w_ * sx + b_ * dn - st
            return max(scale / 2 * (w_ * (gw - sxt) + b_ * (gb - st) + stt), Decimal(0))

        start = [Decimal(repr(float(w))), Decimal(repr(float(b)))]
        return dl._run(("w", "b"), start, grad, loss, lr, steps, factor)


def _weights_args(
    rows: list[tuple[float, float]], w: float, b: float, lr: float, *rest: Any
) -> WeightsArgs:
    return ([r[0] for r in rows], [r[1] for r in rows], w, b, lr, *rest)


@settings(max_examples=60, deadline=None)
@given(
    st.builds(
        _weights_args,
        st.lists(
            st.tuples(
                st.floats(min_value=-100, max_value=100, allow_nan=False),
                st.floats(min_value=-100, max_value=100, allow_nan=False),
            ),
            min_size=1,
            max_size=12,
        ),
        st.floats(min_value=-50, max_value=50, allow_nan=False),
        st.floats(min_value=-50, max_value=50, allow_nan=False),
        st.floats(min_value=0, max_value=3, allow_nan=False),
        st.integers(min_value=1, max_value=60),
        st.booleans(),
        st.booleans(),
    )
)
def test_unrolled_weights_run_equals_the_generic_loop(args: WeightsArgs) -> None:
    assert dl.run_weights(*args) == _through_run(args)


two_decimals = st.integers(-2000, 2000).map(lambda k: k / 100)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.tuples(two_decimals, two_decimals), min_size=1, max_size=30),
    two_decimals,
    two_decimals,
    st.sampled_from([0.001, 0.01, 0.05, 0.1]),
    st.booleans(),
    st.booleans(),
)
def test_the_run_loss_is_the_per_sample_loss(
    rows: list[tuple[float, float]], w: float, b: float, lr: float, half: bool, mean: bool
) -> None:
    """The run's loss (from the gradient's sums) is the page's Σ of per-sample terms, exactly,
    at the start and after one step: typed numbers with few digits stay exact in both."""
    x, t = [r[0] for r in rows], [r[1] for r in rows]
    run = dl.run_weights(x, t, w, b, lr, 1, half, mean)
    p = wl.at(x, t, w, b, lr, half, mean)
    assert run.loss[0] == p.loss
    assert (run.gradient["w"][0], run.gradient["b"][0]) == (p.grad_w, p.grad_b)
    if run.iterations == 1:
        assert run.loss[1] == p.next_loss
        assert (run.values["w"][1], run.values["b"][1]) == (p.next_w, p.next_b)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.one_of(two_decimals, st.floats(-1000, 1000).map(lambda v: round(v, 6))),
            st.one_of(two_decimals, st.floats(-1000, 1000).map(lambda v: round(v, 6))),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_sums_in_whole_numbers_equal_decimal_sums(rows: list[tuple[float, float]]) -> None:
    """Up to 6 decimals and ±1000 every sum fits the 40 digits, so both ways are exact."""
    x, t = [r[0] for r in rows], [r[1] for r in rows]
    with localcontext() as ctx:
        ctx.prec = dl.PRECISION
        dx = [Decimal(repr(v)) for v in x]
        dt = [Decimal(repr(v)) for v in t]
        expected = (
            sum((a * a for a in dx), Decimal(0)),
            sum(dx, Decimal(0)),
            sum((a * c for a, c in zip(dx, dt, strict=True)), Decimal(0)),
            sum(dt, Decimal(0)),
            sum((c * c for c in dt), Decimal(0)),
        )
        assert dl._sums(x, t) == expected


def test_shown_values_are_short_and_full_in_the_titles_and_csv(client: TestClient) -> None:
    q = "mode=single&t=1&o=-2&lr=0.3&steps=100"
    state = descent_state(DescentQuery(mode="single", t=[1.0], o=-2.0, lr=0.3, steps=100))
    run = state["result"]
    last = state["table"][-1]
    full = state["table_full"][-1]
    k = int(last["k"])
    loss = run["loss"][k]
    assert loss < 1e-4 and last["loss_k"] == short(loss) and "× 10⁻" in last["loss_k"]
    assert full["loss_k"] == number(loss) and len(full["loss_k"]) > 20
    # a value short enough stays exact: step 1's loss is ½ · 0.9² · ... written in full
    assert state["table"][1]["loss_k"] == number(run["loss"][1]) == state["table_full"][1]["loss_k"]
    soup = BeautifulSoup(client.get(f"/descent?{q}").text, "html.parser")
    cells = soup.select("#iterations tbody tr")[-1].select("td")
    assert cells[-1].get_text() == last["loss_k"] and cells[-1]["title"] == full["loss_k"]
    # the readout shows step 0, whose loss is short enough to be exact: no title to repeat it
    shown = soup.select_one('#numbers td:has(output[data-shown="loss_k"])')
    assert state["shown"]["loss_k"] == state["table_full"][0]["loss_k"]
    assert shown is not None and not shown.has_attr("title")
    rows = client.get(f"/descent.csv?{q}").text.splitlines()
    assert float(rows[k + 1].split(",")[2]) == loss  # the CSV keeps every digit


def test_the_run_numbers_fit_their_panel() -> None:
    for lr in (0.3, 2.5):
        state = descent_state(DescentQuery(mode="single", t=[1.0], o=-2.0, lr=lr, steps=100))
        for row in state["table"]:
            for key in ("o_k", "g_k", "loss_k"):
                digits = sum(ch.isdigit() for ch in row[key])
                assert digits <= 7, row[key]
