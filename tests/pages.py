"""Helpers for reading a server-rendered page in the tests: its HTML and its shown numbers."""

from __future__ import annotations

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
