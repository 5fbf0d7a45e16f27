"""The guided tour /why: its numbers, figures, formulas, links and JSON twin."""

from __future__ import annotations

import orjson
import plotly.graph_objects as go
import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from app.lessons import why as tour
from app.pages import why as page
from app.pages.why import why_state
from app.templating import static_url
from tests.pages import page_scripts, stray_scripts

KEYS = ["square", "slope", "side", "weights", "half", "sse", "batches"]


# ---- maths


def test_rows_of_the_tour_example() -> None:
    r = tour.rows([1.0, 2.0, 3.0], [2.0, 2.0, 2.0])
    assert r.squares == (1.0, 0.0, 1.0)
    assert (r.sse, r.mse) == (1.0, pytest.approx(1 / 3))
    assert r.sse_gradients == (1.0, 0.0, -1.0)
    assert r.mse_gradients == pytest.approx((1 / 3, 0.0, -1 / 3))
    no_half = tour.rows([1.0, 2.0, 3.0], [2.0, 2.0, 2.0], half=False)
    assert (no_half.sse, no_half.sse_gradients) == (2.0, (2.0, 0.0, -2.0))


def test_rows_are_exact_for_decimals() -> None:
    r = tour.rows([0.1, 0.2], [0.3, 0.3])
    assert r.squares == (0.04, 0.01)
    assert r.sse == 0.025 and r.sse_gradients == (0.2, 0.1) and r.mse_gradients == (0.1, 0.05)


def test_batch_divides_by_its_size() -> None:
    b = tour.batch([1.0, 2.0, 3.0], [2.0, 2.0, 2.0], [0, 1])
    assert (b.sse, b.sse_gradients, b.mse_gradients) == (0.5, (1.0, 0.0), (0.5, 0.0))


def test_repeating_the_rows_grows_the_sse_gradient_on_b_but_not_the_mse_one() -> None:
    shared = [tour.repeated([1.0, 2.0, 3.0], [2.0, 1.5, 4.0], k) for k in (1, 2, 3)]
    assert [r.sse_shared for r in shared] == [1.5, 3.0, 4.5]
    assert [r.mse_shared for r in shared] == [0.5, 0.5, 0.5]
    assert tour.repeated([1.0], [3.0], 4, half=False).sse_shared == 16.0


def test_a_too_low_output_lowers_w_where_x_is_negative() -> None:
    """The learner's trap: x = −2, t = 1, w = 1, b = 0 gives o = −2, too low, yet dL/dw > 0."""
    down = tour.weight_case(-2.0, 1.0, 1.0, 0.1)
    assert (down.output, down.error, down.grad_w) == (-2.0, -3.0, 6.0)
    assert (down.next_w, down.next_wx) == (0.4, -0.8)  # w goes down, w·x goes up
    up = tour.weight_case(2.0, 1.0, -1.0, 0.1)
    assert (up.output, up.error, up.grad_w) == (-2.0, -3.0, -6.0)  # the same error, sign flipped
    assert (up.next_w, up.next_wx) == (-0.4, -0.8)
    assert tour.weight_case(-2.0, 1.0, 1.0, 0.1, half=False).grad_w == 12.0


values = st.lists(
    st.integers(min_value=-1000, max_value=1000).map(lambda v: v / 100), min_size=1, max_size=20
)


@given(t=values, o=values, half=st.booleans())
def test_mse_is_sse_over_n_and_signs_follow_o_minus_t(
    t: list[float], o: list[float], half: bool
) -> None:
    n = min(len(t), len(o))
    t, o = t[:n], o[:n]
    r = tour.rows(t, o, half)
    assert r.sse >= 0 and r.mse == pytest.approx(r.sse / n)
    for g, m, ti, oi in zip(r.sse_gradients, r.mse_gradients, t, o, strict=True):
        assert g == pytest.approx((oi - ti) * (1 if half else 2))
        assert m == pytest.approx(g / n)
        assert (g > 0) == (oi > ti) and (g < 0) == (oi < ti)


# ---- state, figures, page


def test_state_has_the_steps_in_order() -> None:
    state = why_state()
    assert [s["key"] for s in state["steps"]] == KEYS
    assert list(state["figures"]) == KEYS
    questions = [s["question"] for s in state["steps"]][:3]
    assert questions == [
        "1. If t − o is negative, doesn't the square remove the sign?",
        "2. Then how can the gradient be negative?",
        "3. How is “too high” told apart from “too low”?",
    ]
    assert state["steps"][3]["question"] == "4. So do the weights go down?"
    for step in state["steps"]:
        assert 2 <= len(step["sentences"]) <= 4
        assert step["formulas"] and step["try_url"]


