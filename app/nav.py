"""The navigation bar: every lesson page, in teaching order (app.pages.registry), then the pages
that are not lessons (MENU: the exercise)."""

from __future__ import annotations

from typing import NamedTuple

from app.i18n import N_
from app.pages.registry import LESSONS

NAV = LESSONS


class MenuItem(NamedTuple):
    """A menu entry that is not a lesson: no twin, CSV or chart, and no static export (it
    needs the server)."""

    key: str  # the `active` name its page renders with
    path: str
    label: str
    server_only: bool = True


MENU = (*NAV, MenuItem("exercise", "/exercise", N_("Exercise")))

# The chart a page's share panel and oEmbed link embed (a key of app.pages.charts.EMBEDS).
PAGE_CHART = {lesson.path: lesson.share for lesson in LESSONS if lesson.share}
