"""The lesson registry (app/pages/registry.py): every lesson declared there has its page, its
JSON twin, its chart and, where declared, its CSV; nav and oEmbed derive from it."""

from __future__ import annotations

import json
import re
from importlib.util import find_spec

import pytest
from fastapi.testclient import TestClient

from app.nav import NAV, PAGE_CHART
from app.pages.charts import EMBEDS
from app.pages.registry import LESSONS, Lesson, js_messages
from app.resources import resource_dir

STATIC = resource_dir("static")
TEMPLATES = resource_dir("templates")
CORE = tuple(f"js/core/{path.name}" for path in (STATIC / "js" / "core").glob("*.js"))


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.key)
def test_every_lesson_has_its_page_twin_chart_and_csv(client: TestClient, lesson: Lesson) -> None:
    page = client.get(lesson.path)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert f'href="{lesson.twin}' in page.text  # the page names its twin
    twin = client.get(lesson.twin)
    assert twin.status_code == 200 and twin.headers["content-type"] == "application/json"
    if lesson.share is not None:
        assert lesson.share in EMBEDS and EMBEDS[lesson.share].page == lesson.path
        assert client.get(f"/embed/{lesson.share}").status_code == 200
    csv = lesson.twin.removesuffix(".json") + ".csv"
    answer = client.get(csv)
    if lesson.csv is None:
        assert answer.status_code == 404
    else:
        assert lesson.csv_path == csv
        assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
        assert f'filename="sse-explainer-{lesson.key}.csv"' in answer.headers["content-disposition"]


def test_nav_and_oembed_derive_from_the_registry() -> None:
    assert [item.path for item in NAV] == [lesson.path for lesson in LESSONS]
    assert PAGE_CHART == {lesson.path: lesson.share for lesson in LESSONS if lesson.share}
    assert len({lesson.key for lesson in LESSONS}) == len(LESSONS)


def test_the_export_gives_each_lesson_only_what_makes_a_valid_state() -> None:
    """The README's `sse-explainer export out/ t=1 o=0.3 lr=0.5`: the one-output page takes
    all three; the list pages keep their lists; weights refuses t without x and an η whose
    step would raise its loss; every lesson says what it left out."""
    from app.export import ONE_NUMBER, RISES, params_for

    given = {"t": "1", "o": "0.3", "lr": "0.5"}
    by_key = {lesson.key: lesson for lesson in LESSONS}
    assert params_for(by_key["single"], given) == (given, {})
    taken, left = params_for(by_key["samples"], given)
    assert taken == {} and left["t"] == left["o"] == ONE_NUMBER
    taken, left = params_for(by_key["weights"], given)
    assert taken == {} and left["lr"] == RISES and "give inputs x too" in left["t"]
    assert params_for(by_key["samples"], {"t": "1,2", "o": "0,0"}) == ({"t": "1,2", "o": "0,0"}, {})
    for lesson in LESSONS:
        taken, _left = params_for(lesson, given)
        assert lesson.build(taken)["errors"] == {}, lesson.key


def _literal_messages(script: str) -> set[str]:
    """The messages a script translates with a literal: S.t("..."), t("...") or sseT("...")."""

    text = (STATIC / script).read_text()
    return {json.loads(m) for m in re.findall(r'\b(?:S\.t|t|sseT)\(("(?:[^"\\]|\\.)*")[,)]', text)}


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.key)
def test_every_lesson_has_its_files_and_its_scripts_words(lesson: Lesson) -> None:
    """The lesson's one name names its page module, template and script; every message its
    script translates is among those its page carries (app.pages.registry.js_messages)."""
    assert lesson.page.__name__ == f"app.pages.{lesson.key}"
    assert (TEMPLATES / lesson.template).is_file()
    assert (STATIC / lesson.script).is_file()
    # its API, where it has one, is app/routers/<key>.py (app.main includes it)
    has_api = lesson.api_url(lesson.build({}), "") is not None
    assert (find_spec(f"app.routers.{lesson.key}") is not None) == has_api
    carried = set(js_messages(lesson))
    assert _literal_messages(lesson.script) <= carried
    for core in ("js/sse.js", "js/share.js", "js/exercise.js", *CORE):
        assert _literal_messages(core) <= carried, core


def test_every_declared_message_is_written_by_a_script() -> None:
    scripts = "\n".join(path.read_text() for path in (STATIC / "js").rglob("*.js"))
    for message in js_messages():
        assert (
            json.dumps(message)[1:-1] in scripts
            or message in scripts
            or (message.startswith("Theme: ") and '"Theme: "' in scripts)
        ), message
