"""The mini-batch page, its JSON twin and its API endpoint."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from app import snippets
from app.errors import parse_lenient
from app.figures import batches as fig
from app.figures.layout import PLOT_CONFIG
from app.figures.samples import sign_label
from app.formatting import number, plain_list, short
from app.i18n import N_, _, decimal, ngettext, with_lang
from app.lessons import batches
from app.mathml import formula
from app.pages.chart import Chart
from app.querystring import query_string
from app.schemas import FEW_DIGITS, MAX_ROWS, Half, Outputs, Seed, Targets, check_length

DEFAULT_T = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0]
DEFAULT_O = [1.5, 1.0, 3.5, 5.0, 4.0, 7.5, 6.0, 8.5, 10.0, 9.0]
DEFAULT_B = 3
EPOCH_TOLERANCE = 1e-12
TABLE_ROWS = 25  # batches listed in the page's table; all of them are in the API's answer


def check_batch_size(size: int | None, info: ValidationInfo) -> int | None:
    """B may not exceed the number of rows n (a 422 naming batch_size otherwise)."""
    t = info.data.get("t")
    if size is not None and t is not None and size > len(t):
        raise PydanticCustomError(
            "batch_too_large",
            _("is {size} but there are only n = {n} rows: at most {n}").format(size=size, n=len(t)),
        )
    return size


class BatchesQuery(BaseModel):
    """The mini-batch page's state: the rows, the batch size B and the shuffle's seed."""

    model_config = ConfigDict(extra="ignore", frozen=True, validate_default=True)

    t: Targets = DEFAULT_T
    o: Outputs = DEFAULT_O
    batch_size: Annotated[int, Field(ge=1, le=MAX_ROWS), FEW_DIGITS] | None = Field(
        default=None,
        title="Batch size B",
        description=f"Samples per batch, 1 to n (default min({DEFAULT_B}, n)).",
        examples=[2],
    )
    seed: Seed = Field(
        default=7, description="Seed of numpy's default_rng for the epoch's shuffle."
    )
    half: Half = True

    _same_length = field_validator("o")(check_length)
    _batch_fits = field_validator("batch_size")(check_batch_size)

    @property
    def size(self) -> int:
        """B, or the default min(3, n)."""
        return self.batch_size if self.batch_size is not None else min(DEFAULT_B, len(self.t))


class BatchOut(BaseModel):
    """One mini-batch: which samples (0-based indices), how many, its mean dL/do_i."""

    indices: list[int]
    size: int
    mean_gradient: float


class SpreadOut(BaseModel):
    """Std of a batch's mean gradient for every batch size (exact, without replacement)."""

    batch_size: list[int]
    std: list[float]


class BatchesOut(BaseModel):
    """One epoch of mini-batches against the full-data mean gradient."""

    n: int
    batch_size: int
    seed: int
    half: bool
    gradients: list[float] = Field(description="dL/do_i = o_i − t_i (2(o_i − t_i) without ½)")
    batches: list[BatchOut]
    full_mean_gradient: float = Field(description="Mean of dL/do_i over all n samples")
    epoch_average: float = Field(description="Σ_b (|b|/n) · batch mean: equals the full mean")
    epoch_difference: float
    spread: SpreadOut
    batch_std: float = Field(description="Std of a batch mean at this B")


def batches_out(b: batches.Batches) -> dict[str, Any]:
    """The API's answer for one epoch, in the shape of BatchesOut.

    Written as plain data: at B = 1 the epoch has 1000 batches, and building and dumping 1000
    BatchOut models was most of a request. tests/test_batches.py checks the shape against the
    models.
    """
    return {
        "n": b.n,
        "batch_size": b.size,
        "seed": b.seed,
        "half": b.half,
        "gradients": b.gradients,
        "batches": [
            {"indices": i, "size": len(i), "mean_gradient": m}
            for i, m in zip(b.indices, b.means, strict=True)
        ],
        "full_mean_gradient": b.full_mean,
        "epoch_average": b.epoch_average,
        "epoch_difference": b.epoch_average - b.full_mean,
        "spread": {"batch_size": list(range(1, b.n + 1)), "std": b.spread},
        "batch_std": b.batch_std,
    }


FORMULAS = {
    "epoch": r"\sum_{b} \frac{|b|}{n}\, \bar{g}_b = \bar{g} & = \text{SLOTaverage}",
    "spread": r"\operatorname{sd}(\bar{g}_B) = \sqrt{\frac{\sigma^2}{B}\cdot\frac{n - B}{n - 1}}"
    r" & = \text{SLOTstd}",
}


def difference(d: float) -> str:
    """The epoch check's difference: 0.00 when exact, else in scientific notation.

    >>> difference(0.0), difference(-2.5e-17)
    ('0.00', '2.5e-17')
    """
    return number(0.0) if d == 0 else decimal(f"{abs(d):.1e}")


