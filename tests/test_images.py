"""Chart images by URL (/embed/<chart>.svg|png|pdf, app/renderer.py): drawn by Plotly's static
export in a real Chromium from the figure the page draws; bad parameters get 422 naming the
field; no Chromium, a full queue or a crashed Chromium get 503 with a sentence."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from app import renderer as renderer_module
from app.cli import main
from app.config import Settings
from app.export import OFFLINE, asgi_get
from app.figures import palette
from app.i18n import use
from app.main import create_app
from app.pages.charts import EMBEDS
from app.pages.images import VARIANTS_UP_TO, image_of
from app.pages.registry import LESSONS
from app.renderer import Busy, Renderer, Unavailable, find_chromium
from bench.endpoints import SAMPLES_BOUNDS
from tests.aio import in_thread, run
from tests.conftest import CHROMIUM_MISSING, chromium_path, missing_tool

STATE = "t=1&o=0.3&lr=0.5"


@pytest.fixture(scope="module")
def drawn() -> Iterator[TestClient]:
    """The app with images on (Chromium found, else a skip; a failure under CI=true)."""
    if chromium_path() is None:
        missing_tool(CHROMIUM_MISSING)
    with TestClient(create_app(Settings(response_cache_mb=4))) as client:
        yield client


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def svg_texts(svg: str) -> set[str]:
    return {t for t in re.findall(r"<text[^>]*>([^<]+)</text>", svg)}


def test_an_svg_is_the_pages_chart_of_that_state(drawn: TestClient) -> None:
    r = drawn.get(f"/embed/loss.svg?{STATE}&width=700&height=320")
    assert r.status_code == 200 and r.headers["content-type"] == "image/svg+xml"
    assert r.headers["content-disposition"] == (
        'inline; filename="sse-explainer-loss-t1.00-o0.30-lr0.50.svg"'
    )
    svg = r.text
    assert re.search(r'<svg[^>]* width="700" height="320"', svg)
    texts = svg_texts(svg)
    # the words the page writes on the chart, and its axes
    assert {"slope −0.70 (negative)", "step +0.35 →", "output o", "loss L"} <= texts
    # the light theme on an opaque white background, the loss in its role's colour
    assert "fill: rgb(255, 255, 255); fill-opacity: 1" in svg
    assert "rgb(125, 60, 152)" in svg  # palette.THEMES["loss"] light: #7d3c98


def test_dark_transparent_and_titled(drawn: TestClient) -> None:
    svg = drawn.get(f"/embed/loss.svg?{STATE}&theme=dark&title=1").text
    assert "fill: rgb(18, 20, 22); fill-opacity: 1" in svg  # palette.CHROME["bg"] dark
    assert "rgb(197, 139, 224)" in svg  # the loss line's dark colour, #c58be0
    assert "Loss against output: t = 1.00, o = 0.30, η = 0.50" in svg_texts(svg)
    clear = drawn.get(f"/embed/loss.svg?{STATE}&background=transparent").text
    assert "fill: rgb(255, 255, 255); fill-opacity: 1" not in clear
    assert palette.CHROME["bg"][0] == "#ffffff"


def test_a_png_has_the_size_asked_times_its_scale(drawn: TestClient) -> None:
    r = drawn.get(f"/embed/loss.png?{STATE}&width=600&height=300&scale=2")
    assert r.status_code == 200 and r.headers["content-type"] == "image/png"
    assert png_size(r.content) == (1200, 600)
    # without a height: the chart's own (the page draws the loss chart 290 px tall)
    assert png_size(drawn.get(f"/embed/loss.png?{STATE}").content) == (800, 290)


def test_every_chart_draws_and_a_pdf_too(drawn: TestClient) -> None:
    for chart in EMBEDS:
        r = drawn.get(f"/embed/{chart}.svg?width=400&height=300")
        assert r.status_code == 200, chart
        assert r.text.startswith("<svg"), chart
    pdf = drawn.get("/embed/samples.pdf?lang=es&title=1")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-type"] == "application/pdf"


def test_a_repeated_image_is_answered_from_the_cache(drawn: TestClient) -> None:
    # through the ASGI app as a server calls it (the test client's requests skip the cache)
    app = drawn.app
    renderer: Renderer = app.state.renderer  # type: ignore[attr-defined]
    query = f"{STATE}&width=321"
    status, first = drawn.portal.call(asgi_get, app, "/embed/gradient.png", query)  # type: ignore[union-attr]
    assert status == 200
    drawn_before = renderer.rendered
    status, again = drawn.portal.call(asgi_get, app, "/embed/gradient.png", query)  # type: ignore[union-attr]
    assert status == 200 and again == first and renderer.rendered == drawn_before


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("width=5", "width"),
        ("height=99999", "height"),
        ("scale=9", "scale"),
        ("theme=sepia", "theme"),
        ("background=pink", "background"),
        ("title=maybe", "title"),
        ("o=abc", "o"),
        ("lr=-1", "lr"),
    ],
)
def test_a_bad_parameter_gets_422_naming_it(query: str, field: str) -> None:
    # no image is drawn for these: the app needs no Chromium to refuse them
    client = TestClient(create_app(Settings(chromium="/nonexistent/chromium")))
    r = client.get(f"/embed/loss.png?{query}")
    assert r.status_code == 422
    assert [item["field"] for item in r.json()["detail"]] == [field]
    assert r.json()["message"]


def test_an_unknown_chart_or_format_is_404() -> None:
    client = TestClient(create_app(Settings(chromium="/nonexistent/chromium")))
    for url in ("/embed/nope.png", "/embed/loss.gif", "/embed/loss.svg.png"):
        r = client.get(url)
        assert r.status_code == 404, url
        assert "loss" in r.text  # the embed 404 lists the charts there are


def test_without_chromium_images_answer_503_saying_how_to_enable_them() -> None:
    assert find_chromium("/nonexistent/chromium") is None
    client = TestClient(create_app(Settings(chromium="/nonexistent/chromium")))
    r = client.get(f"/embed/loss.svg?{STATE}")
    assert r.status_code == 503
    assert "Chromium" in r.text and "SSE_CHROMIUM" in r.text
    assert r.headers["cache-control"] == "no-store"
    assert "x-content-type-options" in r.headers  # the security headers, as on every answer
    assert client.get(f"/?{STATE}").status_code == 200  # everything else works


class Held(Renderer):
    """The renderer's own bound and bookkeeping, its drawing held until `release` is set
    (instead of a Chromium), on the test's own loop."""

    release: asyncio.Event

    async def _draw(self, figure: dict[str, Any], opts: dict[str, Any]) -> bytes:
        await self.release.wait()
        return b"drawn"

    def _submit(self, coroutine: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, asyncio.get_running_loop())


