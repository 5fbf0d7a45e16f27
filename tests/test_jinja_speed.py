"""app/jinja_speed.py replaces three of Jinja's internals: every page must come out byte for byte
as plain Jinja writes it, and an upgrade of Jinja must be a conscious step."""

from __future__ import annotations

from importlib.metadata import version

import pytest
from fastapi.testclient import TestClient

from app import jinja_speed, templating
from app.config import Settings
from app.main import create_app
from app.pages.registry import LESSONS

URLS = [
    *(lesson.path for lesson in LESSONS),
    *(f"{lesson.path}?lang=es" for lesson in LESSONS),
    "/?t=1&o=abc",  # an error box
    "/samples?t=1,2&o=3",  # a list error
    "/descent?lr=3&steps=40",  # a diverging run
    "/exercise?seed=5",
    "/exercise?seed=5&kind=gradient&answer_sign=negative&answer_value=1",
    "/embed/loss?t=1&o=0.3&lang=es",
    "/embed/why-sse",
    "/embed/nope",  # the embed-sized 404
    "/nope?lang=es",  # the 404 page
]


def _pages(parts: tuple[str, ...]) -> dict[str, str]:
    """Every URL's body, with only `parts` of app.jinja_speed installed."""
    installed = jinja_speed.install
    templating.templates.cache_clear()
    jinja_speed.install = lambda env, parts_=parts: installed(env, parts_)  # type: ignore[assignment]
    try:
        app = create_app(Settings(response_cache_mb=0))
        with TestClient(app, headers={"Accept-Encoding": "identity"}) as client:
            return {url: client.get(url).text for url in URLS}
    finally:
        jinja_speed.install = installed  # type: ignore[assignment]
        templating.templates.cache_clear()


def test_the_jinja_version_is_the_one_checked() -> None:
    assert version("jinja2") == jinja_speed.JINJA_VERSION, (
        "Jinja changed: run tests/test_jinja_speed.py and python -m bench.tricks, then update "
        "app/jinja_speed.JINJA_VERSION (or drop the replacement that no longer pays)"
    )


@pytest.mark.parametrize("part", [*jinja_speed.PARTS, "all"])
def test_every_page_is_what_plain_jinja_writes(part: str) -> None:
    parts = jinja_speed.PARTS if part == "all" else (part,)
    plain = _pages(())
    fast = _pages(parts)
    assert fast.keys() == plain.keys()
    for url in URLS:
        assert fast[url] == plain[url], url
    assert "<html" in plain["/"] and "Reproducir" in plain["/descent?lang=es"]
