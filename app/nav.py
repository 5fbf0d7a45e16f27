"""The navigation bar: every lesson page, in teaching order."""

from __future__ import annotations

from typing import NamedTuple

from app.i18n import N_


class NavItem(NamedTuple):
    """One page in the navigation bar."""

    key: str
    path: str
    label: str


NAV = (
    NavItem("single", "/", N_("One output")),
    NavItem("samples", "/samples", N_("n samples")),
    NavItem("batches", "/batches", N_("Mini-batches")),
    NavItem("weights", "/weights", N_("Weights")),
    NavItem("descent", "/descent", N_("Descent")),
    NavItem("losses", "/losses", N_("Other losses")),
    NavItem("why", "/why", N_("Why? A guided tour")),
)

# The chart a page's share panel and oEmbed link embed (a key of app.pages.charts.EMBEDS).
PAGE_CHART = {
    "/": "loss",
    "/samples": "samples",
    "/batches": "batches",
    "/weights": "weights-contour",
    "/descent": "descent",
    "/losses": "losses-loss",
}
