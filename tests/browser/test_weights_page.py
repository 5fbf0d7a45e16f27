"""The weights page in headless Chromium: drawing, keyboard, mouse, errors, themes."""

from __future__ import annotations

import pytest

from tests.browser.conftest import Visit

pytestmark = pytest.mark.browser

EXAMPLE = "/weights?x=1,2,3&t=2,4,6&w=0.5&b=0&lr=0.05"


def _trace(visit: Visit, chart: str, uid: str) -> list[list[float]]:
    return list(
        visit.page.evaluate(
            """([chart, uid]) => {
                const gd = document.getElementById(chart);
                const tr = gd.data.find((t) => t.uid === uid);
                return [Array.from(tr.x), Array.from(tr.y)];
            }""",
            [chart, uid],
        )
    )


def test_charts_are_drawn_with_the_numbers(visit: Visit) -> None:
    visit.open(EXAMPLE)
    for chart in ("chart-contour", "chart-slice", "chart-fit"):
        assert visit.page.locator(f"#{chart}").get_attribute("data-rendered") == "1"
    assert visit.page.locator("#chart-contour .contourlayer .contour").count() == 1
    assert _trace(visit, "chart-contour", "point") == [[0.5], [0.0]]
    assert visit.text('output[data-shown="grad_w"]') == "−21.00"
    assert visit.text('output[data-shown="grad_b"]') == "−9.00"
    assert "too low on average (mean o − t = −3.00)" in visit.text("#sentence")
    visit.shot("weights-desktop-light")


def test_arrow_keys_on_the_bias_slider_flip_the_average_error(visit: Visit) -> None:
    visit.open("/weights?x=1,2,3&t=2,4,6&w=2&b=-0.02&lr=0.05")
    assert "too low on average" in visit.text("#sentence")
    visit.press("#b-range", "ArrowRight", times=3)
    visit.wait_text("#sentence", "too high on average (mean o − t = +0.01)")
    assert visit.page.locator("#b-number").input_value() == "0.01"
    assert visit.text('output[data-shown="grad_b"]') == "0.03"
    assert (
        "The outputs are too high on average (mean o − t = +0.01): dL/db = +0.03, so b decreases"
        " by 0.0015." in visit.text("#sentence").split("\n")
    )
    assert visit.text('#formula-grad_b [data-slot="grad_b"]') == "0.03"
    visit.page.wait_for_function("() => location.search.includes('b=0.01')")
    visit.page.wait_for_function(
        """() => { const gd = document.getElementById('chart-contour');
                   return gd.data.find((t) => t.uid === 'point').y[0] === 0.01; }"""
    )


def test_typing_in_the_weight_box_with_arrow_keys(visit: Visit) -> None:
    visit.open(EXAMPLE)
    visit.press("#w-number", "ArrowUp")
    visit.wait_text('output[data-shown="w"]', "0.51")
    # o = 0.51·x: errors −1.49, −2.98, −4.47; Σ(o − t)·x = −1.49 − 5.96 − 13.41
    assert visit.text('output[data-shown="grad_w"]') == "−20.86"


def test_clicking_the_contour_moves_w_and_b(visit: Visit) -> None:
    visit.open(EXAMPLE)
    visit.click_chart("chart-contour", 1.5, 0.5)
    visit.page.wait_for_function("() => document.getElementById('w-number').value !== '0.5'")
    w = float(visit.page.locator("#w-number").input_value())
    b = float(visit.page.locator("#b-number").input_value())
    assert w == pytest.approx(1.5, abs=0.1)
    assert b == pytest.approx(0.5, abs=0.1)
    visit.page.wait_for_function(f"() => location.search.includes('w={w}')")


def test_bad_lists_show_a_message_and_keep_the_page(visit: Visit) -> None:
    visit.open(EXAMPLE)
    error = visit.fill_for_error("#t-text", "2,4", "t")
    assert "has 2 values but inputs x has 3" in str(error.text_content())
    assert visit.page.locator("#t-text").input_value() == "2,4"
    assert visit.page.locator("#x-text").input_value() == "1, 2, 3"
    visit.page.locator("#t-text").fill("2,4,7")
    error.wait_for(state="hidden")
    visit.wait_text('output[data-shown="grad_b"]', "−10.00")


def test_phone_and_dark(phone: Visit, dark: Visit) -> None:
    phone.open(EXAMPLE)
    width = phone.scroll_width()
    assert width <= 375
    phone.shot("weights-phone")
    dark.open("/weights")
    dark.shot("weights-desktop-dark")


def test_without_javascript_the_form_and_numbers_work(no_js: Visit) -> None:
    no_js.goto(EXAMPLE)
    assert no_js.text('output[data-shown="grad_w"]') == "−21.00"
    no_js.submit("#b-number", "1")
    assert "b=1" in no_js.page.url
    assert no_js.text('output[data-shown="grad_b"]') == "−6.00"
