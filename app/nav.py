"""The navigation bar: every lesson page, in teaching order (app.pages.registry)."""

from __future__ import annotations

from app.pages.registry import LESSONS

NAV = LESSONS

# The chart a page's share panel and oEmbed link embed (a key of app.pages.charts.EMBEDS).
PAGE_CHART = {lesson.path: lesson.share for lesson in LESSONS if lesson.share}
