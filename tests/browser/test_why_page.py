"""The guided tour in headless Chromium: every chart drawn, every "Try it" link to / checked."""

from __future__ import annotations

import pytest

from app.pages.why import why_state
from tests.browser.conftest import Visit

pytestmark = pytest.mark.browser

STEPS = why_state()["steps"]


def test_every_chart_is_drawn(visit: Visit) -> None:
    visit.open("/why")
    charts = visit.page.locator(".tour-step .chart")
    assert charts.count() == len(STEPS) == 7
    for i in range(charts.count()):
        chart = charts.nth(i)
        assert chart.get_attribute("data-rendered") == "1"
        assert chart.locator("svg.main-svg .trace").count() >= 2
    # the first step's point is the learner's case: o = 3 above t = 1, loss 2
    point = visit.page.evaluate(
        """() => { const gd = document.getElementById('chart-square');
                   const tr = gd.data.find((t) => t.uid === 'point');
                   return [tr.x[0], tr.y[0]]; }"""
    )
    assert point == [3.0, 2.0]
    visit.shot("why-desktop-light")


def test_the_weights_step_draws_both_signs_of_x(visit: Visit) -> None:
    visit.open("/why#step-weights")
    chart = visit.page.locator("#chart-weights")
    chart.scroll_into_view_if_needed()
    assert chart.get_attribute("data-rendered") == "1"
    assert chart.locator("svg.main-svg .trace.bars").count() == 2
    bars = visit.page.evaluate(
        """() => document.getElementById('chart-weights').data.map((t) => Array.from(t.y))"""
    )
    assert bars == [[-3.0, 2.0, -6.0], [-3.0, -2.0, 6.0]]  # o − t, x, dL/dw for x = +2, −2
    # the words on the chart are drawn, not only in the data
    words = chart.locator(".annotation-text").all_text_contents()
    assert "w goes down ▼" in words and "w goes up ▲" in words
    link = visit.page.locator("#step-weights a.try-it")
    with visit.page.expect_navigation():
        link.click()
    visit.wait_drawn()
    assert visit.text('output[data-shown="grad_w"]') == "6.00"
    assert "w decreases although the output is too low" in visit.text("#sentence")


@pytest.mark.parametrize(
    "step", [s for s in STEPS if s["try_url"].startswith("/?")], ids=lambda s: s["key"]
)
def test_try_it_opens_the_single_page_with_the_stated_numbers(visit: Visit, step: dict) -> None:
    visit.open("/why")
    link = visit.page.locator(f"#step-{step['key']} a.try-it")
    link.scroll_into_view_if_needed()
    with visit.page.expect_navigation():
        link.click()
    visit.wait_drawn()
    assert visit.page.url.endswith(step["try_url"])
    for key, text in step["try_shows"].items():
        assert visit.text(f'output[data-shown="{key}"]') == text
        # and the tour says the same number
        assert any(text in s for s in step["sentences"]) or text in "".join(step["formulas"])


def test_try_it_by_keyboard(visit: Visit) -> None:
    visit.open("/why")
    link = visit.page.locator("#step-slope a.try-it")
    link.focus()
    with visit.page.expect_navigation():
        visit.page.keyboard.press("Enter")
    visit.wait_drawn()
    assert visit.text('output[data-shown="gradient"]') == "−0.70"


def test_phone_layout_has_no_horizontal_scroll(phone: Visit) -> None:
    phone.open("/why")
    assert phone.scroll_width() <= 375
    # every formula wraps between its parts instead of scrolling sideways
    clipped = phone.page.evaluate(
        """() => Array.from(document.querySelectorAll('.formula'))
                      .filter((f) => f.scrollWidth > f.clientWidth + 1)
                      .map((f) => f.closest('section').id)"""
    )
    assert clipped == []
    phone.shot("why-phone-light")


def test_without_javascript_the_tour_reads(no_js: Visit) -> None:
    no_js.goto("/why")
    assert "t − o = −2.00 is negative" in no_js.text("#step-square")
    assert no_js.page.locator("#step-slope .formula math").count() == 2
    # each step's chart is the server's image of it (tests/browser/test_no_js_charts.py)
    assert no_js.page.locator("#step-slope .chart-image img").is_visible()
    assert no_js.page.locator(".nojs-note").count() == 0
