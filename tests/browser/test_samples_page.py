"""The n-samples page in headless Chromium: row editing by keyboard and mouse, random rows,
duplicating the data, the ½ toggle, bad input, phone, dark and no-JS."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import Visit, _open

pytestmark = pytest.mark.browser

EXAMPLE = "/samples?t=1,2,3&o=2,2,2"


def _shown(visit: Visit, key: str) -> str:
    return visit.text(f'output[data-shown="{key}"]')


def test_page_draws_and_shows_the_example(visit: Visit) -> None:
    visit.open(EXAMPLE)
    assert _shown(visit, "sse") == "1.00"
    assert _shown(visit, "mse") == "≈0.333333333333"
    for chart in ("chart-terms", "chart-gradient"):
        assert visit.page.locator(f"#{chart} .barlayer .trace").count() >= 1
    assert visit.page.locator("#rows tbody input").count() == 6
    signs = visit.page.locator("#rows tbody td.sign").all_text_contents()
    assert signs == ["+1.00", "≈+0.333333333333", "0.00", "0.00", "−1.00", "≈−0.333333333333"]
    visit.shot("samples-desktop-light")


def test_arrow_keys_on_a_row_change_the_totals(visit: Visit) -> None:
    visit.open(EXAMPLE)
    visit.press("#o-0", "ArrowDown")  # o_1: 2 → 1.9
    visit.wait_text('output[data-shown="sse"]', "0.905")
    assert _shown(visit, "mse") == "≈0.301666666667"
    assert visit.text("#rows tbody tr:first-child td:nth-child(4)") == "0.405"
    assert visit.text("#rows tbody tr:first-child td:nth-child(5)") == "+0.90"
    visit.page.wait_for_function("() => location.search.includes('o=1.9')")
    assert visit.page.locator("#o-text").input_value() == "1.9, 2, 2"


def test_mouse_adds_removes_and_duplicates_rows(visit: Visit) -> None:
    visit.open(EXAMPLE)
    visit.page.locator("#add-row").click()
    visit.wait_text('output[data-shown="n"]', "4")
    assert _shown(visit, "mse") == "0.25"
    assert visit.page.locator("#rows tbody tr").count() == 4
    visit.page.get_by_role("button", name="Remove sample 4").click()
    visit.wait_text('output[data-shown="n"]', "3")
    visit.page.locator("#duplicate").click()
    visit.wait_text('output[data-shown="n"]', "6")
    assert _shown(visit, "sse") == "2.00"
    assert _shown(visit, "mse") == "≈0.333333333333"
    assert visit.text('#numbers td[data-shown="sse2"]') == "4.00"
    assert visit.text('#numbers td[data-shown="mse2"]') == "≈0.333333333333"
    visit.page.wait_for_function("() => location.search.includes('t=1%2C2%2C3%2C1%2C2%2C3&')")


def test_random_rows_come_back_from_the_url(visit: Visit) -> None:
    visit.open(EXAMPLE)
    visit.page.locator("#seed-number").fill("5")
    visit.page.locator("#n-number").fill("4")
    visit.page.locator("#random-button").click()
    visit.wait_text('output[data-shown="n"]', "4")
    visit.page.wait_for_function("() => location.search.includes('seed=5')")
    sse = _shown(visit, "sse")
    assert visit.page.locator("#seed-number").input_value() == "6"
    visit.page.reload()
    visit.wait_drawn()
    assert _shown(visit, "sse") == sse
    assert "default_rng(5)" in visit.text("#source")


def test_paste_lines_and_the_half_toggle(visit: Visit) -> None:
    visit.open(EXAMPLE)
    visit.page.locator("#paste").fill("1, 2\n3, 2\n")
    visit.page.locator("#use-paste").click()
    visit.wait_text('output[data-shown="n"]', "2")
    assert _shown(visit, "sse") == "1.00"
    visit.page.get_by_label("without: L = (t − o)², dL/do = 2(o − t)").check()
    visit.wait_text('output[data-shown="sse"]', "2.00")
    assert _shown(visit, "mse") == "1.00"
    assert visit.text('[data-label="grad_sse"]') == "dSSE/do_i = 2(o_i − t_i)"
    visit.page.wait_for_function("() => location.search.includes('half=0')")


def test_bad_input_shows_the_message_and_keeps_the_page(visit: Visit) -> None:
    visit.open(EXAMPLE)
    error = visit.fill_for_error("#o-text", "2, 2", "o")
    assert "has 2 values but target t has 3" in str(error.text_content())
    assert _shown(visit, "sse") == "1.00"
    visit.page.locator("#o-text").fill("2, 2, 2")
    error.wait_for(state="hidden")


def test_without_javascript_the_form_works(no_js: Visit) -> None:
    no_js.goto(EXAMPLE)
    assert no_js.text('output[data-shown="sse"]') == "1.00"
    no_js.submit("#o-text", "2, 2, 4", "#controls button.update")
    assert no_js.text('output[data-shown="sse"]') == "1.00"  # ½(1 + 0 + 1)
    assert no_js.text('output[data-shown="gsum"]') == "+2.00"
    with no_js.page.expect_navigation():
        no_js.page.locator("#duplicate").click()
    assert no_js.text('output[data-shown="n"]') == "6"
    no_js.shot("samples-no-js")


def test_the_script_writes_the_rows_past_the_server_table(visit: Visit, no_js: Visit) -> None:
    """The server writes the first TABLE_ROWS rows; the script writes every row, and without it
    the note links to all of them as JSON."""
    from app.pages.samples import TABLE_ROWS

    n = TABLE_ROWS + 15
    no_js.goto(f"/samples?seed=4&n={n}")
    assert no_js.page.locator("#rows tbody tr").count() == TABLE_ROWS
    assert no_js.page.locator("#rows-note").is_visible()
    visit.open(f"/samples?seed=4&n={n}")
    assert visit.page.locator("#rows tbody tr").count() == n
    assert visit.page.locator(f"#t-{n - 1}").input_value() != ""
    assert not visit.page.locator("#rows-note").is_visible()


PHONE = {"width": 390, "height": 844}

# every table cell whose text is cut, and every table wider than its box that does not sit in a
# labelled scroll box showing it scrolls (a shadow at the edge with more to see)
CUT_TABLES = """() => {
  const problems = [];
  for (const table of document.querySelectorAll("main table")) {
    if (!table.offsetParent) continue;  // hidden
    for (const cell of table.querySelectorAll("th, td")) {
      if (cell.offsetParent && cell.scrollWidth > cell.clientWidth + 1) {
        problems.push("cut: " + table.id + " " + cell.textContent.trim());
      }
    }
    const box = table.closest(".table-scroll");
    const width = table.getBoundingClientRect().width;
    if (!box) {
      if (width > table.parentElement.clientWidth + 1) problems.push("overflows: " + table.id);
      continue;
    }
    if (box.scrollWidth <= box.clientWidth + 1) continue;
    const style = getComputedStyle(box);
    if (style.overflowX !== "auto" || !box.getAttribute("aria-label")) {
      problems.push("no scroll box: " + table.id);
    }
    if (!style.backgroundImage.includes("radial-gradient")) {
      problems.push("no scroll hint: " + table.id);
    }
  }
  return problems;
}"""


def phone_visit(browser: Any, live_server: str) -> Iterator[Visit]:
    """A 390×844 phone page (the size the issue measured)."""
    yield from _open(browser, live_server, viewport=PHONE, has_touch=True, is_mobile=True)


@pytest.fixture
def phone390(browser: Any, live_server: str) -> Iterator[Visit]:
    yield from phone_visit(browser, live_server)


def test_the_default_data_shows_the_sum_growing_with_the_copies(visit: Visit) -> None:
    visit.open("/samples")
    assert _shown(visit, "gsum") == "+2.50"
    assert visit.text('#numbers td[data-shown="gsum2"]') == "+5.00"
    copies = visit.page.evaluate(
        """() => Object.fromEntries(document.getElementById('chart-copies').data
             .map((trace) => [trace.uid, trace.y]))"""
    )
    assert copies == {"sse": [2.5, 5.0, 7.5, 10.0, 12.5], "mse": [0.625] * 5}


@pytest.mark.parametrize(
    "path", ["/samples", "/samples?seed=3&n=40", "/batches", "/losses?loss=cross_entropy&t=0.3"]
)
def test_no_table_cuts_its_numbers_on_a_phone(phone390: Visit, path: str) -> None:
    phone390.open(path)
    assert phone390.page.evaluate(CUT_TABLES) == []
    assert phone390.scroll_width() <= PHONE["width"]
