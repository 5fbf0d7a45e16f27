"""Mini-batches: the maths (inline values, properties), the API, the page and its JSON twin."""

from __future__ import annotations

import itertools

import numpy as np
import plotly.graph_objects as go
import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from app.figures import batches as fig
from app.lessons import batches, samples
from app.pages.batches import BatchesOut, BatchesQuery, batches_out, batches_state

values = st.floats(-1000, 1000, allow_nan=False, allow_infinity=False)
data = st.integers(1, 60).flatmap(
    lambda n: st.tuples(
        st.lists(values, min_size=n, max_size=n),
        st.lists(values, min_size=n, max_size=n),
        st.integers(1, n),
        st.integers(0, 2**32 - 1),
        st.booleans(),
    )
)


# ---- maths
def test_batches_are_a_seeded_permutation_cut_in_order() -> None:
    assert batches.batch_indices(5, 2, 7) == [[2, 0], [4, 1], [3]]
    assert batches.batch_indices(5, 2, 7) == batches.batch_indices(5, 2, 7)
    assert batches.batch_indices(5, 5, 7) == [[2, 0, 4, 1, 3]]
    assert batches.batch_indices(3, 1, 0) == [[i] for i in np.random.default_rng(0).permutation(3)]
    with pytest.raises(ValueError):
        batches.batch_indices(3, 4, 0)


def test_issue_sized_example() -> None:
    b = batches.epoch([1, 2, 3], [2, 2, 2], 2, 7)
    assert b.gradients == [1.0, 0.0, -1.0]
    assert b.indices == [[0, 2], [1]]
    assert b.means == [0.0, 0.0]
    assert (b.full_mean, b.epoch_average) == (0.0, 0.0)
    assert b.spread == pytest.approx([np.sqrt(2 / 3), np.sqrt(1 / 6), 0.0])


def test_without_the_half_the_gradients_double() -> None:
    b = batches.epoch([1, 2, 3, 4], [2, 2, 2, 2], 2, 7, half=False)
    assert b.gradients == [2.0, 0.0, -2.0, -4.0]
    assert b.full_mean == -1.0


@given(data)
def test_epoch_average_equals_the_full_gradient(
    case: tuple[list[float], list[float], int, int, bool],
) -> None:
    t, o, size, seed, half = case
    b = batches.epoch(t, o, size, seed, half)
    assert sorted(i for idx in b.indices for i in idx) == list(range(len(t)))
    assert all(len(idx) == size for idx in b.indices[:-1])
    assert 1 <= len(b.indices[-1]) <= size
    assert abs(b.epoch_average - b.full_mean) <= 1e-12 * max(1.0, abs(b.full_mean))
    assert b.spread[-1] == pytest.approx(0.0, abs=1e-9)
    assert all(x >= y - 1e-9 for x, y in itertools.pairwise(b.spread))


@pytest.mark.parametrize("size", [1, 2, 3, 4, 5])
def test_spread_formula_matches_enumerating_every_batch(size: int) -> None:
    g = [1.5, -0.25, 3.0, 0.0, -2.0]
    means = [np.mean([g[i] for i in c]) for c in itertools.combinations(range(5), size)]
    assert batches.spread(g)[size - 1] == pytest.approx(np.std(means), abs=1e-12)


def test_spread_of_one_sample_is_zero() -> None:
    assert batches.spread([2.0]).tolist() == [0.0]


# ---- figures
def test_figures_are_valid_plotly() -> None:
    b = batches.epoch([1, 2, 3, 4, 5], [2, 1, 4, 4, 6], 2, 3)
    for figure in (fig.means_figure(b), fig.spread_figure(b)):
        go.Figure(figure)
        assert all("uid" in trace for trace in figure["data"])
    means = fig.means_figure(b)["data"][0]
    assert means["text"] == [("+" if m > 0 else "") + f"{m:.2f}".replace("-", "−") for m in b.means]


