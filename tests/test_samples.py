"""n samples: the maths (inline values, properties), the API, the page and its JSON twin."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import plotly.graph_objects as go
import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from app.figures import samples as fig
from app.lessons import samples
from app.pages.samples import TABLE_ROWS, SamplesQuery, samples_state
from tests.pages import page_soup, shown, stray_scripts

two_places = st.integers(-100_000, 100_000).map(lambda k: k / 100)
rows = st.integers(1, 40).flatmap(
    lambda n: st.tuples(
        st.lists(two_places, min_size=n, max_size=n), st.lists(two_places, min_size=n, max_size=n)
    )
)


# ---- maths
@pytest.mark.parametrize(
    ("half", "sse", "mse", "grad_sse", "grad_mse"),
    [
        (True, 1.0, 1 / 3, [1.0, 0.0, -1.0], [1 / 3, 0.0, -1 / 3]),
        (False, 2.0, 2 / 3, [2.0, 0.0, -2.0], [2 / 3, 0.0, -2 / 3]),
    ],
)
def test_issue_example(
    half: bool, sse: float, mse: float, grad_sse: list[float], grad_mse: list[float]
) -> None:
    s = samples.summarize([1, 2, 3], [2, 2, 2], half)
    assert s.terms == ([0.5, 0.0, 0.5] if half else [1.0, 0.0, 1.0])
    assert (s.sse, s.mse, s.grad_sse, s.grad_mse) == (sse, mse, grad_sse, grad_mse)


def test_sums_of_two_decimal_data_are_exact() -> None:
    s = samples.summarize([0.1, 0.2, 0.3], [0.3, 0.1, 0.0])
    assert s.terms == [0.02, 0.005, 0.045]
    assert s.sse == 0.07  # float sums would give 0.06999999999999999
    assert s.mse == pytest.approx(0.07 / 3)
    assert s.grad_sse == [0.2, -0.1, -0.3]


def test_random_data_is_seeded_and_has_two_decimals() -> None:
    t, o = samples.random_data(7, 5)
    assert (t, o) == samples.random_data(7, 5)
    assert t[:2] == [1.25, 3.97]
    assert all(abs(v) <= 5 and round(v, 2) == v for v in t + o)
    assert samples.random_data(8, 5) != (t, o)


def test_summaries_need_matching_rows() -> None:
    with pytest.raises(ValueError):
        samples.summarize([1.0], [1.0, 2.0])


@given(rows, st.booleans())
def test_duplicating_doubles_sse_and_keeps_mse(
    data: tuple[list[float], list[float]], half: bool
) -> None:
    t, o = data
    once = samples.summarize(t, o, half)
    twice = samples.summarize(samples.duplicated(t), samples.duplicated(o), half)
    assert twice.n == 2 * once.n
    assert twice.sse == 2 * once.sse
    assert twice.mse == once.mse
    assert twice.grad_sse_sum == 2 * once.grad_sse_sum
    assert twice.grad_mse_sum == once.grad_mse_sum


@given(rows, st.booleans(), st.integers(min_value=1, max_value=4))
def test_repeated_totals_are_those_of_the_data_written_out(
    data: tuple[list[float], list[float]], half: bool, times: int
) -> None:
    t, o = data
    written = samples.summarize(samples.duplicated(t, times), samples.duplicated(o, times), half)
    assert samples.repeated(samples.summarize(t, o, half), times) == (
        written.n,
        written.sse,
        written.mse,
        written.grad_sse_sum,
        written.grad_mse_sum,
    )


@given(rows, st.booleans())
def test_sse_is_the_exact_decimal_sum(data: tuple[list[float], list[float]], half: bool) -> None:
    t, o = data
    s = samples.summarize(t, o, half)
    exact = sum((Decimal(repr(a)) - Decimal(repr(b))) ** 2 for a, b in zip(t, o, strict=True))
    assert s.sse == float(exact / 2 if half else exact)
    assert s.mse == pytest.approx(s.sse / len(t), rel=1e-15, abs=1e-300)
    assert s.terms == pytest.approx(samples.terms(np.array(t), np.array(o), half).tolist())


@given(rows)
def test_gradient_is_a_finite_difference_with_its_sign(
    data: tuple[list[float], list[float]],
) -> None:
    t, o = data
    s = samples.summarize(t, o)
    h = 1e-3
    for i in range(min(len(t), 3)):
        up, down = list(o), list(o)
        up[i] += h
        down[i] -= h
        slope = (samples.summarize(t, up).sse - samples.summarize(t, down).sse) / (2 * h)
        assert s.grad_sse[i] == pytest.approx(slope, abs=1e-6)
        assert np.sign(s.grad_sse[i]) == np.sign(round(o[i] - t[i], 2))
        assert s.grad_mse[i] == pytest.approx(s.grad_sse[i] / len(t))


# ---- figures
def test_figures_are_valid_plotly() -> None:
    for half in (True, False):
        s = samples.summarize([1, 2, 3, 2], [2, 2, 2, 1], half)
        for figure in (fig.terms_figure(s), fig.gradient_figure(s)):
            go.Figure(figure)
            assert all("uid" in trace for trace in figure["data"])


def test_gradient_bars_carry_their_sign_as_text() -> None:
    figure = fig.gradient_figure(samples.summarize([1, 2, 3], [2, 2, 2]))
    by_uid = {trace["uid"]: trace for trace in figure["data"]}
    assert by_uid["positive"]["x"] == [1] and by_uid["positive"]["text"] == ["+1.00"]
    assert by_uid["negative"]["x"] == [3] and by_uid["negative"]["text"] == ["−1.00"]
    assert by_uid["zero"]["x"] == [2]


# ---- API
def test_api_answers_the_issue_example(client: TestClient) -> None:
    body = client.get("/api/v1/samples?t=1,2,3&o=2,2,2&half=1").json()
    assert body["n"] == 3
    assert body["terms"] == [0.5, 0.0, 0.5]
    assert body["sse"] == 1.0
    assert body["mse"] == 0.3333333333333333
    assert body["gradient"] == {
        "sse": [1.0, 0.0, -1.0],
        "mse": [0.3333333333333333, 0.0, -0.3333333333333333],
    }
    assert body["twice"] == {
        "n": 6,
        "sse": 2.0,
        "mse": 0.3333333333333333,
        "gradient_sum": {"sse": 0.0, "mse": 0.0},
    }


def test_api_without_the_half(client: TestClient) -> None:
    body = client.get("/api/v1/samples?t=1,2,3&o=2,2,2&half=0").json()
    assert (body["sse"], body["mse"]) == (2.0, 0.6666666666666666)
    assert body["gradient"]["sse"] == [2.0, 0.0, -2.0]


def test_api_random_rows(client: TestClient) -> None:
    body = client.get("/api/v1/samples?seed=7&n=5").json()
    assert body["n"] == 5
    assert (body["t"], body["o"]) == tuple(samples.random_data(7, 5))


def test_api_is_in_the_docs(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    params = {p["name"]: p for p in schema["paths"]["/api/v1/samples"]["get"]["parameters"]}
    assert set(params) >= {"t", "o", "half", "seed", "n"}
    assert params["n"]["schema"]["maximum"] == 1000


# ---- page and JSON twin


def test_page_and_api_agree(client: TestClient) -> None:
    url = "/samples?t=1,2,3&o=2,2,2"
    r = client.get(url)
    assert r.template.name == "samples.html"  # type: ignore[attr-defined]
    state = r.context["state"]  # type: ignore[attr-defined]
    api = client.get("/api/v1/samples?t=1,2,3&o=2,2,2").json()
    assert state["result"] == api
    assert client.get(url.replace("/samples", "/samples.json")).json()["result"] == api
    soup = BeautifulSoup(r.text, "html.parser")
    assert shown(soup, "sse") == "1.00"
    assert shown(soup, "mse") == "≈0.333333333333"
    assert soup.select_one('#numbers td[data-shown="sse2"]').get_text() == "2.00"  # type: ignore[union-attr]
    assert soup.select_one('#numbers td[data-shown="mse2"]').get_text() == "≈0.333333333333"  # type: ignore[union-attr]
    signs = [td.get_text() for td in soup.select("#rows tbody td.sign")]
    assert signs == ["+1.00", "≈+0.333333333333", "0.00", "0.00", "−1.00", "≈−0.333333333333"]
    assert [tr["data-sign"] for tr in soup.select("#rows tbody tr")] == [
        "positive",
        "zero",
        "negative",
    ]
    assert "SSE = 1.00" in soup.select_one("#sentence").get_text()  # type: ignore[union-attr]


def test_page_without_the_half(client: TestClient) -> None:
    soup = page_soup(client, "/samples?t=1,2,3&o=2,2,2&half=0")
    assert shown(soup, "sse") == "2.00"
    assert shown(soup, "mse") == "≈0.666666666667"
    assert [td.get_text() for td in soup.select("#rows tbody td.sign")][0] == "+2.00"


def test_duplicate_link_doubles_the_rows(client: TestClient) -> None:
    soup = page_soup(client, "/samples?t=1,2,3&o=2,2,2")
    link = soup.select_one("#duplicate")
    assert link is not None
    twice = page_soup(client, str(link["href"]))
    assert shown(twice, "n") == "6"
    assert shown(twice, "sse") == "2.00"
    assert shown(twice, "mse") == "≈0.333333333333"


def test_no_duplicate_link_past_the_row_limit(client: TestClient) -> None:
    soup = page_soup(client, "/samples?seed=1&n=600")
    assert soup.select_one("#duplicate") is None
    assert soup.select_one("#duplicate-note") is not None
    assert len(soup.select("#rows tbody tr")) == TABLE_ROWS
    assert soup.select_one("#rows-note") is not None


def test_form_works_without_javascript(client: TestClient) -> None:
    soup = page_soup(client, "/samples")
    form = soup.select_one("form#controls")
    assert form is not None and form["method"] == "get"
    assert {i["name"] for i in form.select("input[name]")} >= {"t", "o", "half"}
    random = soup.select_one("form#random")
    assert random is not None
    assert {i["name"] for i in random.select("input[name]")} >= {"seed", "n", "half"}
    assert soup.select_one("script#state-data") is not None
    assert not stray_scripts(soup)


def test_the_state_builds_at_the_row_limit() -> None:
    """1000 random rows (their server time is measured in bench/, not timed here)."""
    state = samples_state(SamplesQuery(seed=1, n=1000))
    assert state["result"]["n"] == 1000
    assert len(state["result"]["t"]) == len(state["result"]["o"]) == 1000


@pytest.mark.parametrize("half", [True, False])
def test_the_default_data_has_gradients_that_do_not_cancel_and_exact_totals(half: bool) -> None:
    q = SamplesQuery(half=half)
    t, o = q.data()
    s = samples.summarize(t, o, half)
    factor = Decimal(1) if half else Decimal(2)
    errors = [Decimal(repr(oi)) - Decimal(repr(ti)) for ti, oi in zip(t, o, strict=True)]
    assert {e > 0 for e in errors} == {True, False}  # both signs, so the colours both show
    total = factor * sum(errors, Decimal(0))
    assert total != 0 and Decimal(repr(s.grad_sse_sum)) == total
    sse = sum((e * e / 2 if half else e * e for e in errors), Decimal(0))
    # every total is a short exact decimal: no "≈" anywhere in the table
    for value, exact in ((s.sse, sse), (s.mse, sse / s.n), (s.grad_mse_sum, total / s.n)):
        assert Decimal(repr(value)) == exact and len(repr(value)) <= 8
    state = samples_state(q)
    assert not any("≈" in text for text in state["shown"].values())


@pytest.mark.parametrize(
    ("t", "o", "half"),
    [([1.0, 2.0, 3.0, 4.0], [2.0, 1.5, 4.0, 5.0], True), ([0.1, 0.2, 0.7], [0.3, 0.3, 0.1], False)],
)
def test_copies_chart_sum_grows_with_the_copies_and_the_mean_stays(
    t: list[float], o: list[float], half: bool
) -> None:
    once = samples.summarize(t, o, half)
    figure = fig.copies_figure(samples.copies(once, fig.COPIES))
    traces = {trace["uid"]: trace for trace in figure["data"]}
    assert traces["sse"]["x"] == list(range(1, fig.COPIES + 1))
    for k, (sse_sum, mse_sum) in enumerate(
        zip(traces["sse"]["y"], traces["mse"]["y"], strict=True), start=1
    ):
        copied = samples.summarize(t * k, o * k, half)  # the data really written out k times
        assert sse_sum == copied.grad_sse_sum == float(once.grad_sum_exact * k)
        assert mse_sum == copied.grad_mse_sum == once.grad_mse_sum
    assert traces["sse"]["customdata"] == [once.n * k for k in range(1, fig.COPIES + 1)]


def test_legends_and_the_sentence_write_fractions_short_and_the_table_exact() -> None:
    state = samples_state(SamplesQuery(t=[1.0, 2.0, 3.0], o=[2.0, 2.0, 2.0]))
    legend = state["figures"]["terms"]["data"][1]["name"]
    assert legend.endswith("= ≈0.333")
    assert "≈0.333 " in state["sentence"] and "0.3333" not in state["sentence"]
    assert state["shown"]["mse"] == "≈0.333333333333"
    assert state["result"]["mse"] == 1 / 3
    copies = {trace["uid"]: trace for trace in state["figures"]["copies"]["data"]}
    assert copies["sse"]["y"] == [0.0] * fig.COPIES  # these gradients cancel: the chart says so
