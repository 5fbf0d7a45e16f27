"""The fast update path (SSE.move sets the moved traces' SVG directly): after many movements the
screen, gd.data, the page's numbers and the address bar agree, and what is drawn is what Plotly
itself draws for gd.data (a full redraw changes nothing), also after a zoom, a theme change and
an image export. Also: the address bar is written at most every 200 ms while a slider moves."""

from __future__ import annotations

import re
from typing import Any

import pytest

from app.formatting import number
from tests.browser.conftest import Visit

pytestmark = pytest.mark.browser

EXAMPLE = "/?t=1&o=0.3&lr=0.5"

# the drawn state of each scatter trace: its line paths, and each marker's place and shape
DRAWN = """(id) => {
  const gd = document.getElementById(id);
  const out = {};
  gd.querySelectorAll(".scatterlayer > g.trace").forEach((g) => {
    out[g.__data__[0].trace.uid] = {
      lines: Array.from(g.querySelectorAll("g.lines > path.js-line"), (p) => p.getAttribute("d")),
      points: Array.from(g.querySelectorAll("g.points > path.point"), (p) => [
        p.getAttribute("transform") || "",
        p.getAttribute("d") || "",
        p.getAttribute("display") || "",
      ]),
    };
  });
  return out;
}"""

# a full redraw from a copy of gd.data and gd.layout (new arrays: Plotly recomputes everything)
REDRAW = """async (id) => {
  const gd = document.getElementById(id);
  const fig = JSON.parse(JSON.stringify({ data: gd.data, layout: gd.layout }));
  await Plotly.react(gd, fig.data, fig.layout);
}"""

# n input events on a slider, one per frame, through values that cross the target
SLIDE = """async ([id, values]) => {
  const range = document.getElementById(id);
  const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  for (const value of values) {
    range.value = String(value);
    range.dispatchEvent(new Event("input", { bubbles: true }));
    await frame();
  }
  await frame();
}"""

# the current point glides to its place (a 160 ms Plotly transition): wait until it is there
SETTLED = """(ids) => ids.every((id) => {
  const gd = document.getElementById(id);
  const drawn = gd.data.filter((t) => t.visible !== false); // hidden traces draw no group
  const i = drawn.findIndex((t) => t.uid === "point");
  const g = gd.querySelectorAll(".scatterlayer > g.trace")[i];
  const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
  const want = [xa.c2p(drawn[i].x[0]), ya.c2p(drawn[i].y[0])];
  const have = (g.querySelector("path.point").getAttribute("transform") || "")
    .match(/-?[\\d.]+/g).map(Number);
  return Math.abs(have[0] - want[0]) < 0.02 && Math.abs(have[1] - want[1]) < 0.02;
})"""

MOVES = "(id) => Object.assign({ svg: 0, plotly: 0 }, document.getElementById(id)._sseMoves)"


