"""The n-samples page (SSE vs MSE), its JSON twin and its API endpoint."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

from app import snippets
from app.errors import parse_lenient
from app.figures import samples as fig
from app.figures.layout import PLOT_CONFIG
from app.formatting import number, plain_list, short
from app.i18n import N_, _, with_lang
from app.lessons import samples
from app.lessons.exercises import SEED_LIMIT
from app.mathml import formula
from app.pages.chart import Chart
from app.pages.exercises import exercise_for_page
from app.querystring import query_string
from app.schemas import FEW_DIGITS, MAX_ROWS, Half, Outputs, Seed, Targets, check_length

M = TypeVar("M", bound=BaseModel)
# mixed signs whose gradients do not cancel (Σ dSSE/do_i = 2.5), and every number exact with
# the ½ and without it (n = 4 divides them exactly): the page's point, the sum grows with n
DEFAULT_T = [1.0, 2.0, 3.0, 4.0]
DEFAULT_O = [2.0, 1.5, 4.0, 5.0]

Rows = Annotated[
    int,
    Field(ge=1, le=MAX_ROWS, title="Rows n", description="How many random rows to draw."),
    FEW_DIGITS,
]


class SamplesQuery(BaseModel):
    """The data of the n-samples page: t and o lists, or random rows from a seed."""

    # defaults are validated too, so a default o is checked against a given t
    model_config = ConfigDict(extra="ignore", frozen=True, validate_default=True)

    t: Targets = DEFAULT_T
    o: Outputs = DEFAULT_O
    half: Half = True
    seed: Seed | None = Field(
        default=None,
        description="If given, n random rows from numpy's default_rng(seed) replace t and o.",
    )
    n: Rows = 10

    _same_length = field_validator("o")(check_length)

    def data(self) -> tuple[list[float], list[float]]:
        """The rows (t, o): random ones when a seed is given, else the lists as typed."""
        if self.seed is not None:
            return samples.random_data(self.seed, self.n)
        return list(self.t), list(self.o)


class GradientsOut(BaseModel):
    """dL/do_i for each sample, under each loss."""

    sse: list[float] = Field(description="dSSE/do_i = o_i − t_i (2(o_i − t_i) without the ½)")
    mse: list[float] = Field(description="dMSE/do_i = dSSE/do_i / n")


class TotalsOut(BaseModel):
    """n, SSE, MSE and the summed gradients of one data set."""

    n: int
    sse: float
    mse: float
    gradient_sum: dict[str, float] = Field(
        description="Σ dSSE/do_i and Σ dMSE/do_i: the gradients for a shift shared by all outputs"
    )


class SamplesOut(BaseModel):
    """Each sample's term and gradient, SSE, MSE, and the same data written out twice."""

    n: int
    half: bool
    t: list[float]
    o: list[float]
    terms: list[float] = Field(description="½(t_i − o_i)² ((t_i − o_i)² without the ½)")
    sse: float = Field(description="Sum of the terms")
    mse: float = Field(description="Mean of the terms, SSE / n")
    gradient: GradientsOut
    gradient_sum: dict[str, float]
    twice: TotalsOut = Field(description="The same numbers for the data duplicated (2n rows)")


def _totals(s: samples.Summary | samples.Totals) -> TotalsOut:
    return TotalsOut(
        n=s.n,
        sse=s.sse,
        mse=s.mse,
        gradient_sum={"sse": s.grad_sse_sum, "mse": s.grad_mse_sum},
    )


def samples_out(
    t: list[float], o: list[float], half: bool
) -> tuple[SamplesOut, samples.Summary, samples.Totals]:
    """The API's answer for one data set, and the summaries of the data once and twice."""
    s = samples.summarize(t, o, half)
    twice = samples.repeated(s)
    out = SamplesOut(
        n=s.n,
        half=half,
        t=t,
        o=o,
        terms=s.terms,
        sse=s.sse,
        mse=s.mse,
        gradient=GradientsOut(sse=s.grad_sse, mse=s.grad_mse),
        gradient_sum={"sse": s.grad_sse_sum, "mse": s.grad_mse_sum},
        twice=_totals(twice),
    )
    return out, s, twice


def _url_query(q: SamplesQuery) -> dict[str, Any]:
    if q.seed is not None:
        return {"seed": q.seed, "n": q.n, "half": q.half}
    return {"t": list(q.t), "o": list(q.o), "half": q.half}


