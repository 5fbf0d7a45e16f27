"""Assignable exercises in headless Chromium: an instructor's own question answered inside an
iframe of /embed/exercise (JavaScript on: checked through the API) and without JavaScript (the
GET form), a set of seeds worked through to its end, and screenshots."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from app.lessons.exercises import check, new_exercise, own_exercise
from tests.browser.conftest import Visit, _open
from tests.browser.test_embed_page import HostSite, watched_page

pytestmark = pytest.mark.browser

OWN = own_exercise(0.5, 2.25, 0.1)  # o above t: positive, decrease
OWN_QUERY = "t=0.5&o=2.25&lr=0.1"
LABELS = {
    "positive": "positive (+)",
    "negative": "negative (−)",
    "increase": "up: it increases",
    "decrease": "down: it decreases",
}


def _right(exercise: Any) -> tuple[str, str]:
    c = check(exercise, None, None)
    return c.sign, c.move


def _answer(frame: Any, exercise: Any) -> None:
    """Pick the right sign and move (by their labels, as a learner does)."""
    for value in _right(exercise):
        frame.get_by_label(LABELS[value]).check()


@pytest.fixture
def course(browser: Any, live_server: str) -> Iterator[tuple[Any, list[str]]]:
    """A course page on another origin holding one 480×600 iframe of /embed/exercise, and the
    problems seen (console errors, requests leaving the machine)."""
    site = HostSite()
    site.pages["/course.html"] = f"""<!doctype html><html><head><title>Week 3</title>