@pytest.mark.parametrize("key", KEYS)
def test_figures_are_valid_plotly_with_uids(key: str) -> None:
    figure = why_state()["figures"][key]
    go.Figure(figure)
    assert orjson.loads(orjson.dumps(figure)) == figure
    assert all(trace["uid"] for trace in figure["data"])


def _trace(key: str, uid: str) -> dict[str, list[float]]:
    return next(t for t in why_state()["figures"][key]["data"] if t["uid"] == uid)


def _uids(key: str) -> set[str]:
    return {t["uid"] for t in why_state()["figures"][key]["data"]}


def test_step_figures_hold_the_fixed_states() -> None:
    assert (_trace("square", "point")["x"], _trace("square", "point")["y"]) == ([3.0], [2.0])
    assert (_trace("slope", "point")["x"], _trace("slope", "point")["y"]) == ([0.3], [0.245])
    assert _trace("side", "step")["x"] == [3.0, 2.0]
    assert _trace("side", "step2")["x"] == [0.3, 0.65]
    assert _trace("half", "point")["y"] == [0.49]  # (1 − 0.3)², without the ½
    assert _trace("sse", "sse")["y"] == [1.5, 3.0, 4.5]  # dSSE/db grows with the copies
    assert _trace("sse", "mse")["y"] == [0.5, 0.5, 0.5]  # dMSE/db does not
    assert _trace("batches", "mse_batch")["y"] == [0.5, -0.25]


def test_the_first_chart_shows_the_square_and_its_mirror_and_nothing_later() -> None:
    uids = _uids("square")
    assert not {u for u in uids if "tangent" in u or "step" in u or "landing" in u}
    mirror = _trace("square", "mirror")
    assert (mirror["x"], mirror["y"]) == ([-1.0], [2.0])  # 2t − o, the same loss
    assert sorted(_trace("square", "error")["x"]) == [1.0, 3.0]  # t − o on the axis, o to t
    assert sorted(_trace("square", "mirror_error")["x"]) == [-1.0, 1.0]
    assert _trace("square", "height")["y"] == [0.0, 2.0]  # the loss as the height
    notes = [n["text"] for n in why_state()["figures"]["square"]["layout"]["annotations"]]
    assert "t − o = −2.00" in notes and "t − o = +2.00" in notes


def test_each_step_adds_what_it_introduces() -> None:
    """Step 2 adds the tangents (no step yet); step 3 adds the step arrows and their rings."""
    assert {"tangent", "tangent2"} <= _uids("slope")
    assert not {u for u in _uids("slope") if "step" in u or "landing" in u}
    assert {"tangent", "tangent2", "step", "step2", "landing", "landing2"} <= _uids("side")
    slope = _trace("slope", "tangent")
    rise = (slope["y"][1] - slope["y"][0]) / (slope["x"][1] - slope["x"][0])
    assert rise == pytest.approx(-0.7)  # the tangent's slope is dL/do at o = 0.3


def test_the_weights_chart_shows_both_signs_of_x() -> None:
    case1, case2 = (_trace("weights", uid) for uid in ("case1", "case2"))
    assert case1["y"] == [-3.0, 2.0, -6.0]  # o − t, x, dL/dw: w goes up
    assert case2["y"] == [-3.0, -2.0, 6.0]  # the same error, x < 0: w goes down
    notes = [n["text"] for n in why_state()["figures"]["weights"]["layout"]["annotations"]]
    assert notes.count("w goes up ▲") == 1 and notes.count("w goes down ▼") == 1


def test_no_tour_row_has_o_equal_to_t() -> None:
    assert all(o != t for o, t in zip(page.ROWS_O, page.ROWS_T, strict=True))
    for key in ("sse", "batches"):
        for trace in why_state()["figures"][key]["data"]:
            assert 0.0 not in trace["y"], (key, trace["uid"])


@pytest.mark.parametrize("key", KEYS)
def test_at_most_three_legend_entries(key: str) -> None:
    figure = why_state()["figures"][key]
    shown = figure["layout"].get("showlegend", True)
    entries = [t for t in figure["data"] if shown and t.get("showlegend", True)]
    assert len(entries) <= 3


def _soup(client: TestClient, url: str) -> BeautifulSoup:
    r = client.get(url)
    assert r.status_code == 200
    return BeautifulSoup(r.text, "html.parser")


def test_page_renders_every_step(client: TestClient) -> None:
    r = client.get("/why")
    assert r.template.name == "why.html"  # type: ignore[attr-defined]
    soup = BeautifulSoup(r.text, "html.parser")
    steps = soup.select("section.tour-step")
    assert [s["data-step"] for s in steps] == KEYS
    for step in steps:
        assert step.select_one("h2") is not None
        assert 2 <= len(step.select(".tour-text > p:not(:has(a))")) <= 4
        assert step.select(".formula math")
        chart = step.select_one(".chart[data-figure]")
        # role=group, not img: Plotly puts focusable parts inside (axe: nested-interactive)
        assert chart is not None and chart["role"] == "group" and chart["aria-label"]
        assert step.select_one("a.try-it") is not None
    assert soup.select_one('nav[aria-current], a[aria-current="page"]')["href"] == "/why"  # type: ignore[index]


