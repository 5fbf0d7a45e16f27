"""The lesson registry (app/pages/registry.py): every lesson declared there has its page, its
JSON twin, its chart and, where declared, its CSV; nav and oEmbed derive from it."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.nav import NAV, PAGE_CHART
from app.pages.charts import EMBEDS
from app.pages.registry import LESSONS, Lesson


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.key)
def test_every_lesson_has_its_page_twin_chart_and_csv(client: TestClient, lesson: Lesson) -> None:
    page = client.get(lesson.path)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert f'href="{lesson.twin}' in page.text  # the page names its twin
    twin = client.get(lesson.twin)
    assert twin.status_code == 200 and twin.headers["content-type"] == "application/json"
    if lesson.chart is not None:
        assert lesson.chart in EMBEDS and EMBEDS[lesson.chart].page == lesson.path
        assert client.get(f"/embed/{lesson.chart}").status_code == 200
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
    assert PAGE_CHART == {lesson.path: lesson.chart for lesson in LESSONS if lesson.chart}
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
        if lesson.chart is not None:
            assert lesson.build(taken)["errors"] == {}, lesson.key
