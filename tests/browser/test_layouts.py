"""The lesson pages on a phone (no sideways scrolling) and in the dark colour scheme.

The descent, weights, why (phone) and exercise pages check more on a phone, next to their other
tests."""

from __future__ import annotations

import pytest

from tests.browser.conftest import Visit

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("path", "shot"),
    [
        ("/?t=1&o=0.3&lr=0.5", "single-phone-light"),
        ("/batches?batch_size=3&seed=7", "batches-phone-light"),
        ("/samples?t=1,2,3&o=2,2,2", "samples-phone-light"),
        ("/losses?t=1&o=1&loss=absolute", "losses-phone-light"),
    ],
)
def test_phone_layout_has_no_horizontal_scroll(phone: Visit, path: str, shot: str) -> None:
    phone.open(path)
    assert phone.scroll_width() <= 375
    phone.shot(shot)


@pytest.mark.parametrize(
    ("path", "shot"),
    [
        ("/?t=1&o=0.3&lr=0.5", "single-desktop-dark"),
        ("/batches?batch_size=3&seed=7", "batches-desktop-dark"),
        ("/samples?seed=3&n=12", "samples-desktop-dark"),
        ("/losses?t=0&o=2.5&loss=huber&delta=1.5", "losses-desktop-dark"),
        ("/why", "why-desktop-dark"),
    ],
)
def test_dark_theme_renders(dark: Visit, path: str, shot: str) -> None:
    dark.open(path)
    background = dark.page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(18, 20, 22)"
    dark.shot(shot)
