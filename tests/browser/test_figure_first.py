"""Figure first on / (issue 14): cause and effect on one screen, the point dragged on the chart,
words on the chart instead of a legend, the step taken, and every mark legible in both themes.
Each claim is measured: bounding boxes, the drawn SVG's colours, the charts' axis ranges."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from app.formatting import number
from tests.browser.conftest import Visit, _open

pytestmark = pytest.mark.browser

EXAMPLE = "/?t=1&o=0.3&lr=0.5"
SIZES = {"desktop": (1280, 800), "phone": (390, 844)}


@pytest.fixture(params=[(size, theme) for size in SIZES for theme in ("light", "dark")])
def screen(request: Any, browser: Any, live_server: str) -> Iterator[Visit]:
    """/ at 1280×800 or 390×844 (touch), light or dark."""
    size, theme = request.param
    width, height = SIZES[size]
    phone = size == "phone"
    visit = _open(
        browser,
        live_server,
        viewport={"width": width, "height": height},
        color_scheme=theme,
        has_touch=phone,
        is_mobile=phone,
    )
    yield from visit


def _is_phone(visit: Visit) -> bool:
    return bool(visit.page.viewport_size["width"] < 600)


def _in_view(visit: Visit, selector: str) -> bool:
    box = visit.page.locator(selector).bounding_box()
    size = visit.page.viewport_size
    assert box is not None, selector
    return bool(
        box["y"] >= 0
        and box["y"] + box["height"] <= size["height"]
        and box["x"] >= 0
        and box["x"] + box["width"] <= size["width"]
    )


# pixel place of data (x, y) on a chart, in the page's coordinates
PIXEL = """([id, x, y]) => {
  const gd = document.getElementById(id);
  const box = gd.querySelector('.nsewdrag').getBoundingClientRect();
  return [box.left + gd._fullLayout.xaxis.l2p(x), box.top + gd._fullLayout.yaxis.l2p(y)];
}"""

RANGES = """() => ['chart-loss', 'chart-gradient'].map((id) => {
  const l = document.getElementById(id)._fullLayout;
  return [l.xaxis.range.slice(), l.yaxis.range.slice()];
})"""


def test_cause_and_effect_on_one_screen(screen: Visit) -> None:
    screen.open(EXAMPLE)
    if not _is_phone(screen):
        # on load: both charts, the output's slider and the sentence, nothing scrolled
        for selector in ("#chart-loss", "#chart-gradient", "#o-range", "#o-number", "#sentence"):
            assert _in_view(screen, selector), selector
        return
    # a phone: the learner scrolls to the output's slider and uses it; the loss chart and the
    # sentence are in view with it, and the chart sticks to the top as the page scrolls on
    screen.page.locator("#o-range").evaluate("(el) => el.scrollIntoView({block: 'center'})")
    screen.press("#o-range", "PageUp")
    screen.wait_text("#sentence", "o = 1.30")
    for selector in ("#chart-loss", "#o-range", "#sentence"):
        assert _in_view(screen, selector), selector
    screen.page.evaluate("window.scrollBy(0, 250)")
    box = screen.page.locator("#chart-loss").bounding_box()
    assert box is not None and box["y"] == pytest.approx(0, abs=1)


# every lesson page: its main chart, the control that moves it and the sentence that explains
# it (and what the control changes). The control is used as a learner would (a key on a
# slider, typing in a list box, the descent run's Step button).
LESSON_PAGES = {
    "/samples": ("#chart-terms", "#o-text", "fill", "2, 1.5, 4, 6", "#sentence", "#sentence"),
    "/batches": (
        "#chart-means",
        "#batch_size-range",
        "press",
        "ArrowRight",
        "#sentence",
        "#sentence",
    ),
    "/weights": ("#chart-contour", "#w-range", "press", "PageUp", "#sentence", "#sentence"),
    "/losses": ("#chart-loss", "#o-range", "press", "PageUp", "#sentence", "#sentence"),
    "/descent": ("#chart-path", "#step", "press", "Enter", "#status", "#numbers-title"),
}


@pytest.mark.parametrize("path", LESSON_PAGES)
def test_every_lesson_page_puts_chart_control_and_sentence_on_one_screen(
    screen: Visit, path: str
) -> None:
    chart, control, how, what, sentence, changed = LESSON_PAGES[path]
    screen.open(path)
    if not _is_phone(screen):
        for selector in (chart, control, sentence):
            assert _in_view(screen, selector), (path, selector)
    else:
        screen.page.locator(control).evaluate("(el) => el.scrollIntoView({block: 'center'})")
    before = screen.text(changed)
    if how == "press":
        screen.press(control, what)
    else:
        screen.page.locator(control).fill(what)
    screen.page.wait_for_function(
        "([sel, before]) => document.querySelector(sel).textContent !== before",
        arg=[changed, before],
    )
    if not _in_view(screen, sentence):  # /descent on a phone: the run's sentence is under
        # the controls; scrolled to, the sticky chart and the Step button stay in view above it
        screen.page.locator(sentence).evaluate("(el) => el.scrollIntoView({block: 'center'})")
    for selector in (chart, control, sentence):
        assert _in_view(screen, selector), (path, selector)
    if _is_phone(screen):
        # the chart stays at the top as the page scrolls on, with no legend to cover it
        screen.page.evaluate("window.scrollBy(0, 250)")
        stuck = screen.page.locator(".layout-figure .charts").bounding_box()  # with /descent's
        assert stuck is not None and stuck["y"] == pytest.approx(0, abs=1), path  # run controls
        assert _in_view(screen, chart), path
        assert screen.page.locator(f"{chart} .legend .traces").count() == 0


def test_no_legend_entries_on_a_phone_and_at_most_three_on_a_desktop(screen: Visit) -> None:
    screen.open(EXAMPLE)
    screen.page.locator("#compare-half").check()  # the busiest the chart gets
    screen.page.wait_for_function(
        "() => document.querySelector('#chart-loss .scatterlayer').children.length >= 9"
    )
    entries = screen.page.locator("#chart-loss .legend .traces, #chart-gradient .legend .traces")
    visible = [i for i in range(entries.count()) if entries.nth(i).is_visible()]
    assert len(visible) <= (0 if _is_phone(screen) else 3)
    # what a legend said is written on the chart
    notes = screen.page.locator("#chart-loss .annotation-text").all_text_contents()
    assert "slope −0.70 (negative)" in notes and "step +0.35 →" in notes
    assert any("without the ½" in note for note in notes)


def _drag(visit: Visit, chart: str, start: tuple[float, float], to_x: float) -> None:
    """Press on the chart at data point `start` and drag along x to data x `to_x`: with the
    mouse on a desktop, with a finger (Chrome's touch events) on a phone."""
    x0, y0 = visit.page.evaluate(PIXEL, [chart, *start])
    x1, _ = visit.page.evaluate(PIXEL, [chart, to_x, start[1]])
    steps = [x0 + (x1 - x0) * k / 12 for k in range(1, 13)]
    if not _is_phone(visit):
        visit.page.mouse.move(x0, y0)
        visit.page.mouse.down()
        for x in steps:
            visit.page.mouse.move(x, y0)
        visit.page.mouse.up()
        return
    cdp = visit.page.context.new_cdp_session(visit.page)
    touch = "Input.dispatchTouchEvent"
    cdp.send(touch, {"type": "touchStart", "touchPoints": [{"x": x0, "y": y0}]})
    for x in steps:
        cdp.send(touch, {"type": "touchMove", "touchPoints": [{"x": x, "y": y0}]})
    cdp.send(touch, {"type": "touchEnd", "touchPoints": []})


@pytest.mark.parametrize(("chart", "y"), [("chart-loss", 0.245), ("chart-gradient", -0.7)])
def test_dragging_the_point_moves_the_output_and_zooms_nothing(
    screen: Visit, chart: str, y: float
) -> None:
    screen.open(EXAMPLE)
    screen.page.locator(f"#{chart}").scroll_into_view_if_needed()
    before = screen.page.evaluate(RANGES)
    _drag(screen, chart, (0.3, y), 1.6)
    screen.wait_text("#sentence", "is above t = 1.00")
    o = float(screen.page.locator("#o-number").input_value())
    assert o == pytest.approx(1.6, abs=0.03)  # the grid point under the pointer
    screen.page.wait_for_function(f"() => location.search.includes('o={o}&')")
    assert screen.text('output[data-shown="o"]') == number(o)
    assert screen.text('output[data-shown="loss"]') == number(0.5 * (1 - o) ** 2)
    screen.page.wait_for_timeout(800)  # a click Plotly might find in the drag: none comes
    assert float(screen.page.locator("#o-number").input_value()) == o
    # o and where its step lands stayed inside the close view: it is not framed anew
    assert screen.page.evaluate(RANGES) == before
    assert screen.page.locator(".zoombox, .zoomlayer path").count() == 0
    assert not any(
        "zoom" in t.lower() for t in screen.page.locator(".notifier").all_text_contents()
    )


def test_released_beyond_the_view_the_charts_frame_it_anew(visit: Visit) -> None:
    visit.open(EXAMPLE)
    (x_lo, x_hi), _ = visit.page.evaluate(RANGES)[0]
    assert x_hi - x_lo < 5  # close: not the slider's −5 to 5
    visit.press("#o-range", "PageDown", times=3)  # o = −2.7, out of the view on the left
    visit.wait_text("#sentence", "o = −2.70")
    visit.page.wait_for_function(
        """() => ['chart-loss', 'chart-gradient'].every((id) => {
              const r = document.getElementById(id)._fullLayout.xaxis.range;
              return r[0] < -2.7 && 1 < r[1]; })"""
    )
    # the arrow, its head and its words are inside the loss chart's plot area
    plot = visit.page.locator("#chart-loss .nsewdrag").bounding_box()
    for selector in ("#chart-loss .annotation", "#chart-loss .scatterlayer .trace path.point"):
        for box in [b for b in visit.page.locator(selector).all() if b.is_visible()]:
            where = box.bounding_box()
            assert (
                where["y"] >= plot["y"] - 30
                and where["y"] + where["height"] <= plot["y"] + plot["height"] + 2
            )


def test_a_double_click_moves_nothing(visit: Visit) -> None:
    visit.open(EXAMPLE)
    before = visit.page.evaluate(RANGES)
    for at in ((0.3, 0.245), (1.5, 0.6)):  # on the point, and away from it
        x, y = visit.page.evaluate(PIXEL, ["chart-loss", *at])
        visit.page.mouse.dblclick(x, y)
        visit.page.wait_for_timeout(700)
        assert visit.page.locator("#o-number").input_value() == "0.3"
        assert visit.page.evaluate(RANGES) == before
    assert "o=0.3&" in visit.page.evaluate("location.search")


def test_the_step_button_takes_one_descent_step(visit: Visit) -> None:
    visit.open(EXAMPLE)
    visit.page.get_by_role("button", name="Step: o ← o − η·dL/do").click()
    visit.wait_text("#sentence", "o = 0.65 is below")
    assert visit.text('output[data-shown="next_output"]') == "0.825"
    visit.page.wait_for_function("() => location.search.includes('o=0.65&')")
    point = visit.page.evaluate(
        "document.getElementById('chart-loss').data.find((t) => t.uid === 'point').x[0]"
    )
    assert point == 0.65


def test_the_ring_glides_to_where_the_step_lands_unless_motion_is_reduced(
    browser: Any, live_server: str
) -> None:
    for motion, frames_expected in (("no-preference", True), ("reduce", False)):
        for visit in _open(browser, live_server, reduced_motion=motion):
            visit.open(EXAMPLE)
            seen = visit.page.evaluate(
                """async () => {
                    const gd = document.getElementById('chart-loss');
                    const ring = () => gd.data.find((t) => t.uid === 'landing').x[0];
                    const slider = document.getElementById('o-range');
                    slider.value = '-0.5'; slider.dispatchEvent(new Event('input'));
                    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
                    slider.dispatchEvent(new Event('change'));
                    const xs = [];
                    for (let k = 0; k < 45; k++) {
                      await new Promise((r) => requestAnimationFrame(r));
                      xs.push(ring());
                    }
                    return xs;
                }"""
            )
            between = [x for x in seen if -0.5 < x < 0.25]  # o = −0.5 lands on 0.25
            assert bool(between) is frames_expected, (motion, seen)
            assert seen[-1] == 0.25


def test_compare_shows_the_other_convention_only_when_asked(visit: Visit) -> None:
    visit.open(EXAMPLE)
    drawn = """() => document.getElementById('chart-loss').data
        .filter((t) => t.visible !== false).map((t) => t.uid)"""
    assert "other_parabola" not in visit.page.evaluate(drawn)
    visit.page.locator("#compare-half").check()
    visit.page.wait_for_function(f"() => ({drawn})().includes('other_parabola')")
    visit.page.locator("#compare-half").uncheck()
    visit.page.wait_for_function(f"() => !({drawn})().includes('other_parabola')")


def test_compare_is_kept_in_the_url(visit: Visit) -> None:
    visit.open(EXAMPLE)
    visit.page.locator("#compare-half").check()
    visit.page.wait_for_function("() => location.search.includes('compare=1')")
    link = visit.page.evaluate("location.pathname + location.search")
    visit.open(link)  # the link, opened again: the box is on and the other curve drawn
    assert visit.page.locator("#compare-half").is_checked()
    drawn = visit.page.evaluate(
        "document.getElementById('chart-loss').data.find((t) => t.uid === 'other_parabola').visible"
    )
    assert drawn is True
    visit.page.locator("#compare-half").uncheck()
    visit.page.wait_for_function("() => !location.search.includes('compare')")


def test_a_drag_past_the_edge_holds_the_point_in_view_then_frames_anew(visit: Visit) -> None:
    visit.open(EXAMPLE)
    (x_lo, x_hi), _ = visit.page.evaluate(RANGES)[0]
    x0, y0 = visit.page.evaluate(PIXEL, ["chart-loss", 0.3, 0.245])
    plot = visit.page.locator("#chart-loss .nsewdrag").bounding_box()
    visit.page.mouse.move(x0, y0)
    visit.page.mouse.down()
    right = plot["x"] + plot["width"]
    for k in range(1, 13):  # on past the plot's right edge, by 200 px
        visit.page.mouse.move(x0 + (right + 200 - x0) * k / 12, y0)
    visit.page.wait_for_function(
        "(hi) => Number(document.getElementById('o-number').value) >= hi - 0.05", arg=x_hi
    )
    # while held, the point is where the edge is, not beyond the view
    o = float(visit.page.locator("#o-number").input_value())
    assert x_lo <= o <= x_hi
    assert visit.page.evaluate(RANGES)[0][0] == [x_lo, x_hi]
    visit.page.mouse.up()
    # released on the edge: the charts frame it anew, with the point well inside
    visit.page.wait_for_function(
        """(o) => { const r = document.getElementById('chart-loss')._fullLayout.xaxis.range;
                    return o < r[1] - 0.02 * (r[1] - r[0]); }""",
        arg=o,
    )


def test_chart_words_follow_the_page_language(visit: Visit) -> None:
    visit.open(EXAMPLE + "&lang=es")
    notes = visit.page.locator("#chart-loss .annotation-text").all_text_contents()
    assert "pendiente −0,70 (negativa)" in notes and "paso +0,35 →" in notes
    visit.press("#o-range", "ArrowRight")
    visit.wait_text("#chart-loss .infolayer", "pendiente −0,60 (negativa)")


# ---- contrast: each drawn line, marker and hatched region against the page's background

CONTRAST = """(ids) => {
  const rgb = (c) => { const m = (c || '').match(/[\\d.]+/g); return m ? m.map(Number) : null; };
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05); };
  const over = (c, alpha, bg) => c.slice(0, 3).map((v, i) => alpha * v + (1 - alpha) * bg[i]);
  const bg = rgb(getComputedStyle(document.body).backgroundColor);
  const alphaOf = (el, prop) => {
    let a = Number(getComputedStyle(el)[prop] || 1);
    for (let n = el; n && n.tagName !== 'svg'; n = n.parentElement) {
      a *= Number(getComputedStyle(n).opacity || 1);
    }
    return a;
  };
  const paint = (el, prop, value) => {
    const c = rgb(value);
    if (!c || (c.length === 4 && c[3] === 0)) return null;
    const own = alphaOf(el, prop === 'fill' ? 'fillOpacity' : 'strokeOpacity');
    const alpha = own * (c.length === 4 ? c[3] : 1);
    return ratio(over(c, alpha, bg), bg);
  };
  const out = [];
  for (const id of ids) {
    const gd = document.getElementById(id);
    gd.querySelectorAll('.scatterlayer .trace').forEach((g) => {
      const uid = g.__data__[0].trace.uid;
      if (getComputedStyle(g).opacity === '0' || g.style.display === 'none') return;
      g.querySelectorAll('path.js-line').forEach((p) => {
        const line = paint(p, 'stroke', getComputedStyle(p).stroke);
        if (p.getAttribute('d')) out.push([id, uid, 'line', line]);
      });
      g.querySelectorAll('path.point').forEach((p) => {
        const s = getComputedStyle(p);
        const best = Math.max(paint(p, 'fill', s.fill) || 0,
          parseFloat(s.strokeWidth) >= 2 ? paint(p, 'stroke', s.stroke) || 0 : 0);
        out.push([id, uid, 'marker', best]);
      });
      g.querySelectorAll('path.js-fill').forEach((p) => {
        const fill = p.style.fill || getComputedStyle(p).fill;
        const ref = (fill.match(/url\\("?#([^")]+)"?\\)/) || [])[1];
        if (!ref) return;
        const mark = document.getElementById(ref).querySelector('path');
        const s = getComputedStyle(mark);
        const lined = s.stroke !== 'none' && parseFloat(s.strokeWidth) > 0; // "/" hatches
        const hatch = lined ? paint(mark, 'stroke', s.stroke) : paint(mark, 'fill', s.fill);
        out.push([id, uid, 'hatch', hatch]);
      });
    });
    gd.querySelectorAll('.annotation-text').forEach((t) => {
      out.push([id, 'note: ' + t.textContent, 'text', paint(t, 'fill', getComputedStyle(t).fill)]);
    });
  }
  return out;
}"""


def test_every_mark_has_3_to_1_contrast(screen: Visit) -> None:
    screen.open(EXAMPLE)
    screen.page.locator("#compare-half").check()
    screen.page.wait_for_function(
        "() => document.querySelector('#chart-loss .scatterlayer').children.length >= 9"
    )
    marks = screen.page.evaluate(CONTRAST, ["chart-loss", "chart-gradient"])
    kinds = {kind for _, _, kind, _ in marks}
    assert {"line", "marker", "hatch", "text"} <= kinds
    low = [(chart, uid, kind, round(r or 0, 2)) for chart, uid, kind, r in marks if (r or 0) < 3]
    assert low == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_tours_charts_have_3_to_1_contrast_too(
    browser: Any, live_server: str, scheme: str
) -> None:
    # /why draws the same figures; the theme button switches them without a redraw
    for visit in _open(browser, live_server, color_scheme=scheme):
        visit.open("/why")
        ids = visit.page.evaluate(
            "[...document.querySelectorAll('.chart[data-rendered]')].map((d) => d.id)"
        )
        assert len(ids) >= 4
        for switch in (False, True):
            if switch:
                other = "light" if scheme == "dark" else "dark"
                visit.page.evaluate(f"SSE.setTheme('{other}')")
                visit.page.wait_for_timeout(200)
            marks = visit.page.evaluate(CONTRAST, ids)
            low = [(c, uid, kind, round(r or 0, 2)) for c, uid, kind, r in marks if (r or 0) < 3]
            assert marks and low == [], switch


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    "path",
    ["/samples", "/batches", "/weights", "/descent", "/descent?lr=2.5", "/losses", "/losses?o=1"],
)
def test_every_lesson_pages_marks_have_3_to_1_contrast(
    browser: Any, live_server: str, scheme: str, path: str
) -> None:
    """Every line, marker and shaded region of every lesson chart, as drawn, against the page."""
    for visit in _open(browser, live_server, color_scheme=scheme):
        visit.open(path)
        ids = visit.page.evaluate(
            "[...document.querySelectorAll('.chart[data-rendered]')].map((d) => d.id)"
        )
        assert ids
        marks = visit.page.evaluate(CONTRAST, ids)
        low = [(c, uid, kind, round(r or 0, 2)) for c, uid, kind, r in marks if (r or 0) < 3]
        assert marks and low == []


