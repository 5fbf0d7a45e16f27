"""The exercise in headless Chromium: keyboard, mouse, score, next question, and no-JS."""

from __future__ import annotations

import pytest

from app.formatting import number
from app.lessons.exercises import check, new_exercise
from tests.browser.conftest import Visit

pytestmark = pytest.mark.browser

SEED = 5  # t = 1.03, o = 1.83: too high, so positive and decrease
FIRST = new_exercise(SEED)
SECOND = new_exercise(FIRST.next_seed)


def _ready(visit: Visit) -> None:
    visit.page.wait_for_selector("[data-exercise][data-ready='1']", timeout=15_000)


def _score(visit: Visit) -> tuple[str, str]:
    return visit.text('[data-ex="score"]'), visit.text('[data-ex="tries"]')


def test_answer_by_keyboard_then_next_question(visit: Visit) -> None:
    visit.goto(f"/exercise?seed={SEED}")
    _ready(visit)
    assert "t = 1.03, o = 1.83" in visit.text('[data-ex="question"]')
    right = check(FIRST, None, None)
    assert (right.sign, right.move) == ("positive", "decrease")
    page = visit.page
    # Tab into the first radio group; arrows move and select within a group
    page.locator('input[name="sign"][value="positive"]').focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # to the move group
    page.keyboard.press("ArrowDown")  # increase -> decrease (the first arrow selects the next)
    assert page.locator('input[name="move"]:checked').get_attribute("value") == "decrease"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    visit.wait_text('[data-ex="verdict"]', "Right on both counts.")
    assert _score(visit) == ("1", "1")
    assert visit.text('[data-ex="explanation"]') == right.explanation
    assert page.locator('[data-ex="result"]').get_attribute("data-right") == "1"
    assert page.locator('[data-ex="check"]').is_disabled()
    page.wait_for_function(
        "() => location.search.includes('score=1') && location.search.includes('tries=1')"
    )
    # focus moved to "Next question": Enter asks the server for the next seeded question
    assert page.evaluate("document.activeElement.dataset.ex") == "next"
    with page.expect_response(lambda r: "/api/v1/exercises/new" in r.url) as answer:
        page.keyboard.press("Enter")
    assert answer.value.ok
    t, o = SECOND.targets[0], SECOND.outputs[0]
    visit.wait_text('[data-ex="question"]', f"o = {o:.2f}".replace("-", "−"))
    assert f"t = {t:.2f}".replace("-", "−") in visit.text('[data-ex="question"]')
    assert not page.locator('[data-ex="result"]').is_visible()
    assert page.locator('#exercise input[type="radio"]:checked').count() == 0
    assert page.locator("label.is-correct, label.is-wrong").count() == 0
    page.wait_for_function(f"() => location.search.includes('seed={SECOND.seed}')")
    assert _score(visit) == ("1", "1")
    visit.shot("exercise-after-keyboard")


def test_answer_by_mouse_wrongly_keeps_the_score(visit: Visit) -> None:
    visit.goto(f"/exercise?seed={SEED}&score=3&tries=4")
    _ready(visit)
    page = visit.page
    page.get_by_label("negative (−)").click()
    page.get_by_label("down: it decreases").click()
    with page.expect_response(lambda r: "/api/v1/exercises/check" in r.url) as answer:
        page.get_by_role("button", name="Check").click()
    assert answer.value.ok
    visit.wait_text('[data-ex="verdict"]', "The step's direction is right")
    assert _score(visit) == ("3", "5")
    assert "1.83 − 1.03 = 0.80 is positive" in visit.text('[data-ex="explanation"]')
    marked = page.evaluate(
        """() => Array.from(document.querySelectorAll('label[data-option]'))
                      .map((l) => l.dataset.option + ':' + l.className)"""
    )
    assert marked == [
        "sign-positive:is-correct",
        "sign-negative:is-wrong",
        "move-increase:",
        "move-decrease:is-correct",
    ]
    visit.shot("exercise-marked")
    page.get_by_role("link", name="Next question").click()
    visit.wait_text('[data-ex="question"]', f"o = {SECOND.outputs[0]:.2f}".replace("-", "−"))
    page.wait_for_function("() => location.search.includes('score=3&tries=5')")
    visit.shot("exercise-desktop-light")


