"""The single-sample page in headless Chromium: drawing, keyboard, mouse, address bar, no-JS."""

from __future__ import annotations

import re

import pytest

from app.formatting import number
from tests.browser.conftest import Visit

pytestmark = pytest.mark.browser

EXAMPLE = "/?t=1&o=0.3&lr=0.5"


def _point(visit: Visit, chart: str, uid: str) -> list[float]:
    """The x and y of a one-point trace, read from the drawn chart's data."""
    return list(
        visit.page.evaluate(
            """([chart, uid]) => {
                const gd = document.getElementById(chart);
                const tr = gd.data.find((t) => t.uid === uid);
                return [tr.x[tr.x.length - 1], tr.y[tr.y.length - 1]];
            }""",
            [chart, uid],
        )
    )


def test_charts_are_drawn(visit: Visit) -> None:
    visit.open(EXAMPLE)
    for chart in ("chart-loss", "chart-gradient"):
        locator = visit.page.locator(f"#{chart}")
        assert locator.get_attribute("data-rendered") == "1"
        assert locator.locator("svg.main-svg .scatterlayer .trace").count() >= 3
    assert _point(visit, "chart-loss", "point") == [0.3, 0.245]
    assert _point(visit, "chart-gradient", "gpoint") == [0.3, -0.7]
    visit.shot("single-desktop-light")


def test_arrow_keys_on_the_output_slider_flip_the_sign_at_the_target(visit: Visit) -> None:
    visit.open("/?t=1&o=0.97&lr=0.5")
    sentence = visit.page.locator("#sentence")
    assert "is negative" in str(sentence.text_content())
    slider = visit.press("#o-range", "Shift+ArrowRight", times=3)  # Shift: one grid step
    visit.wait_text("#sentence", "equals t = 1.00")
    assert visit.page.locator("#o-number").input_value() == "1"
    for _ in range(2):
        slider.press("Shift+ArrowRight")
    visit.wait_text("#sentence", "o = 1.02")
    assert visit.page.locator("#o-number").input_value() == "1.02"
    text = str(sentence.text_content())
    assert text == (
        "o = 1.02 is above t = 1.00, so dL/do = 0.02 is positive and the step lowers o to 1.01."
    )
    assert sentence.get_attribute("data-direction") == "decrease"
    assert visit.text('output[data-shown="gradient"]') == "0.02"
    assert visit.text('output[data-shown="loss"]') == "0.0002"
    # the formulas follow once the slider rests (MathML layout is too slow for every frame)
    visit.page.wait_for_function(
        """() => document.querySelectorAll('#formula-gradient math')[1]
                   .getAttribute('alttext') === '= 1.02 − 1.00 = 0.02'"""
    )
    assert visit.text('#formula-gradient [data-slot="gradient"]') == "0.02"
    visit.page.wait_for_function("() => location.search.includes('o=1.02')")
    assert _point(visit, "chart-loss", "point") == [1.02, 0.0002]
    assert _point(visit, "chart-gradient", "gpoint") == [1.02, 0.02]
    visit.shot("single-after-keyboard")


def test_arrow_keys_on_the_number_box_use_the_slider_step(visit: Visit) -> None:
    visit.open(EXAMPLE)
    visit.press("#o-number", "Shift+ArrowUp")
    visit.wait_text("#sentence", "o = 0.31")
    assert visit.page.locator("#o-range").input_value() == "0.31"
    assert visit.text('output[data-shown="gradient"]') == "−0.69"


@pytest.mark.parametrize(
    ("control", "key", "times", "o"),
    [
        ("#o-range", "ArrowRight", 1, "0.4"),
        ("#o-range", "ArrowLeft", 3, "0"),
        ("#o-range", "PageUp", 1, "1.3"),
        ("#o-range", "PageDown", 9, "-5"),  # held at the slider's end
        ("#o-number", "ArrowDown", 2, "0.1"),
        ("#o-number", "PageUp", 2, "2.3"),
    ],
)
def test_keys_move_the_output_by_tenths_and_whole_units(
    visit: Visit, control: str, key: str, times: int, o: str
) -> None:
    # from -2 to 1 is 30 presses of an arrow, 3 of Page Up (it was 300 of an arrow)
    visit.open(EXAMPLE)
    visit.press(control, key, times)
    visit.page.wait_for_function(f"() => location.search.includes('o={o}&')")
    assert visit.page.locator("#o-number").input_value() == o
    assert visit.text('output[data-shown="o"]') == number(float(o))