WEIGHTS = "/weights?x=1,2,3&t=2,4,6&w=0.5&b=0&lr=0.05&half=1&mean=0"


def _press_and_move(
    visit: Visit, chart: str, start: tuple[float, float], end: tuple[float, float]
) -> None:
    x0, y0 = visit.page.evaluate(PIXEL, [chart, *start])
    x1, y1 = visit.page.evaluate(PIXEL, [chart, *end])
    visit.page.mouse.move(x0, y0)
    visit.page.mouse.down()
    for k in range(1, 13):
        visit.page.mouse.move(x0 + (x1 - x0) * k / 12, y0 + (y1 - y0) * k / 12)
    visit.page.mouse.up()


def test_the_weights_point_is_dragged_along_l_of_w_and_over_the_contour(
    browser: Any, live_server: str
) -> None:
    """Direct manipulation on /weights: along L(w) the drag moves w; on the (w, b) contour it
    moves both; neither chart zooms (every lesson chart's dragmode is off)."""
    for visit in _open(browser, live_server):
        visit.open(WEIGHTS)
        visit.page.locator("#chart-slice").scroll_into_view_if_needed()
        loss = visit.page.evaluate(
            "() => { const d = document.getElementById('chart-slice').data;"
            " const p = d.find((t) => t.uid === 'point'); return p.y[0]; }"
        )
        _press_and_move(visit, "chart-slice", (0.5, loss), (1.5, loss))
        visit.page.wait_for_function("() => location.search.includes('w=1.5')")
        assert float(visit.page.locator("#w-number").input_value()) == pytest.approx(1.5, abs=0.05)
        assert visit.page.locator(".zoombox, .zoomlayer path").count() == 0
        visit.page.locator("#chart-contour").scroll_into_view_if_needed()
        w = float(visit.page.locator("#w-number").input_value())
        # to a place inside the view (a drag is held to the plot area)
        _press_and_move(visit, "chart-contour", (w, 0.0), (w - 0.25, 0.35))
        visit.page.wait_for_function("() => /[?&]b=0\\.3/.test(location.search)")
        assert float(visit.page.locator("#b-number").input_value()) == pytest.approx(0.35, abs=0.06)
        assert float(visit.page.locator("#w-number").input_value()) == pytest.approx(
            w - 0.25, abs=0.06
        )
        assert visit.page.locator(".zoombox, .zoomlayer path").count() == 0
