"""Exercises: seeded states, the check of answers, the API, and the GET form page."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from app.figures import palette
from app.formatting import number
from app.lessons.exercises import SEED_LIMIT, Exercise, check, new_exercise
from app.nav import MENU, NAV
from app.pages.exercises import Asked, exercise_view
from app.pages.registry import LESSONS
from app.schemas import MAX_LEARNING_RATE
from app.templating import static_url
from tests.pages import page_scripts, stray_scripts

seeds = st.integers(min_value=0, max_value=SEED_LIMIT - 1)
kinds = st.sampled_from(["single", "samples"])


# ---- maths


@given(seed=seeds, kind=kinds)
def test_same_seed_same_state(seed: int, kind: str) -> None:
    assert new_exercise(seed, kind) == new_exercise(seed, kind)  # type: ignore[arg-type]


def test_known_seeds() -> None:
    assert new_exercise(5) == Exercise("single", 5, (1.03,), (1.83,), 0, 0.1, True, 3470079269)
    samples = new_exercise(1, "samples")
    assert samples.targets == (0.07, 1.53, 2.71, -2.8)
    assert samples.outputs == (-2.14, 1.94, 2.7, -1.51)
    assert (samples.row, samples.lr) == (1, 0.5)


def test_different_seeds_give_different_questions() -> None:
    states = {(e.targets, e.outputs) for e in (new_exercise(s) for s in range(50))}
    assert len(states) == 50


@given(seed=seeds, kind=kinds)
def test_states_are_in_bounds_and_never_at_the_minimum(seed: int, kind: str) -> None:
    e = new_exercise(seed, kind)  # type: ignore[arg-type]
    n = len(e.targets)
    assert n == 1 if kind == "single" else 3 <= n <= 5
    assert len(e.outputs) == n and 0 <= e.row < n
    assert e.outputs[e.row] != e.targets[e.row]
    for v in e.targets + e.outputs:
        assert -3 <= v <= 3 and round(v, 2) == v  # two decimals, exact
    assert e.lr in (0.1, 0.25, 0.5)
    assert 0 <= e.next_seed < SEED_LIMIT and e.next_seed != seed


@pytest.mark.parametrize(
    ("t", "o", "lr", "half", "sign", "move", "gradient", "nxt", "words"),
    [
        (1.0, 0.3, 0.5, True, "negative", "increase", -0.7, 0.65, "0.30 − 1.00 = −0.70"),
        (1.0, 3.0, 0.5, True, "positive", "decrease", 2.0, 2.0, "3.00 − 0.50·2.00 = 2.00"),
        (-1.2, -0.7, 0.25, False, "positive", "decrease", 1.0, -0.95, "2(−0.70 − (−1.20)) = 1.00"),
        (0.5, -2.5, 0.1, True, "negative", "increase", -3.0, -2.2, "so it raises o."),
    ],
)
def test_check_on_hand_made_cases(
    t: float,
    o: float,
    lr: float,
    half: bool,
    sign: str,
    move: str,
    gradient: float,
    nxt: float,
    words: str,
) -> None:
    e = Exercise("single", 0, (t,), (o,), 0, lr, half, 1)
    right = check(e, sign, move)
    assert (right.sign, right.move, right.sign_right, right.move_right) == (sign, move, True, True)
    assert right.all_right
    assert (right.gradient, right.next_output) == (gradient, nxt)
    assert words in right.explanation
    other_sign = "positive" if sign == "negative" else "negative"
    wrong = check(e, other_sign, move)
    assert (wrong.sign_right, wrong.move_right, wrong.all_right) == (False, True, False)
    assert check(e, None, None).all_right is False


def test_check_explains_a_samples_row_with_subscripts() -> None:
    e = Exercise("samples", 0, (1.0, 2.0, 3.0), (2.0, 2.0, 2.5), 2, 0.5, True, 1)
    c = check(e, "negative", "increase")
    assert c.all_right
    assert c.explanation == (
        "o₃ = 2.50 is below t₃ = 3.00, so dSSE/do₃ = o₃ − t₃ = 2.50 − 3.00 = −0.50 is negative."
        " The step goes against the gradient: o₃ − η·dSSE/do₃ = 2.50 − 0.50·(−0.50) = 2.75,"
        " so it raises o₃."
    )


@given(seed=seeds, kind=kinds, half=st.booleans())
def test_the_right_sign_is_the_sign_of_o_minus_t(seed: int, kind: str, half: bool) -> None:
    e = new_exercise(seed, kind, half)  # type: ignore[arg-type]
    c = check(e, "positive", "decrease")
    diff = e.outputs[e.row] - e.targets[e.row]
    assert c.sign == ("positive" if diff > 0 else "negative")
    assert c.move == ("decrease" if diff > 0 else "increase")  # against the gradient
    assert (c.next_output - e.outputs[e.row]) * diff < 0
    assert c.all_right == (diff > 0)


# ---- API


def test_new_answers_with_the_seeded_question(client: TestClient) -> None:
    r = client.get("/api/v1/exercises/new?kind=single&seed=5")
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    assert r.json() == {
        "kind": "single",
        "seed": 5,
        "half": True,
        "lr": 0.1,
        "row": 1,
        "rows": [{"i": 1, "t": 1.03, "o": 1.83, "t_shown": "1.03", "o_shown": "1.83"}],
        "names": {"t": "t", "o": "o", "gradient": "dL/do"},
        "shown": {"t": "1.03", "o": "1.83", "lr": "0.10"},
        "question": "L = ½(t − o)². t = 1.03, o = 1.83, η = 0.10. Is dL/do positive or negative"
        " here? Which way will one descent step move o?",
        "next_seed": 3470079269,
    }


def test_new_without_a_seed_picks_one(client: TestClient) -> None:
    body = client.get("/api/v1/exercises/new?kind=samples").json()
    assert 0 <= body["seed"] < SEED_LIMIT and 3 <= len(body["rows"]) <= 5
    again = client.get(f"/api/v1/exercises/new?kind=samples&seed={body['seed']}").json()
    assert again == body


def test_check_counts_the_score(client: TestClient) -> None:
    body = {"kind": "single", "seed": 5, "sign": "positive", "move": "decrease"}
    r = client.post("/api/v1/exercises/check", json={**body, "score": 3, "tries": 4})
    assert r.status_code == 200
    out = r.json()
    assert out["right"] == {"sign": True, "move": True} and out["all_right"] is True
    assert (out["score"], out["tries"], out["next_seed"]) == (4, 5, 3470079269)
    assert out["correct"] == {"sign": "positive", "move": "decrease"}
    assert out["gradient"] == 0.8 and out["next_output"] == 1.75
    assert out["verdict"] == "Right on both counts."
    assert "1.83 − 1.03 = 0.80 is positive" in out["explanation"]
    wrong = client.post("/api/v1/exercises/check", json={**body, "move": "increase"}).json()
    assert (wrong["score"], wrong["tries"], wrong["right"]["move"]) == (0, 1, False)


def test_new_rejects_a_bad_kind(client: TestClient) -> None:
    r = client.get("/api/v1/exercises/new?kind=weights&seed=1")
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "kind"


def test_docs_show_the_bounds(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert "/api/v1/exercises/new" in schema["paths"]
    assert "/api/v1/exercises/check" in schema["paths"]
    body = schema["components"]["schemas"]["CheckIn"]
    seed = body["properties"]["seed"]["anyOf"][0]  # or null: an own question (t, o) has none
    assert (seed["minimum"], seed["exclusiveMaximum"]) == (0, SEED_LIMIT)
    assert body["required"] == ["sign", "move"]
    lr = body["properties"]["lr"]["anyOf"][0]
    assert (lr["exclusiveMinimum"], lr["maximum"]) == (0, MAX_LEARNING_RATE)


# ---- the page and its GET form


def _soup(client: TestClient, url: str) -> BeautifulSoup:
    r = client.get(url)
    assert r.status_code == 200 and "Traceback" not in r.text
    return BeautifulSoup(r.text, "html.parser")


def _text(soup: BeautifulSoup, selector: str) -> str:
    found = soup.select_one(selector)
    assert found is not None, selector
    return found.get_text()


def test_page_shows_the_question_and_a_get_form(client: TestClient) -> None:
    r = client.get("/exercise?seed=5&score=2&tries=3")
    assert r.template.name == "exercise.html"  # type: ignore[attr-defined]
    view = r.context["state"]["exercise"]  # type: ignore[attr-defined]
    assert (view["seed"], view["score"], view["tries"], view["result"]) == (5, 2, 3, None)
    soup = BeautifulSoup(r.text, "html.parser")
    assert "t = 1.03, o = 1.83" in _text(soup, '[data-ex="question"]')
    form = soup.select_one('form[data-ex="form"]')
    assert form is not None and form["method"] == "get" and form["action"] == "/exercise"
    hidden = {i["name"]: i["value"] for i in form.select("input[type=hidden]")}
    assert hidden == {"kind": "single", "seed": "5", "half": "1", "score": "2", "tries": "3"}
    assert [i["value"] for i in form.select("input[name=sign]")] == ["positive", "negative"]
    assert [i["value"] for i in form.select("input[name=move]")] == ["increase", "decrease"]
    assert soup.select_one('[data-ex="result"]').has_attr("hidden")  # type: ignore[union-attr]
    nxt = soup.select_one('a[data-ex="next"]')
    assert nxt is not None and nxt["href"] == (
        "/exercise?kind=single&seed=3470079269&half=1&score=2&tries=3"
    )
    assert not stray_scripts(soup)


def test_get_form_checks_the_answers_and_carries_the_score(client: TestClient) -> None:
    soup = _soup(client, "/exercise?seed=5&sign=positive&move=decrease&score=3&tries=4")
    assert _text(soup, '[data-ex="verdict"]') == "Right on both counts."
    assert "1.83 − 1.75" not in _text(soup, '[data-ex="explanation"]')
    assert "= 1.75, so it lowers o." in _text(soup, '[data-ex="explanation"]')
    assert (_text(soup, '[data-ex="score"]'), _text(soup, '[data-ex="tries"]')) == ("4", "5")
    nxt = soup.select_one('a[data-ex="next"]')
    assert nxt is not None and "score=4&tries=5" in str(nxt["href"])
    assert all(i.has_attr("disabled") for i in soup.select("#exercise input[type=radio]"))
    checked = [i["value"] for i in soup.select("#exercise input[type=radio][checked]")]
    assert checked == ["positive", "decrease"]


def test_get_form_wrong_answer(client: TestClient) -> None:
    soup = _soup(client, "/exercise?seed=5&sign=negative&move=decrease&score=3&tries=4")
    assert "direction is right" in _text(soup, '[data-ex="verdict"]')
    marks = {
        label["data-option"]: label.get("class") for label in soup.select("label[data-option]")
    }
    assert marks == {
        "sign-positive": ["is-correct"],
        "sign-negative": ["is-wrong"],
        "move-increase": None,
        "move-decrease": ["is-correct"],
    }
    assert (_text(soup, '[data-ex="score"]'), _text(soup, '[data-ex="tries"]')) == ("3", "5")


def test_samples_page_lists_the_rows(client: TestClient) -> None:
    soup = _soup(client, "/exercise?kind=samples&seed=1")
    rows = soup.select('[data-ex="rows"] tbody tr')
    assert [r.get_text(" ", strip=True) for r in rows] == [
        "1 0.07 −2.14",
        "2 1.53 1.94",
        "3 2.71 2.70",
        "4 −2.80 −1.51",
    ]
    assert _text(soup, '[data-ex="rows"] tr.asked th') == "2"
    assert "dSSE/do₂" in _text(soup, '[data-ex="question"]')


@pytest.mark.parametrize(
    ("query", "words"),
    [("seed=abc", "seed must be a whole number"), ("kind=x", "kind must be 'single'")],
)
def test_page_bad_input_gets_a_message_and_a_question(
    client: TestClient, query: str, words: str
) -> None:
    soup = _soup(client, f"/exercise?{query}")
    assert words in _text(soup, '[role="alert"]')
    assert _text(soup, '[data-ex="question"]')


def test_json_twin(client: TestClient) -> None:
    page = client.get("/exercise?seed=5")
    twin = client.get("/exercise.json?seed=5").json()
    assert twin["exercise"] == page.context["state"]["exercise"]  # type: ignore[attr-defined]


def test_single_page_embeds_an_exercise(client: TestClient) -> None:
    soup = _soup(client, "/?t=1&o=0.3&lr=0.5&exercise_seed=5")
    section = soup.select_one("#exercise")
    assert section is not None and section["data-keep-url"] == "0"
    assert "t = 1.03, o = 1.83" in _text(section, '[data-ex="question"]')
    assert static_url("js/exercise.js") in page_scripts(soup)
    # the page's own form and numbers are untouched
    assert [i["name"] for i in soup.select("form#controls input[name]")] == [
        "o",  # the output first on / (figure first, issue 14)
        "t",
        "lr",
        "half",
        "half",
    ]


def test_single_page_question_follows_the_address(client: TestClient) -> None:
    # the same address is the same page (so an ETag can answer 304); another state, another question
    def seed(path: str) -> int:
        return int(client.get(path).context["exercise_state"]["seed"])  # type: ignore[attr-defined]

    assert seed("/") == seed("/")
    assert len({seed("/"), seed("/?o=0.5"), seed("/?t=2"), seed("/?lr=0.1")}) == 4


def test_a_checked_answer_carries_its_chart_and_numbers() -> None:
    exercise = new_exercise(5)
    t, o = exercise.targets[exercise.row], exercise.outputs[exercise.row]
    assert exercise_view(Asked(seed=5))["result"] is None  # nothing to give away before checking
    view = exercise_view(Asked(seed=5), answers=("positive", "decrease"))
    c = check(exercise, "positive", "decrease")
    assert view["result"]["facts"] == [
        ["t", number(t)],
        ["o", number(o)],
        ["dL/do", number(c.gradient)],
        ["o after one step", number(c.next_output)],
    ]
    shapes = {s["role"]: s for s in view["result"]["figure"]["shapes"] if "role" in s}
    sign = palette.POSITIVE if c.gradient > 0 else palette.NEGATIVE
    assert shapes["tangent"]["stroke"] == sign
    # the step arrow runs from o toward the output after the step, and t's line sits between
    # them when the step lands past t, else beyond the arrow's head
    step, target = shapes["step"], shapes["target"]
    assert (step["x2"] - step["x1"]) * (c.next_output - o) > 0
    assert (target["x1"] - step["x1"]) * (t - o) > 0
    assert view["question_url"] == "/exercise?kind=single&seed=5&half=1"


def test_the_menu_has_the_exercise_but_the_lessons_do_not(client: TestClient) -> None:
    assert "/exercise" not in [lesson.path for lesson in LESSONS]
    assert [item.path for item in MENU] == [*(item.path for item in NAV), "/exercise"]
    soup = BeautifulSoup(client.get("/exercise?seed=5").text, "html.parser")
    link = soup.select_one('nav[aria-label="Lessons"] a[href="/exercise"]')
    assert link is not None and link.get("aria-current") == "page"
    spanish = BeautifulSoup(client.get("/samples?lang=es").text, "html.parser")
    assert "Ejercicio" in spanish.select_one('nav[aria-label="Lecciones"]').get_text()