def test_past_the_queue_bound_an_image_is_refused_with_retry_after() -> None:
    renderer = Held("/usr/bin/true", tabs=1, queue=1, timeout=5)

    async def scenario() -> list[object]:
        renderer.release = asyncio.Event()
        tasks = [asyncio.ensure_future(renderer.render({"n": n}, "png", 10, 10)) for n in range(3)]
        await asyncio.sleep(0.05)  # all three asked; one draws, one waits, one is refused
        assert renderer.waiting == 2
        renderer.release.set()
        return await asyncio.gather(*tasks, return_exceptions=True)

    results = run(scenario())
    assert results.count(b"drawn") == 2
    busy = [r for r in results if isinstance(r, Busy)]
    assert len(busy) == 1 and "try again in 2 seconds" in str(busy[0])
    assert renderer.waiting == 0


class Closing:
    """Stands for a running kaleido: counts its closes."""

    closed = 0

    async def close(self) -> None:
        Closing.closed += 1


def test_after_recycle_images_and_when_idle_the_chromium_is_closed() -> None:
    renderer = Held("/usr/bin/true", tabs=1, queue=4, timeout=5, recycle=3, idle=0.05)

    async def scenario() -> None:
        renderer.release = asyncio.Event()
        renderer.release.set()
        renderer._kaleido = Closing()
        for n in range(3):  # three images (the same one again would be a kept one)
            await renderer.render({"n": n}, "png", 10, 10)
        assert renderer.recycled == 1 and renderer._kaleido is None  # closed after the third
        renderer._kaleido = Closing()  # the next image started a fresh one
        await renderer.render({"n": 3}, "png", 10, 10)
        assert renderer._kaleido is not None  # not idle long enough yet
        for _ in range(200):  # idle past 0.05 s: closed (waited for, up to 2 s)
            if renderer._kaleido is None:
                break
            await asyncio.sleep(0.01)
        assert renderer._kaleido is None and renderer.since_start == 0

    run(scenario())
    assert Closing.closed == 2


