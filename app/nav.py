"""The navigation bar: every lesson page, in teaching order."""

from __future__ import annotations

from typing import NamedTuple


class NavItem(NamedTuple):
    """One page in the navigation bar."""

    key: str
    path: str
    label: str


NAV = (
    NavItem("single", "/", "One output"),
    NavItem("samples", "/samples", "n samples"),
    NavItem("batches", "/batches", "Mini-batches"),
    NavItem("weights", "/weights", "Weights"),
    NavItem("descent", "/descent", "Descent"),
    NavItem("losses", "/losses", "Other losses"),
    NavItem("why", "/why", "Why? A guided tour"),
)

# The chart a page's share panel and oEmbed link embed (a key of app.routers.embed.EMBEDS).
PAGE_CHART = {
    "/": "loss",
    "/samples": "samples",
    "/batches": "batches",
    "/weights": "weights-contour",
    "/descent": "descent",
    "/losses": "losses-loss",
}