def sign_word(g: float) -> str:
    """How a gradient's sign reads in the table."""
    return "positive" if g > 0 else "negative" if g < 0 else "zero"


SENTENCE = N_(
    "With n = {n} samples, SSE = {sse} is the sum of the {n} terms and MSE = SSE/{n} = {mse}"
    " is their mean. Written out twice (n = {n2}), SSE doubles to {sse2} and Σ dSSE/do_i"
    " doubles to {gsum2}, while MSE stays {mse2} and Σ dMSE/do_i stays {gmsum2}."
)

TERM = {True: r"\tfrac{1}{2}(t_i - o_i)^2", False: r"(t_i - o_i)^2"}
GRAD = {True: "o_1 - t_1", False: "2(o_1 - t_1)"}
WRITTEN_OUT = 6  # the SSE formula lists the terms up to this many samples
# rows written into the page's table; the script writes the rest from the result arrays, and
# without it the note links to all of them (every row written costs server time)
TABLE_ROWS = 25


def formulas(text: dict[str, str], s: samples.Summary) -> dict[str, str]:
    """SSE, MSE and the first sample's gradients as MathML with the numbers in."""
    values = dict(text)
    listed = ""
    if s.n <= WRITTEN_OUT:
        for i, term in enumerate(s.terms[:WRITTEN_OUT]):
            values[f"term{i}"] = number(term)
        listed = " + ".join(rf"\text{{SLOTterm{i}}}" for i in range(s.n)) + " = "
    grad = GRAD[s.half]
    two = "" if s.half else r"2(\text{SLOTo1} - \text{SLOTt1P})"
    first = two or r"\text{SLOTo1} - \text{SLOTt1P}"
    return {
        "sse": formula(
            rf"\mathrm{{SSE}} = \sum_{{i=1}}^{{n}} {TERM[s.half]} & = {listed}\text{{SLOTsse}}",
            values,
        ),
        "mse": formula(
            r"\mathrm{MSE} = \frac{\mathrm{SSE}}{n} & = \frac{\text{SLOTsse}}{\text{SLOTn}}"
            r" = \text{SLOTmse}",
            values,
        ),
        "gradient": formula(
            rf"\frac{{\partial\,\mathrm{{SSE}}}}{{\partial o_1}} = {grad} & = {first}"
            r" = \text{SLOTg1} & \frac{\partial\,\mathrm{MSE}}{\partial o_1}"
            r" = \frac{1}{n}\frac{\partial\,\mathrm{SSE}}{\partial o_1}"
            r" & = \frac{\text{SLOTg1}}{\text{SLOTn}} = \text{SLOTm1}",
            values,
        ),
    }


def prose(s: samples.Summary, twice: samples.Totals) -> dict[str, str]:
    """The sentence's numbers, to a few digits (the table beside it has them exact)."""
    return {
        "n": str(s.n),
        "sse": short(s.sse),
        "mse": short(s.mse),
        "n2": str(twice.n),
        "sse2": short(twice.sse),
        "mse2": short(twice.mse),
        "gsum2": fig.sign_label(twice.grad_sse_sum, short),
        "gmsum2": fig.sign_label(twice.grad_mse_sum, short),
    }