def test_clicking_the_loss_chart_sets_the_output(visit: Visit) -> None:
    visit.open(EXAMPLE)
    visit.click_chart("chart-loss", 1.8, 0.2)
    visit.wait_text("#sentence", "is above t = 1.00")
    o = float(visit.page.locator("#o-number").input_value())
    assert o == pytest.approx(1.8, abs=0.03)  # the grid point under the pointer
    assert visit.text('output[data-shown="o"]') == number(o)
    assert _point(visit, "chart-loss", "point")[0] == o
    visit.page.wait_for_function(f"() => location.search.includes('o={o}')")
    assert re.search(r"[?&]t=1(&|$)", visit.page.evaluate("location.search"))


def test_changing_the_target_asks_the_server(visit: Visit) -> None:
    visit.open(EXAMPLE)
    with visit.page.expect_response(lambda r: "/index.json" in r.url) as answer:
        visit.page.locator("#t-number").fill("2")
    assert answer.value.ok
    visit.wait_text("#sentence", "t = 2.00")
    visit.page.wait_for_function(
        """() => { const gd = document.getElementById('chart-loss');
                   return gd.data.find((t) => t.uid === 'target').x[0] === 2; }"""
    )
    assert visit.page.locator("#t-range").input_value() == "2"
    # the plotted-numbers table follows t: at o = 0, L = ½(2 − 0)² = 2
    assert visit.page.locator("#plotted tbody tr").nth(10).text_content() == "0.002.00−2.00"
    assert visit.text('output[data-shown="gradient"]') == "−1.70"
    visit.page.wait_for_function("() => location.search.includes('t=2')")


def test_typing_a_bad_value_shows_the_servers_message(visit: Visit) -> None:
    visit.open(EXAMPLE)
    error = visit.fill_for_error("#lr-number", "0", "lr")
    assert "learning rate η must be greater than 0" in str(error.text_content())
    visit.page.locator("#lr-number").fill("0.25")
    error.wait_for(state="hidden")


def test_client_number_format_matches_the_server(visit: Visit) -> None:
    visit.open(EXAMPLE)
    values = [0.0, -0.7, 0.245, 1e-7, 1.5e-7, 2e6, 0.1 + 0.2, -1 / 3, 123456.7890123456, 1e21]
    values += [1204662.4200000002, 2 / 3 * 1e-9, 999.995, 0.000123456789012345]
    shown = visit.page.evaluate("(xs) => xs.map((x) => window.sseFormatNumber(x))", values)
    assert shown == [number(v) for v in values]


def test_page_state_survives_a_reload_from_the_address_bar(visit: Visit) -> None:
    visit.open(EXAMPLE)
    visit.press("#o-range", "Shift+ArrowLeft")
    visit.wait_text("#sentence", "o = 0.29")
    visit.page.wait_for_function("() => location.search.includes('o=0.29')")
    visit.page.reload()
    visit.wait_drawn()
    assert visit.page.locator("#o-number").input_value() == "0.29"
    assert visit.text('output[data-shown="gradient"]') == "−0.71"


def test_without_javascript_the_page_reads_and_the_form_works(no_js: Visit) -> None:
    no_js.goto(EXAMPLE)
    assert "dL/do = −0.70 is negative" in no_js.text("#sentence")
    assert no_js.text('output[data-shown="next_output"]') == "0.65"
    assert not no_js.page.locator("#o-range").is_visible()
    no_js.submit("#o-number", "2")
    assert "o=2" in no_js.page.url
    assert "is positive" in no_js.text("#sentence")
    no_js.shot("single-no-js")


def test_the_half_toggle_doubles_the_gradient(visit: Visit) -> None:
    visit.open(EXAMPLE)
    assert "twice as far" in visit.text("#half-note")
    assert "would move o to 1.00" in visit.text("#half-note")
    visit.page.get_by_label("without: L = (t − o)², dL/do = 2(o − t)").check()
    visit.wait_text('output[data-shown="gradient"]', "−1.40")
    assert visit.text('output[data-shown="loss"]') == "0.49"
    assert visit.text('output[data-shown="next_output"]') == "1.00"
    assert visit.text('[data-label="gradient"]') == "gradient dL/do = 2(o − t)"
    assert "2" in visit.text("#formula-gradient")
    visit.page.wait_for_function("() => location.search.includes('half=0')")
    # the slider still answers from the new arrays without asking the server
    visit.press("#o-range", "Shift+ArrowRight")
    visit.wait_text("#sentence", "o = 0.31")
    assert visit.text('output[data-shown="gradient"]') == "−1.38"
    visit.wait_text("#half-note", "half as far")
    visit.shot("single-without-half")


def test_api_docs_work_offline(visit: Visit) -> None:
    visit.goto("/docs")
    visit.page.wait_for_selector(".swagger-ui .opblock", timeout=15_000)
    assert visit.page.locator(".opblock-summary-path").count() >= 3