@pytest.mark.parametrize(
    ("key", "words"),
    [
        ("square", ["1.00", "3.00", "−2.00", "2.00"]),
        ("slope", ["0.30", "1.00", "−0.70"]),
        ("side", ["3.00", "0.50", "2.00"]),
        ("half", ["0.30", "1.00", "−1.40"]),
        ("weights", ["−3.00", "−2.00", "+6.00", "1.00", "0.10", "0.40"]),
        ("sse", ["1.00", "−0.50", "1.50", "0.50"]),
        ("batches", ["2.00", "1.00", "0.50"]),
    ],
)
def test_formulas_carry_the_numbers(client: TestClient, key: str, words: list[str]) -> None:
    soup = _soup(client, "/why")
    maths = " ".join(f.get_text() for f in soup.select(f"#step-{key} .formula"))
    for word in words:
        assert word in maths


def test_formula_of_the_first_step_shows_the_sign_squared_away(client: TestClient) -> None:
    soup = _soup(client, "/why")
    slot = soup.select_one('#step-square [data-slot="error"][data-paren="1"]')
    assert slot is not None and slot.get_text() == "(−2.00)"
    assert soup.select_one('#step-square [data-slot="loss"]').get_text() == "2.00"  # type: ignore[union-attr]


def test_try_it_links(client: TestClient) -> None:
    soup = _soup(client, "/why")
    links = {s["data-step"]: s.select_one("a.try-it")["href"] for s in soup.select(".tour-step")}  # type: ignore[index]
    assert links == {
        "square": "/?t=1&o=3&lr=0.5&half=1",
        "slope": "/?t=1&o=0.3&lr=0.5&half=1",
        "side": "/?t=1&o=3&lr=0.5&half=1",
        "weights": "/weights?x=-2&t=1&w=1&b=0&lr=0.1&half=1&mean=0",
        "half": "/?t=1&o=0.3&lr=0.5&half=0",
        "sse": "/samples?t=1,2,3&o=2,1.5,4&half=1",
        "batches": "/batches?t=1,2,3&o=2,1.5,4&half=1&batch_size=2&seed=7",
    }


@pytest.mark.parametrize("key", ["square", "slope", "side", "weights", "half"])
def test_try_it_links_to_the_single_page_show_the_stated_numbers(
    client: TestClient, key: str
) -> None:
    step = next(s for s in why_state()["steps"] if s["key"] == key)
    target = _soup(client, step["try_url"])
    assert step["try_shows"]
    for name, text in step["try_shows"].items():
        assert _text_of(target, f'output[data-shown="{name}"]') == text


def _text_of(soup: BeautifulSoup, selector: str) -> str:
    found = soup.select_one(selector)
    assert found is not None, selector
    return found.get_text()


def test_scripts_are_static_and_state_is_embedded(client: TestClient) -> None:
    soup = _soup(client, "/why")
    sources = page_scripts(soup)
    assert sources[-3:] == [
        static_url("vendor/plotly-sse-basic-4.1.1.min.js"),
        static_url("js/sse.js"),
        static_url("js/why.js"),
    ]
    assert not stray_scripts(soup)
    data = orjson.loads(_text_of(soup, "#state-data"))
    assert list(data) == ["figures", "config"] and list(data["figures"]) == KEYS


def test_json_twin_is_the_same_state(client: TestClient) -> None:
    page = client.get("/why")
    soup = BeautifulSoup(page.text, "html.parser")
    link = soup.select_one('link[rel="alternate"][type="application/json"]')
    assert link is not None and link["href"] == "/why.json"
    twin = client.get("/why.json").json()
    state = page.context["state"]  # type: ignore[attr-defined]
    assert twin["steps"] == state["steps"]
    assert twin["figures"]["square"]["data"][0]["uid"] == "parabola"


def test_static_script_is_served(client: TestClient) -> None:
    for path in ("/static/js/why.js", "/static/js/exercise.js"):
        r = client.get(path)
        assert r.status_code == 200 and "javascript" in r.headers["content-type"]


def test_every_try_it_link_opens_a_working_page(client: TestClient) -> None:
    """After the merge every lesson page exists: each link renders with no error message."""
    steps = client.get("/why.json").json()["steps"]
    assert len(steps) >= 6
    for step in steps:
        url = step["try_url"]
        page = client.get(url)
        assert page.status_code == 200, url
        twin = (
            url.replace("?", ".json?", 1) if not url.startswith("/?") else "/index.json?" + url[2:]
        )
        state = client.get(twin).json()
        assert state["errors"] == {}, (url, state["errors"])
