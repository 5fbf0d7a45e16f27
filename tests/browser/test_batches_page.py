"""The mini-batch page in headless Chromium: B by keyboard and mouse, the seed, the check."""

from __future__ import annotations

import pytest

from tests.browser.conftest import Visit

pytestmark = pytest.mark.browser

EXAMPLE = "/batches?batch_size=3&seed=7"


def _shown(visit: Visit, key: str) -> str:
    return visit.text(f'output[data-shown="{key}"]')


def _batch_count(visit: Visit) -> int:
    return int(visit.page.evaluate("document.getElementById('chart-means').data[0].x.length"))


def test_page_draws_and_the_epoch_check_holds(visit: Visit) -> None:
    visit.open(EXAMPLE)
    assert _shown(visit, "count") == "4"
    assert _shown(visit, "full") == "+0.10"
    assert _shown(visit, "average") == "+0.10"
    assert visit.page.locator("#check").get_attribute("data-ok") == "1"
    assert visit.page.locator("#batches tbody tr").count() == 4
    assert _batch_count(visit) == 4
    visit.shot("batches-desktop-light")


def test_arrow_keys_on_the_batch_size_slider(visit: Visit) -> None:
    visit.open(EXAMPLE)
    slider = visit.press("#batch_size-range", "ArrowRight")  # B = 4: batches of 4, 4, 2
    visit.wait_text('output[data-shown="count"]', "3")
    assert _shown(visit, "B") == "4"
    assert visit.page.locator("#batch_size-number").input_value() == "4"
    assert visit.page.locator("#batches tbody tr:last-child td:nth-child(3)").text_content() == "2"
    assert _shown(visit, "average") == _shown(visit, "full")
    visit.page.wait_for_function("() => location.search.includes('batch_size=4')")
    assert _batch_count(visit) == 3
    slider.press("End")  # B = n: one batch, no spread
    visit.wait_text('output[data-shown="count"]', "1")
    assert _shown(visit, "std") == "0.00"


def test_mouse_next_seed_and_spread_chart_click(visit: Visit) -> None:
    visit.open(EXAMPLE)
    before = visit.page.locator("#batches tbody").text_content()
    visit.page.locator("#next-seed").click()
    visit.page.wait_for_function("() => location.search.includes('seed=8')")
    visit.wait_text("#sentence", "Seed 8")
    assert visit.page.locator("#batches tbody").text_content() != before
    assert _shown(visit, "average") == _shown(visit, "full")
    spread_at_5 = visit.page.evaluate(
        "document.getElementById('chart-spread').data.find((t) => t.uid === 'spread').y[4]"
    )
    visit.click_chart("chart-spread", 5, spread_at_5)
    visit.wait_text('output[data-shown="B"]', "5")
    assert _shown(visit, "count") == "2"
    visit.page.reload()
    visit.wait_drawn()
    assert _shown(visit, "B") == "5"
    assert "Seed 8" in visit.text("#sentence")


def test_bad_batch_size_shows_the_message(visit: Visit) -> None:
    visit.open(EXAMPLE)
    error = visit.fill_for_error("#batch_size-number", "11", "batch_size")
    assert "only n = 10 rows" in str(error.text_content())
    assert _shown(visit, "count") == "4"


def test_without_javascript_the_form_works(no_js: Visit) -> None:
    no_js.goto(EXAMPLE)
    assert no_js.text('output[data-shown="count"]') == "4"
    no_js.submit("#batch_size-number", "5")
    assert no_js.text('output[data-shown="count"]') == "2"
    no_js.shot("batches-no-js")
