"""A chart's image (/embed/<chart>.svg|png) is the page's chart of the same state: the same
words (axis titles, ticks, labels on the chart, legend), the same drawn marks and colours, in
both themes, at the size the page draws it."""

from __future__ import annotations

import html
import re
import struct
from typing import Any

import pytest

from tests.browser.conftest import _open

pytestmark = pytest.mark.browser

CASES = [  # (page with its state, the chart's slot, its image)
    ("/?t=1&o=0.3&lr=0.5", "chart-loss", "loss"),
    ("/weights?x=1,2,3&t=2,4,6&w=0.5&b=0&lr=0.05", "chart-contour", "weights-contour"),
    ("/losses?loss=huber&t=1&o=2.5", "chart-loss", "losses-loss"),
]
DRAWN = """(id) => {
  const gd = document.getElementById(id);
  const shown = (el) => getComputedStyle(el).display !== 'none'
    && getComputedStyle(el).visibility !== 'hidden';
  const svg = gd.querySelector('.main-svg');
  return {
    size: [gd._fullLayout.width, gd._fullLayout.height],
    texts: [...gd.querySelectorAll('.main-svg text')]
      .filter((t) => t.textContent.trim() && shown(t)).map((t) => t.textContent).sort(),
    strokes: [...new Set([...gd.querySelectorAll('.main-svg path')]
      .map((p) => getComputedStyle(p).stroke).filter((c) => c && c !== 'none'))],
    traces: svg.querySelectorAll('g.trace').length,
  };
}"""


def _svg_texts(svg: str) -> list[str]:
    return sorted(
        html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg) if t.strip()
    )


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_image_is_the_pages_chart(browser: Any, live_server: str, theme: str) -> None:
    for visit in _open(browser, live_server, color_scheme=theme):
        for path, slot, chart in CASES:
            visit.open(path)
            page = visit.page.evaluate(DRAWN, slot)
            width, height = page["size"]
            query = f"{path.partition('?')[2]}&width={width}&height={height}&theme={theme}"
            answer = visit.page.request.get(f"{live_server}/embed/{chart}.svg?{query}")
            assert answer.status == 200, chart
            svg = answer.text()
            assert _svg_texts(svg) == page["texts"], (chart, theme)
            assert svg.count('class="trace') >= page["traces"] > 0
            # every colour the page strokes with is in the image (the theme's own)
            strokes = set(re.findall(r"stroke: (rgb\([^)]*\))", svg))
            assert set(page["strokes"]) <= strokes, (chart, theme)
            png = visit.page.request.get(f"{live_server}/embed/{chart}.png?{query}").body()
            assert struct.unpack(">II", png[16:24]) == (width, height)
