"""Assignable exercises (issue 15, item 7): an instructor's own question (t, o, lr, half), a
fixed set of seeds, /embed/exercise for course pages, and the score's note. The right answers
are computed here by the lesson code, never written in."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from app.formatting import number
from app.lessons.exercises import SEED_LIMIT, check, new_exercise, own_exercise
from app.pages.exercises import MAX_SEEDS, OWN_LR, exercise_out
from app.schemas import MAX_LEARNING_RATE, VALUE_BOUND

NOTE = "This score is your own record, not a grade"
NEW = "A new question is shown instead."


def _soup(client: TestClient, url: str) -> BeautifulSoup:
    r = client.get(url)
    assert r.status_code == 200 and "Traceback" not in r.text, r.text[:300]
    return BeautifulSoup(r.text, "html.parser")


def _text(soup: BeautifulSoup, selector: str) -> str:
    found = soup.select_one(selector)
    assert found is not None, selector
    return found.get_text(" ", strip=True)


def _href(soup: BeautifulSoup, selector: str) -> tuple[str, dict[str, str]]:
    link = soup.select_one(selector)
    assert link is not None, selector
    parts = urlsplit(str(link["href"]))
    return parts.path, dict(parse_qsl(parts.query))


def _hidden(soup: BeautifulSoup) -> dict[str, str]:
    form = soup.select_one('form[data-ex="form"]')
    assert form is not None
    return {str(i["name"]): str(i["value"]) for i in form.select("input[type=hidden]")}


def _answers(exercise: Any) -> tuple[str, str]:
    right = check(exercise, None, None)
    return right.sign, right.move


# ---- the maths: an own question is a function of its numbers

values = st.decimals(-VALUE_BOUND, VALUE_BOUND, places=2).map(float)
rates = st.sampled_from([0.01, 0.1, 0.5, 1.0, 2.5, MAX_LEARNING_RATE])


@given(t=values, o=values, lr=rates, half=st.booleans())
def test_an_own_question_is_its_numbers(t: float, o: float, lr: float, half: bool) -> None:
    if o == t:
        with pytest.raises(ValueError, match="gradient is 0"):
            own_exercise(t, o, lr, half)
        return
    e = own_exercise(t, o, lr, half)
    assert e == own_exercise(t, o, lr, half)  # the same numbers, the same next question
    assert (e.kind, e.seed, e.targets, e.outputs, e.row, e.lr, e.half) == (
        "single",
        None,
        (t,),
        (o,),
        0,
        lr,
        half,
    )
    assert 0 <= e.next_seed < SEED_LIMIT
    c = check(e, None, None)
    assert c.sign == ("positive" if o > t else "negative")
    assert c.move == ("decrease" if o > t else "increase")


def test_other_numbers_lead_on_to_other_questions() -> None:
    nexts = {own_exercise(1.0, o / 10, 0.5).next_seed for o in range(-20, 0)}
    nexts |= {own_exercise(1.0, 0.3, 0.5, half=False).next_seed}
    assert len(nexts) == 21


# ---- the API


def test_new_gives_the_own_question_and_lets_it_be_cached(client: TestClient) -> None:
    r = client.get("/api/v1/exercises/new?t=1&o=0.3&lr=0.25&half=0")
    assert r.status_code == 200
    assert r.json() == exercise_out(own_exercise(1.0, 0.3, 0.25, half=False))
    assert r.json()["seed"] is None
    assert "no-store" not in r.headers.get("cache-control", "")
    # lr may be left out: the app's default η
    assert client.get("/api/v1/exercises/new?t=1&o=0.3").json()["lr"] == OWN_LR


@pytest.mark.parametrize(
    ("t", "o", "lr", "half"),
    [(1.0, 0.3, 0.5, True), (-2.5, 4.0, 0.1, False), (0.0, -0.01, 10, True)],
)
def test_check_marks_an_own_question(
    client: TestClient, t: float, o: float, lr: float, half: bool
) -> None:
    exercise = own_exercise(t, o, lr, half)
    sign, move = _answers(exercise)
    right = check(exercise, sign, move)
    body = {"t": t, "o": o, "lr": lr, "half": half, "score": 2, "tries": 5}
    r = client.post("/api/v1/exercises/check", json={**body, "sign": sign, "move": move})
    assert r.status_code == 200
    out = r.json()
    assert (out["seed"], out["all_right"], out["score"], out["tries"]) == (None, True, 3, 6)
    assert out["verdict"] == "Right on both counts."
    assert out["explanation"] == right.explanation
    assert (out["gradient"], out["next_output"]) == (right.gradient, right.next_output)
    assert out["next_seed"] == exercise.next_seed
    other = "decrease" if move == "increase" else "increase"
    wrong = client.post("/api/v1/exercises/check", json={**body, "sign": sign, "move": other})
    assert wrong.json()["verdict"] == "The sign is right, but the step goes the other way."
    assert (wrong.json()["score"], wrong.json()["tries"]) == (2, 6)


@pytest.mark.parametrize(
    ("query", "field", "words"),
    [
        ("t=1", "o", "output o is needed too"),
        ("o=1", "t", "target t is needed too"),
        ("lr=0.3", "t", "target t is needed too"),
        ("t=0.5&o=0.5", "o", "at o = t the gradient is 0"),
        ("t=1&o=2&lr=0", "lr", "greater than 0 and at most 10"),
        ("t=1&o=2&lr=10.5", "lr", "greater than 0 and at most 10"),
        ("t=1001&o=2", "t", "between −1000 and 1000"),
        ("t=1&o=-1000.5", "o", "between −1000 and 1000"),
        ("t=1&o=nan", "o", "finite number"),
        ("t=1&o=2&seed=4", "seed", "cannot come with your own question"),
        ("t=1&o=2&kind=samples", "kind", "cannot come with your own question"),
    ],
)
def test_new_refuses_a_bad_own_question(
    client: TestClient, query: str, field: str, words: str
) -> None:
    r = client.get(f"/api/v1/exercises/new?{query}")
    assert r.status_code == 422
    (error,) = r.json()["detail"]
    assert error["field"] == field and words in error["msg"], error


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"t": 1}, "o", "output o is needed too"),
        ({"t": 2, "o": 2}, "o", "at o = t the gradient is 0"),
        ({"t": 1, "o": 2, "lr": -1}, "lr", "greater than 0"),
        ({"t": 1, "o": 2, "seed": 3}, "seed", "cannot come with your own question"),
        ({"t": "1", "o": 2}, "t", "must be a number"),  # strict JSON: a number, not its text
        ({"seed": None}, "seed", "seed is required."),
    ],
)
def test_check_refuses_a_bad_own_question(
    client: TestClient, body: dict[str, Any], field: str, words: str
) -> None:
    answers = {"sign": "positive", "move": "decrease"}
    r = client.post("/api/v1/exercises/check", json={**body, **answers})
    assert r.status_code == 422
    (error,) = r.json()["detail"]
    assert error["field"] == field and words in error["msg"], error


# ---- the page: an own question


def test_the_page_asks_an_own_question(client: TestClient) -> None:
    exercise = own_exercise(1.5, -0.25, 0.1, half=False)
    r = client.get("/exercise?t=1.5&o=-0.25&lr=0.1&half=0&score=1&tries=2")
    assert "no-store" not in r.headers.get("cache-control", "")  # a function of its URL
    view = r.context["state"]["exercise"]  # type: ignore[attr-defined]
    assert (view["seed"], view["own"], view["result"]) == (None, True, None)
    soup = BeautifulSoup(r.text, "html.parser")
    question = _text(soup, '[data-ex="question"]')
    assert "L = (t − o)²" in question
    assert f"t = {number(1.5)}, o = {number(-0.25)}, η = {number(0.1)}" in question
    assert _hidden(soup) == {
        "t": "1.5",
        "o": "-0.25",
        "lr": "0.1",
        "half": "0",
        "score": "1",
        "tries": "2",
    }
    path, query = _href(soup, 'a[data-ex="next"]')
    assert path == "/exercise"
    assert query == {
        "kind": "single",
        "seed": str(exercise.next_seed),
        "half": "0",
        "score": "1",
        "tries": "2",
    }
    assert _href(soup, 'a[data-ex="share"]') == (
        "/exercise",
        {"t": "1.5", "o": "-0.25", "lr": "0.1", "half": "0"},
    )
    assert NOTE in _text(soup, "#score-record")
    # the score and its note sit together
    assert soup.select_one(".exercise-score + #score-record") is not None


@pytest.mark.parametrize("right", [True, False])
def test_the_get_form_marks_an_own_question(client: TestClient, right: bool) -> None:
    exercise = own_exercise(-3.0, 2.0, 0.5)
    sign, move = _answers(exercise)
    if not right:
        sign = "positive" if sign == "negative" else "negative"
    soup = _soup(client, f"/exercise?t=-3&o=2&lr=0.5&sign={sign}&move={move}&score=4&tries=4")
    c = check(exercise, sign, move)
    verdict = "Right on both counts." if right else "The step's direction is right"
    assert verdict in _text(soup, '[data-ex="verdict"]')
    assert _text(soup, '[data-ex="explanation"]') == c.explanation
    score = "5" if right else "4"
    assert (_text(soup, '[data-ex="score"]'), _text(soup, '[data-ex="tries"]')) == (score, "5")
    _, query = _href(soup, 'a[data-ex="next"]')
    assert (query["seed"], query["score"], query["tries"]) == (str(exercise.next_seed), score, "5")


def test_the_twin_is_the_page(client: TestClient) -> None:
    url = "t=1&o=0.3&lr=0.5&sign=negative&move=increase"
    page = client.get(f"/exercise?{url}")
    twin = client.get(f"/exercise.json?{url}")
    assert "no-store" not in twin.headers.get("cache-control", "")
    assert twin.json()["exercise"] == page.context["state"]["exercise"]  # type: ignore[attr-defined]
    assert twin.json()["query"] == {
        "t": 1.0,
        "o": 0.3,
        "lr": 0.5,
        "half": True,
        "score": 0,
        "tries": 0,
    }


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("t=1&o=1", "output o equals target t: at o = t the gradient is 0"),
        ("t=1", "output o is needed too"),
        ("t=1&o=2&lr=0", "learning rate η must be greater than 0 and at most 10, not 0."),
        ("t=5000&o=2", "target t must be between −1000 and 1000"),
        ("t=1&o=abc", "output o must be a number"),
    ],
)
def test_a_bad_own_question_gets_the_inline_message(
    client: TestClient, query: str, words: str
) -> None:
    r = client.get(f"/exercise?{query}&score=2&tries=3")
    assert r.headers["cache-control"] == "no-store"  # the question shown instead is drawn
    soup = BeautifulSoup(r.text, "html.parser")
    alert = _text(soup, '[role="alert"]')
    assert words in alert and alert.endswith(NEW)
    view = r.context["state"]["exercise"]  # type: ignore[attr-defined]
    assert view["own"] is False and view["seed"] is not None
    assert (view["score"], view["tries"]) == (2, 3)  # the learner's record is kept


# ---- the page: a set of seeds


def test_a_set_asks_its_seeds_in_order(client: TestClient) -> None:
    seeds = [12, 99, 7]
    r = client.get("/exercise?seeds=12,99,7&score=1&tries=1")
    assert "no-store" not in r.headers.get("cache-control", "")
    soup = BeautifulSoup(r.text, "html.parser")
    first = new_exercise(seeds[0])
    assert f"o = {number(first.outputs[0])}" in _text(soup, '[data-ex="question"]')
    assert _text(soup, '[data-ex="set"]') == "Question 1 of 3 in this set."
    assert _hidden(soup) == {
        "kind": "single",
        "seeds": "12,99,7",
        "question": "1",
        "half": "1",
        "score": "1",
        "tries": "1",
    }
    path, query = _href(soup, 'a[data-ex="next"]')
    assert (path, query) == (
        "/exercise",
        {
            "kind": "single",
            "seeds": "12,99,7",
            "question": "2",
            "half": "1",
            "score": "1",
            "tries": "1",
        },
    )
    # the share link is this one question alone
    assert _href(soup, 'a[data-ex="share"]')[1] == {"kind": "single", "seed": "12", "half": "1"}
    second = _soup(client, f"/exercise?{'&'.join(f'{k}={v}' for k, v in query.items())}")
    assert f"o = {number(new_exercise(99).outputs[0])}" in _text(second, '[data-ex="question"]')


def test_after_the_last_question_the_set_is_done_and_starts_again(client: TestClient) -> None:
    last = new_exercise(7, "samples")
    sign, move = _answers(last)
    base = "/exercise?kind=samples&seeds=12,99,7&question=3"
    before = _soup(client, f"{base}&score=1&tries=2")
    assert _text(before, '[data-ex="set"]') == "Question 3 of 3: the last of this set."
    after = _soup(client, f"{base}&score=1&tries=2&sign={sign}&move={move}")
    assert _text(after, '[data-ex="set"]') == "Set done: all 3 questions answered."
    assert _text(after, '[data-ex="verdict"]') == "Right on both counts."
    assert (_text(after, '[data-ex="score"]'), _text(after, '[data-ex="tries"]')) == ("2", "3")
    assert _text(after, 'a[data-ex="next"]') == "Start the set again"
    _, query = _href(after, 'a[data-ex="next"]')
    assert (query["seeds"], query["question"], query["score"], query["tries"]) == (
        "12,99,7",
        "1",
        "0",
        "0",
    )


@pytest.mark.parametrize(
    ("query", "words", "instead"),
    [
        ("seeds=1,abc", "seeds, value 2, must be a whole number", NEW),
        (
            f"seeds={','.join(['5'] * (MAX_SEEDS + 1))}",
            "seeds has too many values: at most 50",
            NEW,
        ),
        (f"seeds=1,{SEED_LIMIT}", f"seeds, value 2, must be less than {SEED_LIMIT}", NEW),
        (
            "seeds=12,99&question=3",
            "question number must be at most 2, the number of seeds in the set.",
            "The set's first question is shown instead.",
        ),
    ],
)
def test_a_bad_set_gets_the_inline_message(
    client: TestClient, query: str, words: str, instead: str
) -> None:
    soup = _soup(client, f"/exercise?{query}")
    alert = _text(soup, '[role="alert"]')
    assert words in alert and alert.endswith(instead)


def test_a_set_of_fifty_is_fine(client: TestClient) -> None:
    seeds = ",".join(str(s) for s in range(MAX_SEEDS))
    soup = _soup(client, f"/exercise?seeds={seeds}&question={MAX_SEEDS}")
    assert soup.select_one('[role="alert"]') is None
    assert _text(soup, '[data-ex="set"]') == "Question 50 of 50: the last of this set."


# ---- the instructor's panel


def test_the_panel_makes_a_link_and_an_iframe(client: TestClient) -> None:
    soup = _soup(client, "/exercise?t=2&o=0.5&lr=0.25&half=0")
    panel = soup.select_one("details#own-question")
    assert panel is not None and panel.has_attr("open")  # an own question: open, with its link
    form = panel.select_one("form#own-form")
    assert form is not None and form["method"] == "get" and form["action"] == "/exercise"
    given = {str(i["name"]): i.get("value") for i in form.select("input[type=number]")}
    assert given == {"t": "2", "o": "0.5", "lr": "0.25"}
    half = form.select_one("input[name=half][checked]")
    assert half is not None and half["value"] == "0"
    link = soup.select_one("#own-link")
    assert (
        link is not None and link["value"] == "http://testserver/exercise?t=2&o=0.5&lr=0.25&half=0"
    )
    iframe = BeautifulSoup(str(soup.select_one("#own-iframe")["value"]), "html.parser")  # type: ignore[index]
    frame = iframe.find("iframe")
    assert frame is not None
    assert frame["src"] == "http://testserver/embed/exercise?t=2&o=0.5&lr=0.25&half=0"
    assert frame["title"] and frame["loading"] == "lazy"
    # a set's link starts it from its first question
    set_page = _soup(client, "/exercise?seeds=3,4&question=2")
    assert set_page.select_one("#own-link")["value"] == (  # type: ignore[index]
        "http://testserver/exercise?kind=single&seeds=3,4&half=1"
    )
    closed = _soup(client, "/exercise?seed=5").select_one("details#own-question")
    assert closed is not None and not closed.has_attr("open")


# ---- /embed/exercise


def test_the_embed_shows_the_exercise_alone(client: TestClient) -> None:
    r = client.get("/embed/exercise?t=1&o=0.3&lr=0.5&theme=dark")
    assert r.status_code == 200 and r.template.name == "embed_exercise.html"  # type: ignore[attr-defined]
    assert r.headers["content-security-policy"].endswith("; frame-ancestors *")
    assert "x-frame-options" not in r.headers
    assert "no-store" not in r.headers.get("cache-control", "")
    soup = BeautifulSoup(r.text, "html.parser")
    assert soup.select_one("nav") is None and soup.select_one("footer") is None
    assert soup.select_one("#share") is None and soup.select_one("#own-question") is None
    assert soup.select_one("html")["data-theme"] == "dark"  # type: ignore[index]
    form = soup.select_one('form[data-ex="form"]')
    assert form is not None and form["action"] == "/embed/exercise"
    assert _hidden(soup)["theme"] == "dark"  # the GET form keeps the embed's look
    path, query = _href(soup, 'a[data-ex="next"]')
    assert path == "/embed/exercise" and query["theme"] == "dark"
    share = soup.select_one('a[data-ex="share"]')
    assert share is not None and share["target"] == "_blank"
    assert NOTE in _text(soup, "#score-record")
    scripts = [str(s["src"]) for s in soup.select("script[src]")]
    assert any("exercise" in s for s in scripts) and any("embed-child" in s for s in scripts)
    assert not any("plotly" in s for s in scripts)


def test_the_embed_marks_an_answer_and_says_what_was_wrong(client: TestClient) -> None:
    exercise = own_exercise(1.0, 0.3, 0.5)
    sign, move = _answers(exercise)
    soup = _soup(client, f"/embed/exercise?t=1&o=0.3&lr=0.5&sign={sign}&move={move}")
    assert _text(soup, '[data-ex="verdict"]') == "Right on both counts."
    bad = _soup(client, "/embed/exercise?t=1&o=1&theme=purple")
    messages = [p.get_text(" ", strip=True) for p in bad.select(".field-error p, p.field-error")]
    assert any("at o = t the gradient is 0" in m and m.endswith(NEW) for m in messages)
    assert any(m.startswith("theme must be one of") for m in messages)


def test_the_embed_route_does_not_take_chart_images(client: TestClient) -> None:
    # /embed/exercise is not a chart: its image names are unknown, and unknown charts stay 404
    assert client.get("/embed/exercise").status_code == 200
    assert client.get("/embed/exercise").headers["cache-control"] == "no-store"  # drawn afresh
    assert client.get("/embed/exercise.png").status_code == 404
    assert client.get("/embed/nothing").status_code == 404


def test_oembed_offers_the_exercise_without_a_learners_progress(client: TestClient) -> None:
    url = "http://testserver/exercise?t=1&o=0.3&lr=0.5&score=3&tries=4&sign=positive&move=increase"
    body = client.get("/oembed", params={"url": url}).json()
    frame = BeautifulSoup(body["html"], "html.parser").find("iframe")
    assert frame is not None
    assert frame["src"] == "http://testserver/embed/exercise?t=1&o=0.3&lr=0.5"
    assert body["title"] == "sse-explainer: exercise"
    embedded = client.get("/oembed", params={"url": "http://testserver/embed/exercise?seeds=1,2"})
    assert "embed/exercise?seeds=1%2C2" in embedded.json()["html"]


def test_lesson_pages_keep_their_exercise_without_the_url_note(client: TestClient) -> None:
    soup = _soup(client, "/?t=1&o=0.3&exercise_seed=5")
    assert soup.select_one("#exercise") is not None and soup.select_one("#score-record") is None


# ---- in Spanish


def test_the_new_words_are_spanish(client: TestClient) -> None:
    soup = _soup(client, "/exercise?seeds=1,2&question=2&lang=es&sign=positive&move=decrease")
    assert _text(soup, '[data-ex="set"]') == "Conjunto terminado: las 2 preguntas respondidas."
    assert "no una nota" in _text(soup, "#score-record")
    assert _text(soup, 'a[data-ex="next"]') == "Empezar el conjunto de nuevo"
    assert "Plantea tu propia pregunta" in _text(soup, "#own-question summary")
    marks = [m.get_text() for m in soup.select("#exercise label .mark")]
    assert set(marks) == {"✓ respuesta correcta", "✗ tu respuesta"}
    bad = _soup(client, "/exercise?t=1&o=1&lang=es")
    assert "el gradiente es 0" in _text(bad, '[role="alert"]')
