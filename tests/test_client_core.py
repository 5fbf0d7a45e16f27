"""The client's layout: a small core (static/js/core/, then sse.js) before each page's script,
loaded by one base template; no script file grows past 350 lines."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from app.assets import PLOTLY_CARTESIAN_JS, PLOTLY_JS
from app.config import Settings
from app.main import create_app
from app.resources import resource_dir
from app.templating import CLIENT_CORE, static_url
from tests.pages import page_scripts

CORE = [f"js/core/{name}.js" for name in CLIENT_CORE]
PAGES = [
    ("/", PLOTLY_JS, ["js/single.js", "js/exercise.js"]),
    ("/samples", PLOTLY_JS, ["js/samples.js", "js/exercise.js"]),
    ("/batches", PLOTLY_JS, ["js/batches.js"]),
    ("/weights", PLOTLY_CARTESIAN_JS, ["js/weights.js"]),
    ("/descent", PLOTLY_CARTESIAN_JS, ["js/descent.js"]),
    ("/losses", PLOTLY_JS, ["js/losses.js"]),
    ("/why", PLOTLY_JS, ["js/why.js"]),
    ("/embed/loss", PLOTLY_JS, ["js/single.js", "js/embed-child.js"]),
    ("/embed/samples", PLOTLY_JS, ["js/embed-still.js", "js/embed-child.js"]),
]


def test_no_script_is_longer_than_350_lines() -> None:
    root = resource_dir("static") / "js"
    lengths = {
        p.relative_to(root).as_posix(): len(p.read_text().splitlines()) for p in root.rglob("*.js")
    }
    assert {name: n for name, n in lengths.items() if n > 350} == {}
    assert set(CORE) <= {f"js/{name}" for name in lengths}


@pytest.mark.parametrize(("path", "plotly", "own"), PAGES)
def test_pages_load_the_core_then_plotly_then_their_script(
    client: TestClient, path: str, plotly: str, own: list[str]
) -> None:
    soup = BeautifulSoup(client.get(path).text, "html.parser")
    sources = [s["src"] for s in soup.select("script[src]")]
    assert sources[0] == static_url("js/site.js")  # in <head>, before first paint: not deferred
    deferred = page_scripts(soup)
    expected = [static_url(p) for p in [*CORE, plotly, "js/sse.js", *own]]
    # a page's share panel scripts (its own, and embed.js: its preview fits its chart) come
    # first; an embed has no panel
    share = (
        [] if path.startswith("/embed/") else [static_url("js/share.js"), static_url("embed.js")]
    )
    assert deferred == share + expected
    assert len(soup.select("script#state-data")) == 1


@pytest.mark.parametrize("path", ["/", "/why", "/embed/loss"])
def test_with_the_first_frame_off_pages_load_their_scripts_at_once(path: str) -> None:
    """SSE_FIRST_FRAME=0: no slot asks for a frame, no inline line, and the same scripts in the
    same order as deferred tags (app/frames.py)."""
    on = BeautifulSoup(TestClient(create_app()).get(path).text, "html.parser")
    off = BeautifulSoup(
        TestClient(create_app(Settings(first_frame=False))).get(path).text, "html.parser"
    )
    assert on.select(".chart[data-frame]") and on.select_one("script#page-scripts")
    assert not off.select(".chart[data-frame]") and not off.select_one("script#page-scripts")
    assert not off.select("script:not([src]):not([type])")
    assert page_scripts(off) == page_scripts(on) != []


def test_the_exercise_page_loads_only_its_script(client: TestClient) -> None:
    soup = BeautifulSoup(client.get("/exercise").text, "html.parser")
    sources = [s["src"] for s in soup.select("script[src]")]
    assert sources == [static_url(p) for p in ("js/site.js", "js/share.js", "js/exercise.js")]
    assert soup.select_one("script#state-data") is None


def test_only_the_base_templates_write_the_head_and_the_scripts() -> None:
    templates = resource_dir("templates")
    for page in templates.glob("*.html"):
        if page.name in ("base.html", "embed.html", "_partials.html"):
            continue
        text = page.read_text()
        assert "<script" not in text and "<head" not in text and "<link" not in text, page.name


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_text_rules_come_from_the_server(client: TestClient, lang: str) -> None:
    """How numbers are written is said once (app.formatting.text_rules): every page and embed
    carries the rules in its language, and no script writes them again."""
    import json

    from app import i18n
    from app.formatting import text_rules

    with i18n.use(lang):
        rules = text_rules()
    assert rules["decimal"] == ("," if lang == "es" else ".")
    for path in ("/", "/descent", "/exercise?seed=1", "/embed/loss", "/embed/why-square"):
        soup = BeautifulSoup(
            client.get(f"{path}{'&' if '?' in path else '?'}lang={lang}").text, "html.parser"
        )
        assert json.loads(soup.select_one("#text-rules").get_text()) == rules, path  # type: ignore[union-attr]
    scripts = "\n".join(p.read_text() for p in (resource_dir("static") / "js").rglob("*.js"))
    for literal in (
        '"\\u2212"',
        '"\\u2248"',
        '"\u2212"',
        '"\u2248"',
        '=== "es"',
        "SIGNIFICANT = 12",
    ):
        assert literal not in scripts, literal
