"""The browser part: headless Chromium (Debian's, through Playwright) against the running app.

- cold and warm time from navigation to chart drawn (`body[data-rendered="1"]`) per page, and the
  cold time with plotly.js's full bundle put in place of the partial one the page loads;
- bytes transferred (CDP Network.loadingFinished encodedDataLength: bodies as sent plus headers),
  first visit (empty cache) and repeat visit (same browser context);
- the cost of one movement: the output slider on /, a naive full `Plotly.react` of the whole loss
  figure in the same page, a drag of the current point on the loss chart, the descent page's
  Step (one "play" frame) and the target slider.

"Cost" is the main thread's work from the input event to the next paint: the event's handlers,
then that frame's animation callbacks, style, layout and paint; it leaves out the idle wait for
the frame to begin (up to 16.7 ms at 60 Hz, the same for every variant).
"""

from __future__ import annotations

import os
import shutil
import statistics
from pathlib import Path
from typing import Any

from bench.endpoints import BROWSER_PAGES, Endpoint

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# records when the page sets body[data-rendered="1"] (performance.now() is ms since navigation)
MARK_DRAWN = """
new MutationObserver(() => {
  if (!window.__drawnAt && document.body && document.body.dataset.rendered === "1") {
    window.__drawnAt = performance.now();
  }
}).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-rendered"] });
"""

# cost(act): act() fires the movement; an animation callback queued before it marks the start of
# the frame's work (it runs first in the frame), one queued after it is followed by a task that
# runs once the frame is painted
MEASURE = """
async ({ n, what }) => {
  const painted = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const cost = async (act) => {
    await painted();
    let frameStart = 0;
    requestAnimationFrame(() => { frameStart = performance.now(); });
    const t0 = performance.now();
    act();
    const handled = performance.now();
    await painted();
    return handled - t0 + (performance.now() - frameStart);
  };
  const times = [];
  if (what === "output" || what === "naive") {
    const range = document.getElementById("o-range");
    const gd = document.getElementById("chart-loss");
    const lo = Number(range.min), hi = Number(range.max), step = Number(range.step);
    const slots = Math.round((hi - lo) / step);
    const base = JSON.parse(JSON.stringify({ data: gd.data, layout: gd.layout }));
    const point = base.data.findIndex((t) => t.uid === "point");
    for (let i = 0; i < n; i++) {
      const value = lo + ((i * 37) % slots) * step;
      if (what === "output") {
        times.push(await cost(() => {
          range.value = String(value);
          range.dispatchEvent(new Event("input", { bubbles: true }));
        }));
      } else {
        times.push(await cost(() => {
          const fig = JSON.parse(JSON.stringify(base));
          fig.data[point].x = [value];
          fig.data[point].y = [value * value / 2];
          fig.layout.datarevision = i;
          Plotly.react(gd, fig.data, fig.layout);
        }));
      }
    }
    if (what === "naive") Plotly.react(gd, base.data, base.layout);
  } else if (what === "drag") {
    // the current point dragged along the loss chart: one pointermove per sample (core/plot.js
    // dragX), from a press on the point
    const gd = document.getElementById("chart-loss");
    const box = gd.querySelector(".nsewdrag").getBoundingClientRect();
    const xa = gd._fullLayout.xaxis;
    const o = Number(document.getElementById("o-number").value);
    const y = box.top + box.height / 2;
    const at = (x) => ({ clientX: x, clientY: y, pointerId: 7, pointerType: "mouse",
                         button: 0, buttons: 1, bubbles: true, cancelable: true });
    let x = box.left + xa.l2p(o);
    gd.dispatchEvent(new PointerEvent("pointerdown", at(x)));
    for (let i = 0; i < n; i++) {
      x = box.left + box.width * (0.1 + 0.8 * ((i * 37) % 100) / 100);
      times.push(await cost(() => gd.dispatchEvent(new PointerEvent("pointermove", at(x)))));
    }
    gd.dispatchEvent(new PointerEvent("pointerup", at(x)));
  } else if (what === "descent") {
    const button = document.getElementById("step");
    for (let i = 0; i < n; i++) times.push(await cost(() => button.click()));
  } else if (what === "target") {
    // latency, not cost: the page asks its JSON twin, then redraws (input -> painted chart)
    const range = document.getElementById("t-range");
    const gd = document.getElementById("chart-loss");
    const lo = Number(range.min), hi = Number(range.max);
    for (let i = 0; i < n; i++) {
      await painted();
      const drawn = new Promise((r) => gd.once("plotly_afterplot", r));
      const t0 = performance.now();
      range.value = String(lo + ((i * 7) % 20 + 1) * (hi - lo) / 22);
      range.dispatchEvent(new Event("input", { bubbles: true }));
      await drawn;
      await painted();
      times.push(performance.now() - t0);
    }
  }
  return times;
}
"""


