"""The losses page in headless Chromium: keyboard and mouse on the controls, DOM numbers."""

from __future__ import annotations

import pytest

from tests.browser.conftest import Visit

pytestmark = pytest.mark.browser

EXAMPLE = "/losses?t=1&o=0.98&delta=1&loss=absolute"
NAMES = ("squared", "absolute", "huber", "cross_entropy")


def _trace(visit: Visit, chart: str, uid: str) -> dict[str, list[float | None]]:
    return dict(
        visit.page.evaluate(
            """([chart, uid]) => {
                const tr = document.getElementById(chart).data.find((t) => t.uid === uid);
                return {x: Array.from(tr.x), y: Array.from(tr.y)};
            }""",
            [chart, uid],
        )
    )


def _signs(visit: Visit) -> list[str]:
    return [visit.text(f'output[data-shown="{name}_sign"]') for name in NAMES]


def test_arrow_keys_move_o_across_t_and_every_sign_flips(visit: Visit) -> None:
    visit.open(EXAMPLE)
    assert _signs(visit) == ["yes: −, like o − t"] * 4
    slider = visit.press("#o-range", "ArrowRight", times=2)
    visit.wait_text("#sentence", "equals t = 1.00")
    # the corner: no derivative, the interval instead, drawn as a fan and a bar
    assert visit.text('output[data-shown="absolute_gradient"]') == "[−1.00, 1.00]"
    assert visit.text('output[data-shown="gradient"]') == "[−1.00, 1.00]"
    assert "no derivative" in visit.text("#sentence")
    assert visit.text('output[data-shown="squared_gradient"]') == "0.00"
    assert visit.text('#formula-gradient [data-slot="gradient"]') == "[−1.00, 1.00]"
    assert _trace(visit, "chart-gradient", "gpoint") == {"x": [1, 1], "y": [-1, 1]}
    fan = _trace(visit, "chart-loss", "tangent")
    assert len(fan["x"]) == 15 and fan["x"][0] != fan["x"][3]  # the fan's lines differ
    visit.shot("losses-corner")
    slider.press("ArrowRight")
    visit.wait_text("#sentence", "o = 1.01")
    assert _signs(visit) == ["yes: +, like o − t"] * 3 + ["not defined: needs 0 ≤ t ≤ 1, 0 < o < 1"]
    assert visit.text('output[data-shown="absolute_gradient"]') == "1.00"
    assert visit.text('output[data-shown="huber_gradient"]') == "0.01"
    assert visit.page.locator("#sentence").get_attribute("data-direction") == "decrease"
    assert _trace(visit, "chart-gradient", "gpoint") == {"x": [1.01, 1.01], "y": [1, 1]}
    visit.page.wait_for_function("() => location.search.includes('o=1.01')")


def test_cross_entropy_sign_flips_with_the_mouse_on_the_slider(visit: Visit) -> None:
    visit.open("/losses?t=0.5&o=0.3&loss=cross_entropy")
    assert _signs(visit) == ["yes: −, like o − t"] * 4
    box = visit.page.locator("#o-range").bounding_box()
    assert box is not None
    # drag the thumb to about o = 0.8 (the slider runs 0.001 to 0.999)
    y = box["y"] + box["height"] / 2
    visit.page.mouse.click(box["x"] + 0.8 * box["width"], y)
    visit.wait_text('output[data-shown="cross_entropy_sign"]', "+")
    assert _signs(visit) == ["yes: +, like o − t"] * 4
    o = float(visit.page.locator("#o-number").input_value())
    assert 0.7 < o < 0.9
    g = visit.text('output[data-shown="cross_entropy_gradient"]')
    assert not g.startswith("−") and g != "—"
    visit.shot("losses-cross-entropy")


def test_choosing_huber_with_the_keyboard_and_changing_delta(visit: Visit) -> None:
    visit.open("/losses?t=0&o=3&delta=1&loss=absolute")
    visit.page.locator('input[name="loss"][value="absolute"]').focus()
    with visit.page.expect_response(lambda r: "/losses.json" in r.url):
        visit.page.keyboard.press("ArrowDown")  # radio group: moves to Huber and checks it
    visit.wait_text('[data-shown="label"]', "Huber")
    visit.page.wait_for_function("() => location.search.includes('loss=huber')")
    assert visit.text('output[data-shown="gradient"]') == "1.00"  # capped at δ
    assert visit.text('[data-size="huber"]') == "while |o − t| ≤ δ; beyond, it stays δ = 1.00"
    assert _trace(visit, "chart-loss", "delta")["x"][0] == -1
    with visit.page.expect_response(lambda r: "/losses.json" in r.url):
        visit.page.locator("#delta-number").fill("2")
    visit.wait_text('output[data-shown="gradient"]', "2.00")
    assert visit.text('output[data-shown="huber_loss"]') == "4.00"  # 2 * (3 - 1)
    assert visit.text('[data-size="huber"]').endswith("δ = 2.00")
    visit.page.wait_for_function("() => location.search.includes('delta=2')")
    # a click on the loss chart moves o to the grid point under the pointer
    visit.click_chart("chart-loss", -0.5, 1)
    visit.wait_text("#sentence", "is below t = 0.00")
    o = float(visit.page.locator("#o-number").input_value())
    assert o == pytest.approx(-0.5, abs=0.03)
    assert visit.text('output[data-shown="huber_gradient"]') == visit.text(
        'output[data-shown="e"]'
    )  # inside δ Huber's gradient is e itself
    visit.shot("losses-desktop-light")


def test_bad_input_shows_an_inline_message_and_keeps_the_page(visit: Visit) -> None:
    visit.open("/losses?t=1&o=0.3&loss=cross_entropy")
    error = visit.fill_for_error("#o-number", "1.5", "o")
    assert "strictly between 0 and 1" in str(error.text_content())
    assert visit.text('output[data-shown="cross_entropy_loss"]').startswith("≈1.2")
    delta_error = visit.fill_for_error("#delta-number", "0", "delta")
    assert "greater than 0" in str(delta_error.text_content())
    visit.page.locator("#o-number").fill("0.4")
    visit.page.locator("#delta-number").fill("1")
    error.wait_for(state="hidden")
    delta_error.wait_for(state="hidden")
    visit.wait_text('output[data-shown="o"]', "0.40")


def test_without_the_half_squared_error_doubles(visit: Visit) -> None:
    visit.open("/losses?t=1&o=0.3&loss=squared")
    visit.page.get_by_label("without: L = (t − o)², dL/do = 2(o − t)").check()
    visit.wait_text('output[data-shown="squared_gradient"]', "−1.40")
    assert visit.text('output[data-shown="huber_gradient"]') == "−0.70"  # Huber keeps its ½
    assert visit.text('[data-size="squared"]') == "yes: |dL/do| = 2|o − t|"
    visit.page.wait_for_function("() => location.search.includes('half=0')")


def test_without_javascript_the_table_and_form_work(no_js: Visit) -> None:
    no_js.goto("/losses?t=1&o=0.3&loss=absolute")
    assert no_js.text('output[data-shown="absolute_gradient"]') == "−1.00"
    no_js.submit("#o-number", "1")
    assert "o=1" in no_js.page.url
    assert no_js.text('output[data-shown="absolute_gradient"]') == "[−1.00, 1.00]"
