"""The lessons, declared once: nav, routes (page, JSON twin, CSV), the chart a page shares and
oEmbed names, and the export all read this tuple. Adding a lesson is its own files (a page
module, a template, a script) and one line here (README, "Adding a lesson")."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from app.i18n import N_
from app.pages import batches, losses, samples, single, weights
from app.pages.charts import EMBEDS

Rows = list[list[Any]]


class Lesson(NamedTuple):
    """One lesson page."""

    key: str  # its one name: the page module, the nav's key, the CSV's file name
    path: str  # the page's URL
    label: str  # the nav's words (translated where shown)
    twin: str  # the page's JSON twin
    chart: str | None = None  # the chart its share panel and oEmbed embed (a key of EMBEDS)
    csv: Callable[[dict[str, Any]], Rows] | None = None  # the page's numbers as CSV rows

    @property
    def csv_path(self) -> str | None:
        """`/samples.csv` beside `/samples.json`, or None for a page without a CSV."""
        return self.twin.removesuffix(".json") + ".csv" if self.csv else None

    def state(self, params: Mapping[str, str]) -> dict[str, Any]:
        """The page's state for the query parameters (lenient, as the page reads them)."""
        if self.chart is None:
            raise ValueError(f"{self.key} has no chart to build its state from")
        return EMBEDS[self.chart].state(params)[0]


LESSONS = (
    Lesson("single", "/", N_("One output"), "/index.json", "loss", single.single_csv_rows),
    Lesson("samples", "/samples", N_("n samples"), "/samples.json", "samples",
           samples.samples_csv_rows),
    Lesson("batches", "/batches", N_("Mini-batches"), "/batches.json", "batches",
           batches.batches_csv_rows),
    Lesson("weights", "/weights", N_("Weights"), "/weights.json", "weights-contour",
           weights.weights_csv_rows),
    Lesson("descent", "/descent", N_("Descent"), "/descent.json", "descent",
           weights.descent_csv_rows),
    Lesson("losses", "/losses", N_("Other losses"), "/losses.json", "losses-loss",
           losses.losses_csv_rows),
    Lesson("why", "/why", N_("Why? A guided tour"), "/why.json"),
)  # fmt: skip