def chromium() -> str | None:
    """Debian's Chromium, or SSE_CHROMIUM."""
    for path in (os.environ.get("SSE_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if path and os.path.exists(path):
            return path
    return shutil.which("chromium")


def full_bundle() -> bytes | None:
    """plotly.js's full bundle from the plotly Python package (a test dependency), if present."""
    try:
        import plotly
    except ImportError:
        return None
    path = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    return path.read_bytes() if path.exists() else None


def _visit(page: Any, url: str, sent: list[int]) -> tuple[float, int]:
    """Navigate, wait for the chart and the network to settle: (ms to drawn, bytes received)."""
    sent.clear()
    page.goto(url)
    page.wait_for_function("() => window.__drawnAt > 0", timeout=30_000)  # a function: the
    # pages' CSP refuses the eval an expression needs
    page.wait_for_load_state("networkidle")
    return float(page.evaluate("window.__drawnAt")), sum(sent)


def _context(browser: Any, full: bytes | None = None) -> tuple[Any, Any, list[int]]:
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(MARK_DRAWN)
    if full is not None:
        # the full bundle in place of the partial one (served from memory, so no gzip and no
        # transfer time: this flatters the full bundle, not ours)
        page.route(
            "**/static/vendor/plotly-*.js",
            lambda route: route.fulfill(body=full, content_type="text/javascript"),
        )
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    sent: list[int] = []
    cdp.on("Network.loadingFinished", lambda event: sent.append(int(event["encodedDataLength"])))
    return context, page, sent


def page_loads(browser: Any, base: str, pages: list[Endpoint], rounds: int) -> list[dict[str, Any]]:
    """Cold, warm and full-bundle cold times (medians of `rounds`), first and repeat bytes."""
    full = full_bundle()
    rows = []
    for endpoint in pages:
        url = base + endpoint.path
        cold, warm, cold_full, first, repeat = [], [], [], [], []
        for _ in range(rounds):
            context, page, sent = _context(browser)
            ms, size = _visit(page, url, sent)
            cold.append(ms)
            first.append(size)
            ms, size = _visit(page, url, sent)
            warm.append(ms)
            repeat.append(size)
            context.close()
            if full is not None:
                context, page, sent = _context(browser, full)
                cold_full.append(_visit(page, url, sent)[0])
                context.close()
        rows.append(
            {
                "page": endpoint.label,
                "cold_ms": round(statistics.median(cold), 1),
                "warm_ms": round(statistics.median(warm), 1),
                "cold_full_bundle_ms": round(statistics.median(cold_full), 1)
                if cold_full
                else None,
                "first_visit_kb": round(max(first) / 1024, 1),
                "repeat_visit_kb": round(max(repeat) / 1024, 1),
            }
        )
    return rows


def _stats(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "median_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(p95, 2),
        "n": len(ordered),
    }


def movements(browser: Any, base: str, n: int) -> dict[str, dict[str, float]]:
    """Output slider, naive full react, dragging the point on the loss chart, descent Step (a
    play frame) and the target slider."""
    context, page, sent = _context(browser)
    results = {}
    _visit(page, base + "/?t=1&o=0.3&lr=0.5", sent)
    for what in ("output", "naive", "drag", "output", "naive", "drag"):  # interleaved halves
        times = page.evaluate(MEASURE, {"n": n // 2, "what": what})
        results.setdefault(what, []).extend(times)
    results["target"] = page.evaluate(MEASURE, {"n": 30, "what": "target"})
    _visit(page, base + "/descent?mode=single&t=1&o=-2&lr=0.05&steps=500", sent)
    results["descent"] = page.evaluate(MEASURE, {"n": n // 2, "what": "descent"})
    context.close()
    return {what: _stats(times) for what, times in results.items()}


def run(base: str, rounds: int = 3, n: int = 200) -> dict[str, Any] | None:
    """The whole browser part, or None when no Chromium is installed."""
    path = chromium()
    if path is None:
        return None
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            loads = page_loads(browser, base, BROWSER_PAGES, rounds)
            moves = movements(browser, base, n)
        finally:
            browser.close()
    return {"pages": loads, "movements": moves}