def samples_state(q: SamplesQuery, errors: dict[str, str] | None = None) -> dict[str, Any]:
    """Everything the n-samples page shows for one query, as JSON-safe data."""
    t, o = q.data()
    out, s, twice = samples_out(t, o, q.half)
    shown = {
        "n": str(s.n),
        "sse": number(s.sse),
        "mse": number(s.mse),
        "gsum": fig.sign_label(s.grad_sse_sum),
        "gmsum": fig.sign_label(s.grad_mse_sum),
        "n2": str(twice.n),
        "sse2": number(twice.sse),
        "mse2": number(twice.mse),
        "gsum2": fig.sign_label(twice.grad_sse_sum),
        "gmsum2": fig.sign_label(twice.grad_mse_sum),
        "t1": number(t[0]),
        "o1": number(o[0]),
        "g1": number(s.grad_sse[0]),
        "m1": number(s.grad_mse[0]),
    }
    rows = [
        {
            "t": number(ti),
            "o": number(oi),
            "term": number(term),
            "grad_sse": fig.sign_label(g),
            "grad_mse": fig.sign_label(m),
            "sign": sign_word(g),
        }
        for ti, oi, term, g, m in zip(
            t[:TABLE_ROWS], o, s.terms, s.grad_sse, s.grad_mse, strict=False
        )
    ]
    can_duplicate = 2 * s.n <= MAX_ROWS
    duplicate = {"t": t + t, "o": o + o, "half": q.half}
    random_seed = 0 if q.seed is None else (q.seed + 1) % SEED_LIMIT
    return {
        "lesson": "samples",
        "query": _url_query(q),
        "form": {
            "t": plain_list(t),
            "o": plain_list(o),
            "seed": random_seed,  # the random button's next seed
            "n": q.n,
        },
        "errors": errors or {},
        "result": out.model_dump(),
        "shown": shown,
        "rows": rows,
        "sentence": _(SENTENCE).format(**prose(s, twice)),
        "source": (
            _("Random rows: default_rng({seed}), n = {n}.").format(seed=q.seed, n=q.n)
            if q.seed is not None
            else _("Rows as typed.")
        ),
        "labels": {
            "term": "½(t_i − o_i)²" if q.half else "(t_i − o_i)²",
            "grad_sse": "dSSE/do_i = o_i − t_i" if q.half else "dSSE/do_i = 2(o_i − t_i)",
            "grad_mse": "dMSE/do_i = dSSE/do_i ÷ n",
        },
        "formulas": formulas(shown, s),
        "links": {
            "duplicate": with_lang(f"/samples?{query_string(duplicate)}")
            if can_duplicate
            else None,
            "next_random": with_lang(f"/samples?{query_string({'seed': random_seed, 'n': q.n})}"),
        },
        "max_rows": MAX_ROWS,
        "figures": {
            "terms": fig.terms_figure(s),
            "gradient": fig.gradient_figure(s),
            "copies": fig.copies_figure(samples.copies(s, fig.COPIES)),
        },
        "config": PLOT_CONFIG,
    }


API = "/api/v1/samples"  # its API answer; with SUMMARY and CHARTS, read by app.pages.registry
SUMMARY = "n samples: each term, SSE (their sum), MSE (their mean) and every dL/do_i."
CHARTS = (
    Chart("samples", N_("n samples: each term"), "terms"),
    Chart("samples-gradient", N_("n samples: each gradient"), "gradient"),
    Chart("samples-copies", N_("n samples: the data copied"), "copies"),
)

CLIENT_KEYS = (
    "query",
    "form",
    "result",
    "shown",
    "labels",
    "links",
    "figures",
    "config",
    "max_rows",
)
DEPENDS = {"o": ("t",)}


def csv_rows(state: dict[str, Any]) -> list[list[Any]]:
    """One row per sample: t_i, o_i, its term and both gradients; then the totals."""
    result = state["result"]
    rows: list[list[Any]] = [["i", "t", "o", "term", "dSSE/do", "dMSE/do"]]
    for i, (t, o, term, g, m) in enumerate(
        zip(
            result["t"],
            result["o"],
            result["terms"],
            result["gradient"]["sse"],
            result["gradient"]["mse"],
            strict=True,
        ),
        start=1,
    ):
        rows.append([i, t, o, term, g, m])
    rows.append(["SSE", "", "", result["sse"], "", ""])
    rows.append(["MSE", "", "", result["mse"], "", ""])
    return rows


def page_state(params: Mapping[str, str]) -> dict[str, Any]:
    """The page's state from its URL: bad fields get a message and their default."""
    query, errors = parse_lenient(SamplesQuery, params, DEPENDS)
    return samples_state(query, errors)


def page_extras(params: Mapping[str, str], state: dict[str, Any]) -> dict[str, Any]:
    """What the page shows beside its state: the exercise of its kind."""
    return {"exercise_state": exercise_for_page(params, "samples", state["result"]["half"])}


def snippet(state: dict[str, Any]) -> str:
    """The page's numbers in numpy."""
    result = state["result"]
    return snippets.samples(result["t"], result["o"], result["half"])


# what samples.js writes (translated: app.pages.registry)
JS_MESSAGES = (
    N_("Remove"),
    N_("Remove sample {i}"),
    N_("Paste at least one line “t,o”."),
    N_("At most {n} lines."),
    N_("Line {k} needs two numbers “t,o”, not “{line}”."),
)
