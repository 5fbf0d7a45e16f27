"""The Spanish pages in headless Chromium: the keyboard moves the output and the sentence follows
in Spanish with a decimal comma; the language stays in the address bar and the links; the
scripts' own words, the twin's answers and the exercise's verdicts come out in Spanish; nothing
overflows at 320 px; and every page reads in Spanish with JavaScript off."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import Visit, _open

pytestmark = pytest.mark.browser

PAGES = ["/", "/samples", "/batches", "/weights", "/descent", "/losses", "/why", "/exercise"]


@pytest.fixture
def small_dark(browser: Any, live_server: str) -> Iterator[Visit]:
    """The narrowest phone the pages support (320 px), in the dark theme."""
    yield from _open(
        browser,
        live_server,
        viewport={"width": 320, "height": 640},
        color_scheme="dark",
        has_touch=True,
        is_mobile=True,
    )


def test_the_output_slider_moves_the_spanish_sentence(visit: Visit) -> None:
    visit.open("/?t=1&o=0.97&lr=0.5&lang=es")
    assert visit.page.locator("html").get_attribute("lang") == "es"
    sentence = visit.page.locator("#sentence")
    assert "está por debajo de t = 1,00" in str(sentence.text_content())
    slider = visit.page.locator("#o-range")
    slider.focus()
    for _ in range(5):
        slider.press("Shift+ArrowRight")  # one grid step (an arrow alone: 0.1)
    visit.wait_text("#sentence", "o = 1,02")
    assert str(sentence.text_content()) == (
        "o = 1,02 está por encima de t = 1,00, así que dL/do = 0,02 es positivo"
        " y el paso baja o a 1,01."
    )
    assert visit.page.locator("#o-number").input_value() == "1.02"  # the input keeps "."
    assert visit.text('output[data-shown="loss"]') == "0,0002"
    # the spoken text follows the slot within a frame: wait for it whole ("0,02" alone is also
    # inside the "−0,02" of one step earlier)
    visit.page.wait_for_function(
        "(want) => document.querySelectorAll('#formula-gradient math')[1]"
        "?.getAttribute('alttext') === want",
        arg="= 1,02 − 1,00 = 0,02",
        timeout=10_000,
    )
    assert visit.text('#formula-gradient [data-slot="gradient"]') == "0,02"
    # the address bar and the links keep the language
    visit.page.wait_for_function("() => location.search.includes('o=1.02')")
    assert "lang=es" in visit.page.url
    hrefs = visit.page.eval_on_selector_all(
        'nav[aria-label="Lecciones"] a', "links => links.map((a) => a.getAttribute('href'))"
    )
    assert hrefs and all(href.endswith("lang=es") for href in hrefs)
    english = visit.page.locator('.lang-switch a[hreflang="en"]').get_attribute("href")
    assert english is not None and "o=1.02" in english and english.endswith("lang=en")
    # the scripts' own words, and the charts' tick and hover numbers, are Spanish too
    toggle = visit.page.locator("#theme-toggle")
    assert toggle.text_content() == "Tema: automático"
    toggle.click()
    assert toggle.text_content() == "Tema: claro"
    separators = visit.page.evaluate(
        "() => document.getElementById('chart-loss').layout.separators"
    )
    assert separators.startswith(",")
    ticks = visit.page.locator(
        "#chart-loss .xtick text, #chart-loss .ytick text"
    ).all_text_contents()
    assert ticks and not any("." in tick for tick in ticks)
    visit.shot("language-es-desktop")


def test_the_twin_and_the_exercise_answer_in_spanish(visit: Visit) -> None:
    visit.open("/samples?t=1,2&o=2,2&lang=es")
    visit.page.locator("#add-row").click()
    visit.wait_text("#sentence", "Con n = 3 muestras")
    assert "SSE = " in visit.text("#sentence") and "," in visit.text("#sentence")
    assert visit.page.locator("#rows tbody tr").nth(2).locator("button").text_content() == "Quitar"
    visit.goto("/exercise?lang=es&seed=3")
    visit.page.wait_for_selector("[data-exercise][data-ready='1']")
    visit.page.locator('[data-ex="check"]').click()
    visit.wait_text('[data-ex="verdict"]', "Primero elige una respuesta")
    visit.page.locator('[data-option="sign-positive"]').click()
    visit.page.locator('[data-option="move-increase"]').click()
    visit.page.locator('[data-ex="check"]').click()
    visit.page.wait_for_function(
        "() => /sube|baja/.test(document.querySelector('[data-ex=\"explanation\"]').textContent)"
    )
    assert re.search(r"\d,\d", visit.text('[data-ex="explanation"]'))
    assert visit.page.locator('[data-ex="next"]').get_attribute("href").endswith("lang=es")  # type: ignore[union-attr]


def test_spanish_pages_fit_a_320px_phone_in_the_dark(small_dark: Visit) -> None:
    for path in PAGES:
        small_dark.open(path + "?lang=es")
        width = small_dark.page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 320, path
        if path in ("/", "/losses"):
            small_dark.shot("language-es-" + (path.strip("/") or "single") + "-phone-dark")


def test_every_page_reads_in_spanish_without_javascript(no_js: Visit) -> None:
    for path in PAGES:
        no_js.goto(path + "?lang=es")
        assert no_js.page.locator("html").get_attribute("lang") == "es"
        assert no_js.text(".lang-switch [aria-current]") == "Español"
        assert no_js.page.locator("h1").text_content() not in ("", None)
        if path != "/why":
            form = "#controls" if path != "/exercise" else 'form[data-ex="form"]'
            value = no_js.page.locator(f'{form} input[name="lang"]').get_attribute("value")
            assert value == "es", path
    # the GET form keeps the language
    no_js.goto("/?lang=es")
    no_js.submit("#o-number", "2")
    assert "lang=es" in no_js.page.url
    assert "o = 2,00 está por encima de t = 1,00" in no_js.text("#sentence")
    no_js.shot("language-es-no-js")


def test_pasted_lines_take_decimal_commas_in_spanish(visit: Visit) -> None:
    visit.open("/samples?t=1,2&o=2,2&lang=es")
    visit.page.locator("#paste").fill("2,5; 1\n1,5 3\n0,5, 1\n1,5,2,5\n")
    visit.page.locator("#use-paste").click()
    visit.wait_text('output[data-shown="n"]', "4")
    inputs = visit.page.locator("#rows tbody input")
    values = [inputs.nth(k).input_value() for k in range(inputs.count())]
    assert values == ["2.5", "1", "1.5", "3", "0.5", "1", "1.5", "2.5"]
    assert visit.page.locator("#paste-error").is_hidden()
    visit.page.wait_for_function("() => location.search.includes('t=2.5%2C1.5%2C0.5%2C1.5')")
