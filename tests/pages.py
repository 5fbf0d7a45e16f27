"""Helpers for reading a server-rendered page in the tests: its HTML and its shown numbers."""

from __future__ import annotations

import json
from typing import Any

from bs4 import BeautifulSoup
from fastapi.testclient import TestClient


def page_soup(client: TestClient, url: str) -> BeautifulSoup:
    """The page at url, parsed; it must answer 200."""
    r = client.get(url)
    assert r.status_code == 200
    return BeautifulSoup(r.text, "html.parser")


def shown(soup: BeautifulSoup, key: str, tag: str = "output") -> str:
    """The text of the first <tag data-shown="key"> (tag="" for any element)."""
    return soup.select_one(f'{tag}[data-shown="{key}"]').get_text()  # type: ignore[union-attr]


def page_scripts(soup: BeautifulSoup) -> list[str]:
    """The page's own scripts after site.js, in the order they run: deferred <script> tags, or
    the list static/js/site.js loads after the first frames (app/frames.py)."""
    listed = soup.select_one("script#page-scripts")
    if listed is not None:
        assert not soup.select("script[src][defer]")  # one way or the other, never both
        return list(json.loads(listed.get_text()))
    return [str(s["src"]) for s in soup.select("script[src][defer]")]


def stray_scripts(soup: Any) -> list[Any]:
    """Inline scripts other than the page's JSON data and the line each chart slot carries
    (app/frames.py SCRIPT, which the CSP allows by its hash): a page has none."""
    from app.frames import SCRIPT

    inline = soup.select("script:not([src]):not([type='application/json'])")
    return [s for s in inline if s.get_text() != SCRIPT]