# ---- API
def test_api_example(client: TestClient) -> None:
    body = client.get("/api/v1/batches?t=1,2,3&o=2,2,2&batch_size=2&seed=7").json()
    assert body["n"] == 3 and body["batch_size"] == 2 and body["seed"] == 7
    assert body["batches"] == [
        {"indices": [0, 2], "size": 2, "mean_gradient": 0.0},
        {"indices": [1], "size": 1, "mean_gradient": 0.0},
    ]
    assert body["full_mean_gradient"] == 0.0
    assert body["epoch_average"] == 0.0
    assert body["spread"]["batch_size"] == [1, 2, 3]
    assert body["spread"]["std"] == pytest.approx([np.sqrt(2 / 3), np.sqrt(1 / 6), 0.0])


def test_api_default_batch_size_and_the_check(client: TestClient) -> None:
    body = client.get("/api/v1/batches").json()
    assert (body["n"], body["batch_size"], body["seed"]) == (10, 3, 7)
    assert [b["size"] for b in body["batches"]] == [3, 3, 3, 1]
    assert body["full_mean_gradient"] == 0.1
    assert abs(body["epoch_difference"]) <= 1e-12


def test_api_is_in_the_docs(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    params = {p["name"] for p in schema["paths"]["/api/v1/batches"]["get"]["parameters"]}
    assert params >= {"t", "o", "batch_size", "seed", "half"}


# ---- page and JSON twin
def test_page_and_api_agree(client: TestClient) -> None:
    url = "/batches?batch_size=3&seed=7"
    r = client.get(url)
    assert r.template.name == "batches.html"  # type: ignore[attr-defined]
    state = r.context["state"]  # type: ignore[attr-defined]
    assert state["result"] == client.get("/api/v1/batches?batch_size=3&seed=7").json()
    assert client.get("/batches.json?batch_size=3&seed=7").json()["result"] == state["result"]
    soup = BeautifulSoup(r.text, "html.parser")
    shown = {o["data-shown"]: o.get_text() for o in soup.select("output[data-shown]")}
    assert shown["count"] == "4"
    assert shown["full"] == shown["average"] == "+0.10"
    assert shown["difference"] == "0.00"
    assert soup.select_one("#check")["data-ok"] == "1"  # type: ignore[index]
    rows = soup.select("#batches tbody tr")
    assert [r.select("td")[1].get_text() for r in rows] == ["3", "3", "3", "1"]
    assert [r.select("td")[2].get_text() for r in rows] == ["3/10"] * 3 + ["1/10"]
    assert "weighted by its size" in soup.get_text()
    assert "finite-population formula" in soup.get_text()


def test_same_url_same_page(client: TestClient) -> None:
    url = "/batches.json?t=1,2,3,4,5,6&o=0,0,0,0,0,0&batch_size=4&seed=11"
    assert client.get(url).json() == client.get(url).json()
    other = client.get(url.replace("seed=11", "seed=12")).json()
    assert other["result"]["batches"] != client.get(url).json()["result"]["batches"]


def test_the_state_builds_at_the_row_limit() -> None:
    """1000 rows in batches of 1 (its server time is measured in bench/, not timed here)."""
    query = BatchesQuery(t=[float(i % 7) for i in range(1000)], o=[0.5] * 1000, batch_size=1)
    state = batches_state(query)
    assert state["result"]["n"] == 1000
    assert len(state["result"]["batches"]) == 1000


@pytest.mark.parametrize(("size", "seed"), [(1, 7), (3, 0), (4, 11), (10, 2)])
def test_the_answer_has_the_shape_of_its_model(size: int, seed: int) -> None:
    """batches_out writes plain data for speed; it must be what BatchesOut would dump."""
    t, o = samples.random_data(seed, 10)
    out = batches_out(batches.epoch(t, o, size, seed))
    assert BatchesOut.model_validate(out).model_dump() == out
