"""The lessons, declared once: nav, routes (page, JSON twin, CSV), the chart a page shares and
oEmbed names, and the export all read this tuple. Adding a lesson is its own files (a page
module, a template, a script) and one line here (README, "Adding a lesson")."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from app.i18n import N_
from app.pages import batches, losses, samples, single, weights, why

Rows = list[list[Any]]


class Lesson(NamedTuple):
    """One lesson page."""

    key: str  # its one name: the page module, the nav's key, the CSV's file name
    path: str  # the page's URL
    label: str  # the nav's words (translated where shown)
    twin: str  # the page's JSON twin
    build: Callable[[Mapping[str, str]], dict[str, Any]]  # its state from a query (lenient)
    template: str  # the page's template
    client_keys: tuple[str, ...]  # the parts of the state the page's script reads
    summary: str  # one line for the API docs
    chart: str | None = None  # the chart its share panel and oEmbed embed (a key of EMBEDS)
    csv: Callable[[dict[str, Any]], Rows] | None = None  # the page's numbers as CSV rows
    api: Callable[[dict[str, Any]], str] | None = None  # the API answer's URL of a state
    extras: Callable[[Mapping[str, str], dict[str, Any]], dict[str, Any]] | None = None

    @property
    def csv_path(self) -> str | None:
        """`/samples.csv` beside `/samples.json`, or None for a page without a CSV."""
        return self.twin.removesuffix(".json") + ".csv" if self.csv else None


LESSONS = (
    Lesson(
        "single",
        "/",
        N_("One output"),
        "/index.json",
        single.page_state,
        "index.html",
        single.CLIENT_KEYS,
        "The single-sample explainer: loss, tangent, gradient sign and one descent step.",
        "loss",
        single.single_csv_rows,
        single.api_url,
        single.page_extras,
    ),
    Lesson(
        "samples",
        "/samples",
        N_("n samples"),
        "/samples.json",
        samples.page_state,
        "samples.html",
        samples.CLIENT_KEYS,
        "n samples: each term, SSE (their sum), MSE (their mean) and every dL/do_i.",
        "samples",
        samples.samples_csv_rows,
        samples.api_url,
        samples.page_extras,
    ),
    Lesson(
        "batches",
        "/batches",
        N_("Mini-batches"),
        "/batches.json",
        batches.page_state,
        "batches.html",
        batches.CLIENT_KEYS,
        "Mini-batches: each batch's mean gradient against the full-data mean, and their spread.",
        "batches",
        batches.batches_csv_rows,
        batches.api_url,
    ),
    Lesson(
        "weights",
        "/weights",
        N_("Weights"),
        "/weights.json",
        weights.weights_page_state,
        "weights.html",
        weights.WEIGHTS_CLIENT_KEYS,
        "From outputs to weights: the chain rule to dL/dw and dL/db for o = w·x + b.",
        "weights-contour",
        weights.weights_csv_rows,
        weights.weights_api_url,
    ),
    Lesson(
        "descent",
        "/descent",
        N_("Descent"),
        "/descent.json",
        weights.descent_page_state,
        "descent.html",
        weights.DESCENT_CLIENT_KEYS,
        "Gradient descent runs: step, play and reset; slow, one-step, oscillating, diverging.",
        "descent",
        weights.descent_csv_rows,
        weights.descent_api_url,
    ),
    Lesson(
        "losses",
        "/losses",
        N_("Other losses"),
        "/losses.json",
        losses.page_state,
        "losses.html",
        losses.CLIENT_KEYS,
        "Squared, absolute, Huber and cross-entropy losses: curves, gradients, tangents.",
        "losses-loss",
        losses.losses_csv_rows,
        losses.api_url,
    ),
    Lesson(
        "why",
        "/why",
        N_("Why? A guided tour"),
        "/why.json",
        why.page_state,
        "why.html",
        why.CLIENT_KEYS,
        "The guided tour: why a squared loss still has a signed gradient, step by step.",
    ),
)