<script src="{live_server}/static/embed.js" defer></script></head><body style="margin:0">
<h1>Week 3: the sign of the gradient</h1>
<iframe src="{live_server}/embed/exercise?{OWN_QUERY}" width="480" height="600"
        title="exercise" style="border:0"></iframe></body></html>"""
    context, page, problems = watched_page(browser, 520, 700)
    page.goto(f"{site.base}/course.html")
    yield page, problems
    context.close()
    site.close()
    assert problems == []


def test_an_own_question_in_an_iframe_with_javascript(course: tuple[Any, list[str]]) -> None:
    page, _problems = course
    frame = page.frame_locator("iframe")
    frame.locator("[data-exercise][data-ready='1']").wait_for()
    assert "t = 0.50, o = 2.25, η = 0.10" in frame.locator('[data-ex="question"]').inner_text()
    _answer(frame, OWN)
    with page.expect_response(lambda r: "/api/v1/exercises/check" in r.url) as answer:
        frame.get_by_role("button", name="Check").click()
    assert answer.value.ok
    assert answer.value.request.post_data_json == {
        "kind": "single",
        "t": 0.5,
        "o": 2.25,
        "lr": 0.1,
        "half": True,
        "sign": "positive",
        "move": "decrease",
        "score": 0,
        "tries": 0,
    }
    verdict = frame.locator('[data-ex="verdict"]')
    verdict.filter(has_text="Right on both counts.").wait_for()
    explanation = frame.locator('[data-ex="explanation"]').inner_text()
    assert explanation == check(OWN, "positive", "decrease").explanation
    assert frame.locator('[data-ex="score"]').inner_text() == "1"
    # the iframe's own address now carries the question and the score (not the host's)
    inner = page.frames[1]
    assert "score=1" in inner.url and "t=0.5" in inner.url and "/embed/exercise" in inner.url
    assert "score=" not in page.url
    frame.locator('[data-ex="answer"] [data-role="point"]').wait_for()
    # the next question is the one this question leads to, fetched without leaving the iframe
    with page.expect_response(lambda r: "/api/v1/exercises/new" in r.url) as fetched:
        frame.get_by_role("link", name="Next question").click()
    assert f"seed={OWN.next_seed}" in fetched.value.url
    nxt = new_exercise(OWN.next_seed)
    frame.locator('[data-ex="question"]').filter(has_text=f"η = {nxt.lr:.2f}").wait_for()
    inner.wait_for_function(f"() => location.search.includes('seed={OWN.next_seed}')")
    assert "/embed/exercise" in inner.url and "t=" not in inner.url
    assert frame.locator('[data-ex="score"]').inner_text() == "1"
    # embed.js fits the iframe to the exercise (its height, posted by embed-child.js)
    page.wait_for_function(
        """() => {
            const iframe = document.querySelector('iframe');
            const inner = iframe.contentDocument;  // null: another origin
            return iframe.style.height !== '' && inner === null;
        }"""
    )
    fitted = page.evaluate("parseFloat(document.querySelector('iframe').style.height)")
    assert fitted > 300


def test_an_own_question_in_the_embed_without_javascript(no_js: Visit) -> None:
    page = no_js.page
    no_js.goto(f"/embed/exercise?{OWN_QUERY}&half=0&score=2&tries=2")
    exercise = own_exercise(0.5, 2.25, 0.1, half=False)
    sign, move = _right(exercise)
    page.get_by_label(LABELS["negative"]).check()  # the wrong sign, the right move
    page.get_by_label(LABELS[move]).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Check").click()
    assert page.url.startswith(no_js.base + "/embed/exercise?")
    assert "t=0.5" in page.url and "sign=negative" in page.url
    assert "gradient has the other sign" in no_js.text('[data-ex="verdict"]')
    assert no_js.text('[data-ex="explanation"]') == check(exercise, "negative", move).explanation
    assert (no_js.text('[data-ex="score"]'), no_js.text('[data-ex="tries"]')) == ("2", "3")
    with page.expect_navigation():
        page.get_by_role("link", name="Next question").click()
    assert page.url.startswith(no_js.base + "/embed/exercise?")
    assert f"seed={exercise.next_seed}" in page.url and "score=2&tries=3" in page.url


def test_a_set_to_its_end_and_back_to_its_start(visit: Visit) -> None:
    seeds = [12, 99, 7]
    visit.goto("/exercise?seeds=12,99,7&question=2&score=1&tries=1")
    page = visit.page
    page.wait_for_selector("[data-exercise][data-ready='1']")
    assert visit.text('[data-ex="set"]') == "Question 2 of 3 in this set."
    _answer(page, new_exercise(seeds[1]))
    page.get_by_role("button", name="Check").click()
    visit.wait_text('[data-ex="verdict"]', "Right on both counts.")
    with page.expect_response(lambda r: "/api/v1/exercises/new" in r.url) as fetched:
        page.get_by_role("link", name="Next question").click()
    assert "seed=7" in fetched.value.url
    visit.wait_text('[data-ex="set"]', "Question 3 of 3: the last of this set.")
    assert visit.text('[data-ex="next"]') == "Start the set again"
    page.wait_for_function("() => location.search.includes('question=3')")
    assert "seeds=12,99,7" in page.url  # bare commas, as the server writes the set
    own_link = page.locator("#own-link").input_value()
    assert own_link == f"{visit.base}/exercise?kind=single&seeds=12,99,7&half=1"
    _answer(page, new_exercise(seeds[2]))
    page.get_by_role("button", name="Check").click()
    visit.wait_text('[data-ex="set"]', "Set done: all 3 questions answered.")
    assert (visit.text('[data-ex="score"]'), visit.text('[data-ex="tries"]')) == ("3", "3")
    visit.shot("exercise-set-done")
    with page.expect_navigation():
        page.get_by_role("link", name="Start the set again").click()
    assert "question=1" in page.url and "score=0&tries=0" in page.url
    assert visit.text('[data-ex="set"]') == "Question 1 of 3 in this set."
    first = new_exercise(seeds[0])
    assert f"o = {first.outputs[0]:.2f}".replace("-", "−") in visit.text('[data-ex="question"]')


def test_the_instructor_form_asks_the_question(visit: Visit) -> None:
    visit.goto("/exercise?seed=5")
    page = visit.page
    page.get_by_text("Set your own question (for instructors)").click()
    form = page.locator("#own-form")
    form.get_by_label("Target t").fill("0.5")
    form.get_by_label("Output o").fill("2.25")
    form.get_by_label("Learning rate η").fill("0.1")
    with page.expect_navigation():
        form.get_by_role("button", name="Ask this question").click()
    assert "t=0.5" in page.url and "o=2.25" in page.url and "lr=0.1" in page.url
    assert "t = 0.50, o = 2.25, η = 0.10" in visit.text('[data-ex="question"]')
    link = page.locator("#own-link").input_value()
    assert link == f"{visit.base}/exercise?t=0.5&o=2.25&lr=0.1&half=1"
    assert f'src="{visit.base}/embed/exercise?t=0.5&o=2.25&lr=0.1&half=1"' in (
        page.locator("#own-iframe").input_value()
    )


SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_screenshots_of_an_answered_own_question(
    browser: Any, live_server: str, size: str, scheme: str
) -> None:
    phone = size == "phone"
    for visit in _open(
        browser,
        live_server,
        viewport=SIZES[size],
        color_scheme=scheme,
        is_mobile=phone,
        has_touch=phone,
    ):
        visit.goto(f"/exercise?{OWN_QUERY}&score=2&tries=3")
        visit.page.wait_for_selector("[data-exercise][data-ready='1']")
        _answer(visit.page, OWN)
        visit.page.get_by_role("button", name="Check").click()
        visit.page.wait_for_selector('[data-ex="answer"]:not([hidden]) [data-role="point"]')
        assert visit.scroll_width() <= SIZES[size]["width"]
        visit.shot(f"exercise-own-{size}-{scheme}")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_of_the_embed(browser: Any, live_server: str, scheme: str) -> None:
    for visit in _open(
        browser, live_server, viewport={"width": 480, "height": 600}, color_scheme=scheme
    ):
        visit.goto(f"/embed/exercise?{OWN_QUERY}")
        visit.page.wait_for_selector("[data-exercise][data-ready='1']")
        assert visit.scroll_width() <= 480
        visit.shot(f"embed-exercise-{scheme}")
        _answer(visit.page, OWN)
        visit.page.get_by_role("button", name="Check").click()
        visit.page.wait_for_selector('[data-ex="answer"]:not([hidden]) [data-role="point"]')
        visit.shot(f"embed-exercise-answered-{scheme}")