def test_missing_answer_is_asked_for_without_a_request(visit: Visit) -> None:
    visit.goto(f"/exercise?seed={SEED}")
    _ready(visit)
    visit.page.get_by_label("positive (+)").click()
    visit.page.get_by_role("button", name="Check").click()
    visit.wait_text('[data-ex="verdict"]', "Pick an answer to both questions first.")
    assert _score(visit) == ("0", "0")


def test_samples_kind_shows_the_rows(visit: Visit) -> None:
    exercise = new_exercise(1, "samples")
    visit.goto("/exercise?kind=samples&seed=1")
    _ready(visit)
    rows = visit.page.locator('[data-ex="rows"] tbody tr')
    assert rows.count() == len(exercise.targets)
    asked = visit.page.locator('[data-ex="rows"] tr.asked th')
    assert asked.text_content() == str(exercise.row + 1)
    right = check(exercise, None, None)
    visit.page.get_by_label("positive (+)" if right.sign == "positive" else "negative (−)").click()
    visit.page.get_by_label(
        "up: it increases" if right.move == "increase" else "down: it decreases"
    ).click()
    visit.page.get_by_role("button", name="Check").click()
    visit.wait_text('[data-ex="verdict"]', "Right on both counts.")
    assert visit.text('[data-ex="explanation"]') == right.explanation
    visit.page.get_by_role("link", name="Next question").click()
    visit.page.wait_for_function(
        "() => document.querySelector('[data-ex=\"check\"]').disabled === false"
    )
    assert visit.page.locator('[data-ex="rows"]').is_visible()
    visit.shot("exercise-samples")


def test_embedded_on_the_single_page_keeps_the_page_url(visit: Visit) -> None:
    visit.open(f"/?t=1&o=0.3&lr=0.5&exercise_seed={SEED}")
    _ready(visit)
    page = visit.page
    section = page.locator("#exercise")
    section.scroll_into_view_if_needed()
    page.get_by_label("positive (+)").click()
    page.get_by_label("down: it decreases").click()
    page.get_by_role("button", name="Check").click()
    visit.wait_text('[data-ex="verdict"]', "Right on both counts.")
    assert _score(visit) == ("1", "1")
    assert "score=" not in page.url
    # the explainer above still works and does not reset the exercise
    slider = page.locator("#o-range")
    slider.focus()
    slider.press("Shift+ArrowRight")  # one grid step (an arrow alone: 0.1)
    visit.wait_text("#sentence", "o = 0.31")
    assert _score(visit) == ("1", "1")
    visit.shot("single-with-exercise")


def test_phone_and_dark(phone: Visit, dark: Visit) -> None:
    phone.goto(f"/exercise?seed={SEED}&sign=positive&move=increase&score=0&tries=0")
    _ready(phone)
    assert phone.scroll_width() <= 375
    phone.shot("exercise-phone-light")
    dark.goto("/exercise?kind=samples&seed=2&sign=positive&move=decrease")
    _ready(dark)
    dark.shot("exercise-desktop-dark")


def test_without_javascript_the_get_form_checks_and_counts(no_js: Visit) -> None:
    page = no_js.page
    no_js.goto(f"/exercise?seed={SEED}&score=3&tries=4")
    assert "t = 1.03, o = 1.83" in no_js.text('[data-ex="question"]')
    assert not page.locator('[data-ex="result"]').is_visible()
    page.get_by_label("positive (+)").check()
    page.get_by_label("down: it decreases").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Check").click()
    assert f"seed={SEED}" in page.url and "sign=positive" in page.url
    assert no_js.text('[data-ex="verdict"]') == "Right on both counts."
    assert _score(no_js) == ("4", "5")
    with page.expect_navigation():
        page.get_by_role("link", name="Next question").click()
    assert f"seed={SECOND.seed}" in page.url and "score=4" in page.url and "tries=5" in page.url
    assert f"o = {SECOND.outputs[0]:.2f}".replace("-", "−") in no_js.text('[data-ex="question"]')
    assert _score(no_js) == ("4", "5")
    no_js.shot("exercise-no-js")