def batches_state(q: BatchesQuery, errors: dict[str, str] | None = None) -> dict[str, Any]:
    """Everything the mini-batch page shows for one query, as JSON-safe data."""
    b = batches.epoch(list(q.t), list(q.o), q.size, q.seed, q.half)
    out = batches_out(b)
    sizes = [len(i) for i in b.indices]
    last = _(" (the last has {size})").format(size=sizes[-1]) if sizes[-1] != b.size else ""
    shown = {
        "n": str(b.n),
        "B": str(b.size),
        "seed": str(b.seed),
        "count": str(len(sizes)),
        "full": sign_label(b.full_mean),
        "average": sign_label(b.epoch_average),
        "difference": difference(b.epoch_average - b.full_mean),
        "lo": sign_label(min(b.means), short),
        "hi": sign_label(max(b.means), short),
        "std": short(b.batch_std),
        "sigma": short(b.spread[0]),
        "last": last,
        "batches": "batch" if len(sizes) == 1 else "batches",
    }
    # the sentence's numbers to a few digits (the epoch check's table has them exact)
    prose = {
        **shown,
        "full": sign_label(b.full_mean, short),
        "average": sign_label(b.epoch_average, short),
    }
    rows = [
        {
            "samples": ", ".join(str(i + 1) for i in idx),
            "size": str(len(idx)),
            "weight": f"{len(idx)}/{b.n}",
            "mean": sign_label(m),
            "sign": "positive" if m > 0 else "negative" if m < 0 else "zero",
        }
        for idx, m in zip(b.indices[:TABLE_ROWS], b.means, strict=False)
    ]
    query = {"t": list(q.t), "o": list(q.o), "batch_size": b.size, "seed": q.seed, "half": q.half}
    return {
        "lesson": "batches",
        "query": query,
        "form": {"t": plain_list(q.t), "o": plain_list(q.o)},
        "errors": errors or {},
        "result": out,
        "shown": shown,
        "rows": rows,
        "rows_total": len(b.indices),
        "sentence": ngettext(
            "Seed {seed} shuffles the n = {n} samples into {count} batch of B = {B}{last}."
            " Their mean gradients run from {lo} to {hi} around the full-data mean {full};"
            " weighted by size, their average over the epoch is {average}, the full mean again.",
            "Seed {seed} shuffles the n = {n} samples into {count} batches of B = {B}{last}."
            " Their mean gradients run from {lo} to {hi} around the full-data mean {full};"
            " weighted by size, their average over the epoch is {average}, the full mean again.",
            len(sizes),
        ).format(**prose),
        "check": abs(b.epoch_average - b.full_mean) <= EPOCH_TOLERANCE,
        "formulas": {name: formula(tex, shown) for name, tex in FORMULAS.items()},
        "controls": {"batch_size": {"min": 1, "max": b.n, "step": 1}},
        "links": {
            "samples": with_lang(f"/samples?{query_string({'t': q.t, 'o': q.o, 'half': q.half})}")
        },
        "figures": {"means": fig.means_figure(b), "spread": fig.spread_figure(b)},
        "config": PLOT_CONFIG,
    }


API = "/api/v1/batches"  # its API answer; with SUMMARY and CHARTS, read by app.pages.registry
SUMMARY = "Mini-batches: each batch's mean gradient against the full-data mean, and their spread."
CHARTS = (
    Chart("batches", N_("Mini-batches: batch means"), "means"),
    Chart("batches-spread", N_("Mini-batches: spread by batch size"), "spread"),
)

CLIENT_KEYS = ("query", "controls", "figures", "config")
DEPENDS = {"o": ("t",), "batch_size": ("t", "o")}


def csv_rows(state: dict[str, Any]) -> list[list[Any]]:
    """The page's numbers as CSV rows (a header row, then the data)."""
    result = state["result"]
    rows: list[list[Any]] = [["batch", "size", "samples (1-based)", "mean dL/do"]]
    for k, batch in enumerate(result["batches"], start=1):
        samples = " ".join(str(i + 1) for i in batch["indices"])
        rows.append([k, batch["size"], samples, batch["mean_gradient"]])
    rows.append(["full data", result["n"], "all", result["full_mean_gradient"]])
    rows.append(["epoch average (size-weighted)", "", "", result["epoch_average"]])
    return rows


def page_state(params: Mapping[str, str]) -> dict[str, Any]:
    """The page's state from its URL: bad fields get a message and their default."""
    query, errors = parse_lenient(BatchesQuery, params, DEPENDS)
    return batches_state(query, errors)


def snippet(state: dict[str, Any]) -> str:
    """The page's numbers in numpy."""
    q = state["query"]
    return snippets.batches(state["result"], q["t"], q["o"])


# what batches.js writes (translated: app.pages.registry)
JS_MESSAGES = (N_("✓ within 1e−12"), N_("✗ more than 1e−12"))