def test_an_image_drawn_already_is_kept_by_what_was_drawn(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same figure at the same size is drawn once, whatever URL asked (app/frames.py's
    first frames drawn at start are answered so); the kept images stay under their bound."""
    renderer = Held("/usr/bin/true", tabs=1, queue=4, timeout=5)
    monkeypatch.setattr(renderer_module, "KEEP_BYTES", 8 * len(b"drawn") * 2)

    async def scenario() -> None:
        renderer.release = asyncio.Event()
        renderer.release.set()
        figure = {"data": [{"y": [1, 2]}], "layout": {}}
        await renderer.render(figure, "svg", 400, 300)
        await renderer.render({"layout": {}, "data": [{"y": [1, 2]}]}, "svg", 400, 300)
        assert (renderer.rendered, renderer.hits) == (1, 1)  # the same, keys in another order
        for other in ("png", 401):  # another format or size is another image
            fmt, width = (other, 400) if isinstance(other, str) else ("svg", other)
            await renderer.render(figure, fmt, width, 300)  # type: ignore[arg-type]
        assert (renderer.rendered, renderer.hits) == (3, 1)
        for n in range(20):  # more than the bound holds: the oldest go
            await renderer.render({"n": n}, "svg", 400, 300)
        assert renderer.kept_bytes <= renderer_module.KEEP_BYTES
        assert len(renderer.kept) == renderer_module.KEEP_BYTES // len(b"drawn")
        await renderer.render(figure, "svg", 400, 300)
        assert renderer.hits == 1  # dropped, so drawn again

    run(scenario())


def test_a_drawing_is_shared_and_outlives_the_request_that_asked_for_it() -> None:
    """Two asks of one image while it is drawn: one drawing. The asker leaving (a page left
    before its first frame came) does not cancel it, and its image is kept for the next."""
    renderer = Held("/usr/bin/true", tabs=1, queue=4, timeout=5)

    async def scenario() -> None:
        renderer.release = asyncio.Event()
        first = asyncio.ensure_future(renderer.render({"a": 1}, "svg", 10, 10))
        second = asyncio.ensure_future(renderer.render({"a": 1}, "svg", 10, 10))
        await asyncio.sleep(0.02)
        assert len(renderer.drawing) == 1 and renderer.waiting == 1
        first.cancel()  # the first asker left
        await asyncio.sleep(0.02)
        assert len(renderer.drawing) == 1  # still drawing
        renderer.release.set()
        assert await second == b"drawn"
        assert (renderer.rendered, renderer.hits, len(renderer.kept)) == (1, 1, 1)
        assert renderer.drawing == {} and renderer.waiting == 0

    run(scenario())


def test_a_crashed_chromium_is_started_afresh(drawn: TestClient) -> None:
    renderer: Renderer = drawn.app.state.renderer  # type: ignore[attr-defined]
    assert drawn.get(f"/embed/loss.svg?{STATE}&width=500").status_code == 200
    process = renderer._kaleido.subprocess
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    answers = [drawn.get(f"/embed/loss.svg?{STATE}&width={w}").status_code for w in (501, 502)]
    # the image asked while it was down may fail (503, with a sentence); the next is drawn
    assert answers[-1] == 200 and set(answers) <= {200, 503}
    assert renderer._kaleido.subprocess.pid != process.pid


def test_unavailable_is_a_sentence() -> None:
    renderer = Renderer(None)
    with pytest.raises(Unavailable, match="apt-get install chromium"):
        run(renderer.render({}, "svg", 100, 100))


# ---- the commands: `sse-explainer image` and `sse-explainer export --images`


def test_the_image_command_writes_valid_files(
    drawn: TestClient, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    svg, png = tmp_path / "loss.svg", tmp_path / "out" / "loss.png"
    assert in_thread(main, ["image", "loss", "t=1", "o=0.3", "lr=0.5", "-o", str(svg)]) == 0
    root = ElementTree.fromstring(svg.read_text())  # well-formed XML
    assert root.tag.endswith("svg") and root.get("width") == "800"
    assert "slope −0.70 (negative)" in svg_texts(svg.read_text())
    args = ["image", "loss", "t=1", "o=0.3", "width=500", "height=250", "scale=2", "-o", str(png)]
    assert in_thread(main, args) == 0
    assert png_size(png.read_bytes()) == (1000, 500)
    assert "wrote" in capsys.readouterr().out


def test_the_image_command_says_what_is_wrong(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.svg"
    assert in_thread(main, ["image", "loss", "o=abc", "-o", str(bad)]) == 2
    assert "output o must be a number" in capsys.readouterr().err and not bad.exists()
    with pytest.raises(SystemExit):
        in_thread(main, ["image", "loss", "-o", str(tmp_path / "x.gif")])
    assert ".svg, .png or .pdf" in capsys.readouterr().err


def test_export_images_draws_every_chart_of_the_lessons_exported(
    drawn: TestClient, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    assert in_thread(main, ["export", str(out), "--lesson", "single", "--images", "o=0.3"]) == 0
    for chart in ("loss", "gradient"):
        assert (out / "embed" / f"{chart}.svg").read_text().startswith("<svg")
        assert png_size((out / "embed" / f"{chart}.png").read_bytes())[0] == 1600  # 800 at 2x
    # the images are of the exported state
    assert "o = 0.30" not in (out / "embed" / "loss.svg").read_text()  # no title asked
    assert "slope −0.70 (negative)" in svg_texts((out / "embed" / "loss.svg").read_text())


# ---- a chart slot's image for readers without JavaScript (templates/_partials.html: chart)

NO_JS_PAGES = (
    *(lesson.path for lesson in LESSONS),
    *(f"/embed/{name}" for name in EMBEDS),
    "/?t=1&o=0.3&lr=0.5&compare=1&lang=es",
    "/?o=nan",  # a bad field: the page and its images show the default
    "/samples?t=1,2,3&o=2,2,2",
    "/embed/loss?theme=dark&height=300",
)


def slot_images(client: TestClient, url: str) -> list[dict[str, Any]]:
    """Each chart slot of the page at `url`: its description and its <noscript> picture (the
    <img> and each <source>: URL, media and the size its attributes give)."""
    r = client.get(url)
    assert r.status_code == 200, url
    slots = []
    for figure in BeautifulSoup(r.text, "html.parser").select("figure.chart-figure"):
        picture = figure.select_one("noscript picture.chart-image")
        assert picture is not None, (url, figure.select_one(".chart"))
        img = picture.select_one("img")
        assert img is not None
        images = [(s["srcset"], s["media"], s["width"], s["height"]) for s in picture("source")]
        images.append((img["src"], "", img["width"], img["height"]))
        slots.append(
            {
                "label": figure.select_one(".chart")["aria-label"],  # type: ignore[index]
                "alt": img["alt"],
                "lazy": img.get("loading"),
                "images": images,
            }
        )
    return slots


def test_a_slot_image_is_the_chart_of_the_pages_state_in_its_language() -> None:
    client = TestClient(create_app(Settings(chromium="/nonexistent/chromium")))
    [loss, gradient] = slot_images(client, "/?t=1&o=0.3&lr=0.5&compare=1&lang=es")
    assert loss["alt"] == loss["label"] and loss["alt"].startswith("Pérdida L frente a la salida")
    assert loss["lazy"] == "lazy"
    state = "t=1&o=0.3&lr=0.5&half=1&compare=1"
    clear = "background=transparent&lang=es"
    assert loss["images"] == [
        (
            f"/embed/loss.svg?{state}&width=400&height=290&theme=dark&{clear}",
            "(prefers-color-scheme: dark) and (max-width: 600px)",
            "400",
            "290",
        ),
        (
            f"/embed/loss.svg?{state}&width=800&height=290&theme=dark&{clear}",
            "(prefers-color-scheme: dark)",
            "800",
            "290",
        ),
        (
            f"/embed/loss.svg?{state}&width=400&height=290&{clear}",
            "(max-width: 600px)",
            "400",
            "290",
        ),
        (f"/embed/loss.svg?{state}&width=800&height=290&{clear}", "", "800", "290"),
    ]
    assert gradient["images"][-1][0] == f"/embed/gradient.svg?{state}&width=800&height=210&{clear}"
    # an embed in one theme has one theme's images, at its height
    [embed] = slot_images(client, "/embed/why-half?theme=dark&height=300")
    # (below 420 px an embed's chart has no legend: its images neither)
    assert [url for url, *_ in embed["images"]] == [
        "/embed/why-half.svg?width=400&height=300&theme=dark&background=transparent&legend=0",
        "/embed/why-half.svg?width=800&height=300&theme=dark&background=transparent&legend=0",
    ]
    # a long state (two 1000-number lists) is written once, in the <img> alone
    for slot in slot_images(client, f"/samples?{SAMPLES_BOUNDS}"):
        [(src, media, width, _height)] = slot["images"]
        assert src.startswith("/embed/samples") and len(src) > VARIANTS_UP_TO and width == "800"
    # the note it replaces is gone from the pages the server draws
    assert "The chart needs JavaScript" not in client.get("/why").text


def test_every_chart_slots_image_is_drawn(drawn: TestClient) -> None:
    """The image of every chart slot of these pages, and on a few of them each variant (phone,
    dark), answers with an SVG of the size its attributes reserve (so nothing moves when it
    loads). The variants differ from the <img> only in width and theme, so a few pages' stand
    for the rest: each image costs ~0.3 s to draw."""
    asked: dict[str, tuple[str, str]] = {}
    for url in NO_JS_PAGES:
        slots = slot_images(drawn, url)
        assert slots, url
        for slot in slots:
            assert slot["alt"] == slot["label"] and slot["alt"], url
            variants = slot["images"] if url in NO_JS_PAGES[-4:] else slot["images"][-1:]
            for src, _media, width, height in variants:
                asked[src] = (width, height)
    assert len({src.split(".svg")[0] for src in asked}) == len(EMBEDS)  # every chart
    for src, (width, height) in asked.items():
        r = drawn.get(src)
        assert r.status_code == 200, (src, r.text[:200])
        assert r.headers["content-type"] == "image/svg+xml", src
        assert re.search(rf'<svg[^>]* width="{width}" height="{height}"', r.text), src


def test_an_offline_copy_keeps_the_note() -> None:
    """The static export has no server to draw images: without JavaScript its slots say that
    the chart needs it (the sentence and the tables are there), and ask for no image."""
    app = create_app(Settings(chromium="/nonexistent/chromium"))
    for path in ("/", "/why", "/embed/loss"):
        status, body = run(asgi_get(app, path, "", state=OFFLINE))
        assert status == 200
        html = body.decode()
        noscripts = re.findall(r"<noscript>(.*?)</noscript>", html, re.S)
        assert noscripts, path
        assert all("The chart needs JavaScript" in each for each in noscripts), path
        assert "/embed/" not in "".join(noscripts) and 'class="chart-image"' not in html


def test_docstring_examples() -> None:
    import doctest

    from app.pages import images

    result = doctest.testmod(images)
    assert result.attempted > 0 and result.failed == 0


def test_a_spanish_file_name_keeps_its_decimal_points() -> None:
    """The file name is no sentence: 1.00, not 1,00 (nor 100 with the comma taken out)."""
    with use("es"):
        made = image_of("loss", {"t": "1", "o": "0.3", "lr": "0.5", "lang": "es"})
    assert not isinstance(made, dict)
    assert made.filename == "sse-explainer-loss-t1.00-o0.30-lr0.50"
    assert made.alt.endswith("t = 1,00, o = 0,30, η = 0,50")  # the title stays Spanish