def _numbers(text: str) -> list[float]:
    return [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", text)]


def _same_drawing(before: dict[str, Any], after: dict[str, Any]) -> None:
    """Equal up to number formatting (a transition writes 291.3800048828125 for 291.38)."""
    assert before.keys() == after.keys()
    for uid in before:
        a, b = before[uid], after[uid]
        assert len(a["lines"]) == len(b["lines"]), uid
        assert len(a["points"]) == len(b["points"]), uid
        for da, db in zip(a["lines"], b["lines"], strict=True):
            assert re.sub(r"[-\d.e]+", "#", da) == re.sub(r"[-\d.e]+", "#", db), uid
            assert _numbers(da) == pytest.approx(_numbers(db), abs=0.02), uid
        for pa, pb in zip(a["points"], b["points"], strict=True):
            assert _numbers(pa[0]) == pytest.approx(_numbers(pb[0]), abs=0.02), uid
            assert _numbers(pa[1]) == pytest.approx(_numbers(pb[1]), abs=0.02), uid
            assert pa[2] == pb[2], uid  # hidden outside the axes, or not


def _drawn(visit: Visit, chart: str) -> dict[str, Any]:
    return dict(visit.page.evaluate(DRAWN, chart))


def _check_against_redraw(visit: Visit, chart: str) -> None:
    before = _drawn(visit, chart)
    visit.page.evaluate(REDRAW, chart)
    _same_drawing(before, _drawn(visit, chart))


def _trace(visit: Visit, chart: str, uid: str) -> dict[str, Any]:
    return dict(
        visit.page.evaluate(
            """([chart, uid]) => {
                const gd = document.getElementById(chart);
                const i = gd.data.findIndex((t) => t.uid === uid);
                const cd = gd.calcdata[i];
                return { x: gd.data[i].x, y: gd.data[i].y, full: gd._fullData[i].x,
                         cx: cd.map((d) => d.x), cy: cd.map((d) => d.y) };
            }""",
            [chart, uid],
        )
    )


def _screen_point(visit: Visit, chart: str, uid: str) -> list[float]:
    """Where the trace's first marker is on screen, and where its data says it should be."""
    return list(
        visit.page.evaluate(
            """([chart, uid]) => {
                const gd = document.getElementById(chart);
                const g = Array.from(gd.querySelectorAll(".scatterlayer > g.trace"))
                  .find((g) => g.__data__[0].trace.uid === uid);
                const box = g.querySelector("path.point").getBoundingClientRect();
                const svg = gd.querySelector("svg.main-svg").getBoundingClientRect();
                const trace = gd.data.find((t) => t.uid === uid);
                const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
                return [box.x + box.width / 2 - svg.x, box.y + box.height / 2 - svg.y,
                        xa._offset + xa.c2p(trace.x[0]), ya._offset + ya.c2p(trace.y[0])];
            }""",
            [chart, uid],
        )
    )


def test_output_slider_moves_in_place_and_stays_what_plotly_would_draw(visit: Visit) -> None:
    visit.open(EXAMPLE)
    visit.wait_lookup()
    # 40 positions across the view, crossing t = 1 both ways (the step arrow turns round)
    values = [round(-4 + ((i * 37) % 80) * 0.1, 2) for i in range(40)] + [2.5, 0.5, 2.37]
    visit.page.evaluate(SLIDE, ["o-range", values])
    loss_moves = visit.page.evaluate(MOVES, "chart-loss")
    gradient_moves = visit.page.evaluate(MOVES, "chart-gradient")
    # nearly every movement took the fast path (Plotly draws an arrow the first time it turns)
    assert loss_moves["svg"] >= len(values) - 3 and loss_moves["plotly"] <= 3
    assert gradient_moves == {"svg": len(values), "plotly": 0}
    # released beyond the close view (it was framed at o = 0.3): the charts frame o anew
    visit.page.evaluate("document.getElementById('o-range').dispatchEvent(new Event('change'))")
    visit.page.wait_for_function(
        """() => ['chart-loss', 'chart-gradient'].every((id) => {
              const r = document.getElementById(id)._fullLayout.xaxis.range;
              return r[0] < 2.37 - 0.685 && 2.37 < r[1]; })"""
    )
    # and the ring has glided to where the step lands
    visit.page.wait_for_function(
        """() => document.getElementById('chart-loss').data
              .find((t) => t.uid === 'landing').x[0] === 2.37 - 0.5 * (2.37 - 1)"""
    )
    # the numbers, the address bar and the charts' data agree on o = 2.37
    visit.wait_text("#sentence", "o = 2.37")
    loss = visit.text('output[data-shown="loss"]')
    assert loss == number(0.5 * (1 - 2.37) ** 2)
    visit.page.wait_for_function("() => location.search.includes('o=2.37')")
    point = _trace(visit, "chart-loss", "point")
    assert point["x"] == point["full"] == point["cx"] == [2.37]
    assert point["y"] == point["cy"] == [pytest.approx(0.5 * 1.37**2)]
    step = _trace(visit, "chart-loss", "step")
    assert step["x"][0] == 2.37 and step["x"][1] == pytest.approx(2.37 - 0.5 * 1.37)
    gpoint = _trace(visit, "chart-gradient", "gpoint")
    assert gpoint["x"] == gpoint["cx"] == [2.37] and gpoint["y"] == [pytest.approx(1.37)]
    # on screen where the axes put that data
    for chart, uid in (("chart-loss", "point"), ("chart-gradient", "gpoint")):
        x, y, want_x, want_y = _screen_point(visit, chart, uid)
        assert (x, y) == (pytest.approx(want_x, abs=0.5), pytest.approx(want_y, abs=0.5))
    # hover reads Plotly's calcdata: it names the moved point's numbers
    x, y, _, _ = _screen_point(visit, "chart-gradient", "gpoint")
    svg = visit.page.locator("#chart-gradient svg.main-svg").first.bounding_box()
    assert svg is not None
    visit.page.mouse.move(svg["x"] + x, svg["y"] + y)
    visit.wait_text("#chart-gradient .hoverlayer", "o = 2.37")
    assert "dL/do = 1.37" in visit.text("#chart-gradient .hoverlayer")
    visit.page.mouse.move(0, 0)
    # and exactly what Plotly draws for gd.data
    _check_against_redraw(visit, "chart-loss")
    _check_against_redraw(visit, "chart-gradient")


def _held_lookup(visit: Visit, path: str) -> list[Any]:
    """Open `path` with its lookup twin's request held (each kept until the test continues it)."""
    held: list[Any] = []

    def hold(route: Any) -> None:
        held.append(route)

    visit.page.route("**/*.lookup.json?*", hold)
    with visit.page.expect_request("**/*.lookup.json?*"):
        visit.open(path)
    visit.page.unroute("**/*.lookup.json?*", hold)
    assert len(held) == 1 and visit.page.evaluate("document.body.dataset.lookup") is None
    return held


def test_a_move_before_the_lookup_arrives_asks_the_twin_then_moves_in_place(visit: Visit) -> None:
    """The slider's arrays come from the lookup twin after the page: moves before they arrive
    take the slower path (the JSON twin, then a redraw) and end on the right numbers; once
    arrays are in, the output slider moves the charts in place and asks nothing."""
    twins: list[str] = []
    visit.page.on("request", lambda r: twins.append(r.url) if "/index.json?" in r.url else None)
    held = _held_lookup(visit, EXAMPLE)
    visit.page.evaluate(SLIDE, ["o-range", [1.5, 2.0, -0.7]])
    visit.wait_text("#sentence", f"o = {number(-0.7)} ")
    visit.page.wait_for_function(
        "() => document.getElementById('chart-loss').data.find((t) => t.uid === 'point').x[0]"
        " === -0.7"
    )
    assert twins and "o=-0.7&" in twins[-1]
    assert visit.text('output[data-shown="loss"]') == number(0.5 * 1.7**2)
    # the twin's answer brought arrays of its own; the held ones (of o = 0.3) arrive too late
    held[0].continue_()
    visit.wait_lookup()
    asked = len(twins)
    before = visit.page.evaluate(MOVES, "chart-gradient")
    visit.page.evaluate(SLIDE, ["o-range", [-0.5, 0.1, 0.6]])
    after = visit.page.evaluate(MOVES, "chart-gradient")
    assert (after["svg"] - before["svg"], after["plotly"] - before["plotly"]) == (3, 0)
    visit.wait_text("#sentence", f"o = {number(0.6)} ")
    assert visit.text('output[data-shown="loss"]') == number(0.5 * 0.4**2)
    # a fresh page whose arrays arrive before any move: they are the lookup twin's
    held = _held_lookup(visit, EXAMPLE)
    held[0].continue_()
    visit.wait_lookup()
    visit.page.evaluate(SLIDE, ["o-range", [1.5, -1.25, 2.0]])
    assert visit.page.evaluate(MOVES, "chart-gradient") == {"svg": 3, "plotly": 0}
    visit.wait_text("#sentence", f"o = {number(2.0)} ")
    assert visit.text('output[data-shown="gradient"]') == number(1.0)
    assert len(twins) == asked  # the moves asked the server nothing


def test_moves_after_zoom_and_theme_change_stay_consistent(visit: Visit) -> None:
    visit.open(EXAMPLE)
    visit.wait_lookup()
    visit.page.evaluate(
        "Plotly.relayout('chart-loss', {'xaxis.range': [-1, 3], 'yaxis.range': [-1, 5]})"
    )
    visit.page.evaluate(SLIDE, ["o-range", [0.5, 1.5, 2.9, -0.5, 2.2]])
    assert visit.page.evaluate(MOVES, "chart-loss")["svg"] >= 4
    visit.page.evaluate("SSE.setTheme('dark')")  # restyles and relayouts from the calcdata
    visit.page.evaluate(SLIDE, ["o-range", [2.1, 0.8]])
    assert _trace(visit, "chart-loss", "point")["x"] == [0.8]
    _check_against_redraw(visit, "chart-loss")
    # the zoom survived: the moves did not redraw the axes
    assert visit.page.evaluate("document.getElementById('chart-loss')._fullLayout.xaxis.range")[
        0
    ] == pytest.approx(-1)


def test_image_export_after_moves_shows_the_moved_point(visit: Visit) -> None:
    visit.open(EXAMPLE)
    visit.page.evaluate(SLIDE, ["o-range", [1.5, -2.25]])
    places = visit.page.evaluate(
        """async () => {
            const gd = document.getElementById("chart-loss");
            const drawn = gd.data.filter((t) => t.visible !== false); // hidden: no group
            const i = drawn.findIndex((t) => t.uid === "point");
            const live = gd.querySelectorAll(".scatterlayer > g.trace")[i]
              .querySelector("path.point").getAttribute("transform");
            const url = await Plotly.toImage(gd, {
              format: "svg", width: gd.offsetWidth, height: gd.offsetHeight });
            const svg = new DOMParser().parseFromString(
              decodeURIComponent(url.slice(url.indexOf(",") + 1)), "image/svg+xml");
            const exported = svg.querySelectorAll(".scatterlayer > g.trace")[i]
              .querySelector("path.point").getAttribute("transform");
            return [live, exported];
        }"""
    )
    live, exported = places
    assert _numbers(live) == pytest.approx(_numbers(exported), abs=0.02)
    assert _trace(visit, "chart-loss", "point")["x"] == [-2.25]


def test_descent_steps_grow_the_path_in_place(visit: Visit) -> None:
    visit.open("/descent?mode=single&t=1&o=-2&lr=0.05&steps=500")
    visit.page.evaluate(
        """async () => {
            const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
            for (let i = 0; i < 12; i++) { document.getElementById("step").click(); await frame(); }
        }"""
    )
    visit.page.wait_for_function(SETTLED, arg=["chart-path", "chart-losses"])
    assert visit.page.evaluate(MOVES, "chart-path")["svg"] >= 12
    assert visit.page.evaluate(MOVES, "chart-losses")["svg"] >= 12
    path = _trace(visit, "chart-path", "path")
    run = visit.page.evaluate("JSON.parse(document.getElementById('state-data').textContent)")
    assert path["x"] == run["result"]["trajectory"]["o"][:13] == path["cx"]
    assert path["y"] == run["result"]["loss"][:13]
    losses = _trace(visit, "chart-losses", "loss_path")
    assert losses["x"] == list(range(13)) and losses["y"] == run["result"]["loss"][:13]
    assert visit.text('[data-shown="k"]') == "12"
    _check_against_redraw(visit, "chart-path")
    _check_against_redraw(visit, "chart-losses")
    # Reset shrinks it back to the start, in place as well
    visit.page.click("#reset")
    visit.page.wait_for_function(SETTLED, arg=["chart-path", "chart-losses"])
    assert _trace(visit, "chart-path", "path")["x"] == run["result"]["trajectory"]["o"][:1]
    _check_against_redraw(visit, "chart-path")


def test_the_address_bar_follows_a_moving_slider_a_few_times_a_second(visit: Visit) -> None:
    visit.open(EXAMPLE)
    visit.page.evaluate(
        """() => {
            window.__writes = [];
            const replace = history.replaceState.bind(history);
            history.replaceState = (...args) => {
              window.__writes.push(performance.now());
              return replace(...args);
            };
        }"""
    )
    # a burst of input events within one task: one write, at the next frame
    burst = [round(-3 + i * 0.05, 2) for i in range(30)]
    visit.page.evaluate(
        """(values) => {
            const range = document.getElementById("o-range");
            for (const value of values) {
              range.value = String(value);
              range.dispatchEvent(new Event("input", { bubbles: true }));
            }
        }""",
        burst,
    )
    visit.page.wait_for_function("() => location.search.includes('o=-1.55&')")
    assert len(visit.page.evaluate("window.__writes")) == 1
    # one movement a frame: writes at least 200 ms apart, the newest state last
    visit.page.evaluate(SLIDE, ["o-range", [round(-1 + i * 0.05, 2) for i in range(40)]])
    visit.page.wait_for_function("() => location.search.includes('o=0.95&')")
    writes = visit.page.evaluate("window.__writes")
    gaps = [b - a for a, b in zip(writes, writes[1:], strict=False)]
    assert gaps and min(gaps) >= 199
    # a click (say on "Copy link") writes what is pending at once
    written = visit.page.evaluate(
        """() => {
            const range = document.getElementById("o-range");
            range.value = "1.5";
            range.dispatchEvent(new Event("input", { bubbles: true }));
            document.body.click();
            return location.search;
        }"""
    )
    assert "o=1.5&" in written
