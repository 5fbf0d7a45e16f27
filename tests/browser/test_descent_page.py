"""The descent page in headless Chromium: step, play/pause, reset, presets, keyboard, mouse."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from app.formatting import short
from tests.browser.conftest import Visit
from tests.browser.test_samples_page import CUT_TABLES, PHONE, phone_visit

pytestmark = pytest.mark.browser

EXAMPLE = "/descent?mode=single&t=1&o=-2&lr=0.5&steps=50"


def _path_length(visit: Visit) -> int:
    return int(
        visit.page.evaluate(
            """() => document.getElementById('chart-path').data
                 .find((t) => t.uid === 'path').x.length"""
        )
    )


def test_step_and_reset_with_the_mouse(visit: Visit) -> None:
    visit.open(EXAMPLE)
    assert visit.text('output[data-shown="k"]') == "0"
    assert visit.text('output[data-shown="o_k"]') == "−2.00"
    assert visit.text("#status").startswith("Converged after 20 steps")
    visit.page.locator("#step").click()
    visit.wait_text('output[data-shown="k"]', "1")
    assert visit.text('output[data-shown="o_k"]') == "−0.50"
    assert visit.text('#formula-step [data-slot="o_next"]') == "0.25"
    visit.page.locator("#step").click()
    visit.wait_text('output[data-shown="o_k"]', "0.25")
    assert _path_length(visit) == 3
    visit.page.locator("#reset").click()
    visit.wait_text('output[data-shown="o_k"]', "−2.00")
    assert _path_length(visit) == 1
    visit.shot("descent-desktop-light")


def test_space_plays_and_pauses(visit: Visit) -> None:
    visit.open(EXAMPLE)
    visit.page.locator("h1").click()  # focus on the page, not a control
    visit.page.keyboard.press("Space")
    play = visit.page.locator("#play")
    assert play.get_attribute("aria-pressed") == "true"
    visit.page.wait_for_function(
        "() => Number(document.querySelector('output[data-shown=\"k\"]').textContent) >= 2"
    )
    visit.page.keyboard.press("Space")
    assert play.get_attribute("aria-pressed") == "false"
    k = visit.text('output[data-shown="k"]')
    assert visit.text('output[data-shown="k"]') == k


def test_play_runs_to_the_end_and_stops(visit: Visit) -> None:
    visit.open("/descent?mode=single&t=1&o=-2&lr=1&steps=50")
    assert visit.text("#status").startswith("Converged after 1 step")
    visit.page.locator("#play").click()
    visit.wait_text('output[data-shown="o_k"]', "1.00")
    visit.page.wait_for_function("() => document.getElementById('play').textContent === 'Play'")
    assert visit.page.locator("#step").is_disabled()


def test_presets_by_keyboard_show_oscillation_and_divergence(visit: Visit) -> None:
    visit.open(EXAMPLE)
    preset = visit.page.locator(".preset", has_text="overshoots")
    preset.focus()
    preset.press("Enter")
    visit.wait_text("#status", "Oscillates and converges")
    assert visit.page.locator("#lr-number").input_value() == "1.5"
    visit.page.wait_for_function("() => location.search.includes('lr=1.5')")
    visit.page.locator(".preset", has_text="diverges").click()
    visit.wait_text("#status", "Diverged: |o| passed 1000000 after 32 steps; drawing stops there")
    assert visit.page.evaluate("document.getElementById('status').dataset.status") == "diverged"
    # the drawn run holds only values within the bounds
    xs = visit.page.evaluate(
        "Array.from(document.getElementById('chart-path').data.find((t) => t.uid === 'path_all').x)"
    )
    assert len(xs) == 32 and max(abs(v) for v in xs) <= 1e6
    # the view follows the run: the start and the first step fill it, then it widens
    x_range = "document.getElementById('chart-path').layout.xaxis.range"
    visit.page.wait_for_function(f"() => {x_range}[1] === 1 + 4.5 * 1.15")
    step = visit.page.locator("#step")
    for _ in range(6):
        step.click()
    visit.wait_text('output[data-shown="k"]', "6")
    # o₇ − t = −3·(−1.5)⁷ = 51.2578125
    visit.page.wait_for_function(f"() => Math.abs({x_range}[1] - (1 + 51.2578125 * 1.15)) < 1e-9")
    visit.shot("descent-diverged")


def test_arrow_keys_on_the_learning_rate_ask_for_a_new_run(visit: Visit) -> None:
    visit.open(EXAMPLE)
    visit.press("#lr-number", "ArrowUp", times=5)
    visit.wait_text("#status", "η = 0.55")
    assert visit.page.locator("#lr-range").input_value() == "0.55"


def test_bad_steps_show_a_message(visit: Visit) -> None:
    visit.open(EXAMPLE)
    error = visit.fill_for_error("#steps-number", "501", "steps")
    assert "steps must be at most 500" in str(error.text_content())
    assert visit.text('output[data-shown="o_k"]') == "−2.00"


def test_weights_mode_runs_on_the_contour(visit: Visit, dark: Visit) -> None:
    visit.open("/descent?mode=weights&x=1,2,3&t=2,4,6&w=0&b=0&steps=100")
    assert visit.page.locator("#chart-path .contourlayer .contour").count() == 1
    visit.page.locator("#step").click()
    visit.wait_text('output[data-shown="k"]', "1")
    # η = 0.5/λ = 0.5/16.64… ≈ 0.03; the gradient at (0, 0) is (−28, −12)
    assert visit.text('output[data-shown="w_k"]') == "0.84"
    assert visit.text('output[data-shown="b_k"]') == "0.36"
    # the point slides over the contour, which stays drawn
    visit.page.wait_for_function(
        """() => document.getElementById('chart-path').data
             .find((t) => t.uid === 'point').x[0] === 0.84"""
    )
    assert visit.page.locator("#chart-path .contourlayer .contour").count() == 1
    visit.shot("descent-weights-light")
    dark.open("/descent?mode=weights")
    dark.shot("descent-weights-dark")


def test_phone_has_no_horizontal_scroll(phone: Visit) -> None:
    phone.open(EXAMPLE)
    assert phone.scroll_width() <= 375
    phone.page.locator("#step").tap()
    phone.wait_text('output[data-shown="k"]', "1")
    phone.shot("descent-phone")


def test_the_iteration_table_follows_a_new_run(visit: Visit) -> None:
    visit.open(EXAMPLE)
    visit.page.locator(".preset", has_text="one step").click()
    visit.wait_text("#status", "Converged after 1 step")
    rows = visit.page.locator("#iterations tbody tr")
    assert rows.count() == 2
    assert rows.nth(1).locator("td").nth(1).text_content() == "1.00"


def test_reduced_motion_makes_steps_jump(browser: object, live_server: str) -> None:
    context = browser.new_context(reduced_motion="reduce")  # type: ignore[attr-defined]
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(live_server + EXAMPLE)
    page.wait_for_selector("body[data-rendered='1']")
    assert page.evaluate("window.SSE.reduceMotion") is True
    page.locator("#step").click()
    # no transition: the point is at o₁ = −0.5 once the step is shown
    page.wait_for_function(
        """() => document.getElementById('chart-path').data
             .find((t) => t.uid === 'point').x[0] === -0.5"""
    )
    assert page.locator('output[data-shown="o_k"]').text_content() == "−0.50"
    context.close()
    assert errors == []


@pytest.fixture
def phone390(browser: Any, live_server: str) -> Iterator[Visit]:
    yield from phone_visit(browser, live_server)


DIVERGES = "/descent?mode=single&t=1&o=-2&lr=2.5&steps=50"


def test_play_keeps_the_run_controls_and_the_run_chart_on_a_phone(phone390: Visit) -> None:
    page = phone390.page
    phone390.open(DIVERGES)
    page.locator("#play").scroll_into_view_if_needed()  # a learner scrolls as far as Play
    page.locator("#play").click()
    page.wait_for_function("() => window.sseDescent.step() >= 4")
    assert page.locator("#play").get_attribute("aria-pressed") == "true"
    for selector in ("#play", "#step", "#chart-path"):
        box = page.locator(selector).bounding_box()
        assert box is not None
        assert 0 <= box["y"] and box["y"] + box["height"] <= PHONE["height"], (selector, box)
    assert page.evaluate(CUT_TABLES) == []


def test_the_loss_chart_follows_a_diverging_run(visit: Visit) -> None:
    page = visit.page
    visit.open(DIVERGES)
    top = "() => document.getElementById('chart-losses')._fullLayout.yaxis.range[1]"
    for _ in range(6):
        page.locator("#step").click()
    visit.wait_text('output[data-shown="k"]', "6")
    shown = page.evaluate(
        "() => Math.log10(document.getElementById('chart-losses').data"
        ".find((t) => t.uid === 'point').y[0])"
    )
    early = page.evaluate(top)
    assert shown <= early  # the current point is inside the frame, not above it
    for _ in range(12):
        page.locator("#step").click()
    visit.wait_text('output[data-shown="k"]', "18")
    assert page.evaluate(top) > early  # the frame grew with the run


def test_numbers_are_short_with_every_digit_in_the_title(visit: Visit) -> None:
    visit.open("/descent?mode=single&t=1&o=-2&lr=0.3&steps=100")
    for _ in range(30):
        visit.page.locator("#step").click()
    visit.wait_text('output[data-shown="k"]', "30")
    cell = visit.page.locator('#numbers output[data-shown="loss_k"]')
    assert "× 10⁻" in cell.text_content()
    row = visit.page.locator('#numbers td:has(output[data-shown="loss_k"])')
    title = row.get_attribute("title")
    text = cell.text_content() or ""
    assert title and title.lstrip("≈").startswith("0.0000") and len(title) > len(text)


VALUES = [
    1 / 3,
    0.40625,
    1.5,
    -4.0927e-13,
    2e9,
    1.125,
    1.1249999999999998,
    1234.56789,
    0.0,
    99999.995,
    1e-4,
    9.99951e-5,
    -0.000123456,
    862880.77,
    0.125,
    2.5e-17,
    7.0,
]


def test_the_script_shortens_numbers_as_the_server_does(visit: Visit) -> None:
    visit.open(EXAMPLE)
    written = visit.page.evaluate("(xs) => xs.map((x) => window.sseDescent.short(x))", VALUES)
    assert written == [short(x) for x in VALUES]