def test_without_javascript_on_the_single_page(no_js: Visit) -> None:
    no_js.goto(f"/?t=1&o=0.3&lr=0.5&exercise_seed={SEED}")
    page = no_js.page
    page.get_by_label("negative (−)").check()
    page.get_by_label("up: it increases").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Check").click()
    assert "/exercise?" in page.url
    assert (
        no_js.text('[data-ex="verdict"]') == "Not this time: both answers are the other way round."
    )
    assert _score(no_js) == ("0", "1")


def _answer_chart(visit: Visit) -> dict[str, int]:
    """The answer's chart as drawn: how many of each shape role, once it is shown."""
    visit.page.wait_for_selector('[data-ex="answer"]:not([hidden]) svg [data-role="point"]')
    return dict(
        visit.page.evaluate(
            """() => {
                const counts = {};
                for (const shape of document.querySelectorAll('[data-ex="answer"] [data-role]')) {
                    counts[shape.dataset.role] = (counts[shape.dataset.role] || 0) + 1;
                }
                return counts;
            }"""
        )
    )


def test_the_checked_answer_shows_on_a_chart(visit: Visit) -> None:
    visit.open(f"/exercise?seed={SEED}")
    _ready(visit)
    page = visit.page
    assert page.locator('[data-ex="answer"]').is_hidden()
    assert f"seed={SEED}" in (page.locator('[data-ex="share"]').get_attribute("href") or "")
    page.get_by_label("positive (+)").click()
    page.get_by_label("down: it decreases").click()
    page.get_by_role("button", name="Check").click()
    assert _answer_chart(visit) == {"curve": 1, "target": 1, "tangent": 1, "step": 1, "point": 1}
    facts = page.locator('[data-ex="facts"] td').all_text_contents()
    c = check(FIRST, "positive", "decrease")
    assert facts[2:] == [number(c.gradient), number(c.next_output)]
    # the arrow points from o to the output after the step: left, since o decreases
    step = page.locator('[data-role="step"]')
    assert float(step.get_attribute("x2") or 0) < float(step.get_attribute("x1") or 0)
    page.locator('[data-ex="next"]').click()
    page.wait_for_function(f"() => location.search.includes('seed={FIRST.next_seed}')")
    assert page.locator('[data-ex="answer"]').is_hidden()
    share = page.locator('[data-ex="share"]').get_attribute("href") or ""
    assert f"seed={FIRST.next_seed}" in share


def test_a_lesson_page_address_carries_its_question(visit: Visit) -> None:
    visit.open("/samples")
    _ready(visit)
    first = visit.page.locator('#exercise input[name="seed"]').input_value()
    visit.page.locator('[data-ex="next"]').click()
    visit.page.wait_for_function(
        f"() => document.querySelector('#exercise input[name=\"seed\"]').value !== '{first}'"
    )
    seed = int(visit.page.locator('#exercise input[name="seed"]').input_value())
    visit.page.wait_for_function(f"() => location.search.includes('exercise_seed={seed}')")
    question = visit.text('[data-ex="question"]')
    visit.open(visit.page.url.removeprefix(visit.base))
    assert visit.text('[data-ex="question"]') == question


def test_without_javascript_the_answer_chart_is_drawn(no_js: Visit) -> None:
    no_js.goto(f"/exercise?seed={SEED}&sign=negative&move=increase")
    roles = no_js.page.locator('[data-ex="answer"] [data-role]').evaluate_all(
        "(shapes) => shapes.map((shape) => shape.dataset.role)"
    )
    assert roles == ["curve", "target", "tangent", "step", "point"]
    assert no_js.page.locator('[data-ex="facts"] tr').count() == 4
