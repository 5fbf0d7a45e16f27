"""The weights page: o = w·x + b, the chain rule to dL/dw and dL/db, and its bowl (each page
and its JSON twin render one state)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, TypeVar

from pydantic import BaseModel

from app import snippets
from app.errors import parse_lenient
from app.figures import weights as wfig
from app.figures.layout import PLOT_CONFIG
from app.formatting import number, plain_list, short
from app.i18n import N_, _
from app.lessons import weights as wl
from app.mathml import formula
from app.pages.chart import CARTESIAN, Chart
from app.schemas_weights import WeightsQuery

M = TypeVar("M", bound=BaseModel)

TABLE_ROWS = 12  # rows of the data table written out; the rest are summed but not listed
FORMULA_TERMS = 4  # terms of a sum written out before "+ …"


# x and t fall back to their defaults together: a bad one would leave the other with a
# different length
PAIRED = ("x", "t")


def keep_typed(state: dict[str, Any], params: Mapping[str, str]) -> dict[str, Any]:
    """After a bad x or t, show the lists as typed beside the message (the page is drawn
    from the defaults)."""
    if {"x", "t"} & set(state["errors"]):
        state["data_used"] = state["data"]  # what the run was computed from (the snippet's)
        state["data"] = {name: params.get(name, "") for name in ("x", "t")}
    return state


def data_of(x: list[float] | None, t: list[float] | None, seed: int) -> tuple[list[float], ...]:
    """The data set: as given, or the seeded random one."""
    if x is None or t is None:
        return wl.seeded_data(seed)
    return x, t


# ---- weights -------------------------------------------------------------------------------


def weights_out(x: list[float], t: list[float], p: wl.Point) -> dict[str, Any]:
    """The API's answer for one state, in the shape of WeightsOut (written as plain data, not
    validated only to be dumped again; tests check the shape against the model)."""
    return {
        "x": list(x),
        "t": list(t),
        "w": p.w,
        "b": p.b,
        "outputs": p.outputs,
        "loss": p.loss,
        "gradient": {"w": p.grad_w, "b": p.grad_b},
        "step": {
            "learning_rate": p.learning_rate,
            "w": p.next_w,
            "b": p.next_b,
            "loss": p.next_loss,
        },
        "mean_error": p.mean_error,
        "half": p.half,
        "mean": p.mean,
    }


def _prefix(half: bool, mean: bool, n: int, loss: bool) -> str:
    """The constant in front of Σ for the active convention (TeX)."""
    if loss:
        if half:
            return rf"\frac{{1}}{{2\cdot {n}}}" if mean else r"\tfrac{1}{2}"
        return rf"\frac{{1}}{{{n}}}" if mean else ""
    if half:
        return rf"\frac{{1}}{{{n}}}" if mean else ""
    return rf"\frac{{2}}{{{n}}}" if mean else "2"


def weights_formulas(
    x: list[float], t: list[float], p: wl.Point, shown: dict[str, str]
) -> dict[str, str]:
    """Loss and both gradients for the active convention, written out with the numbers."""
    n = len(x)
    values = dict(shown)
    terms_e: list[str] = []
    terms_ex: list[str] = []
    terms_sq: list[str] = []
    for i in range(min(n, FORMULA_TERMS)):
        values[f"e{i}"] = number(p.errors[i])
        values[f"x{i}"] = number(x[i])
        terms_e.append(rf"\text{{SLOTe{i}P}}")
        terms_ex.append(rf"\text{{SLOTe{i}P}} \cdot \text{{SLOTx{i}P}}")
        terms_sq.append(rf"\text{{SLOTe{i}P}}^2")
    more = r" + \ldots" if n > FORMULA_TERMS else ""

    def wrap(prefix: str, terms: list[str]) -> str:
        body = " + ".join(terms) + more
        return rf"{prefix}\left({body}\right)" if prefix else body

    lp, gp = _prefix(p.half, p.mean, n, True), _prefix(p.half, p.mean, n, False)
    texts = {
        "outputs": r"o_i = w \cdot x_i + b & = \text{SLOTw} \cdot x_i + \text{SLOTbP}",
        "loss": rf"L = {lp}\sum_i (o_i - t_i)^2 & = {wrap(lp, terms_sq)} = \text{{SLOTloss}}",
        "grad_w": rf"\frac{{\partial L}}{{\partial w}} = {gp}\sum_i (o_i - t_i)\,x_i"
        rf" & = {wrap(gp, terms_ex)} = \text{{SLOTgrad_w}}",
        "grad_b": rf"\frac{{\partial L}}{{\partial b}} = {gp}\sum_i (o_i - t_i)"
        rf" & = {wrap(gp, terms_e)} = \text{{SLOTgrad_b}}",
        "step": r"w \leftarrow w - \eta \frac{\partial L}{\partial w} & = \text{SLOTw} - "
        r"\text{SLOTlr} \cdot \text{SLOTgrad_wP} = \text{SLOTnext_w}",
        "step_b": r"b \leftarrow b - \eta \frac{\partial L}{\partial b} & = \text{SLOTb} - "
        r"\text{SLOTlr} \cdot \text{SLOTgrad_bP} = \text{SLOTnext_b}",
    }
    return {name: formula(tex, values) for name, tex in texts.items()}


def signed(value: float, text: str | None = None) -> str:
    """A number with its sign written, + included (`text` is the number as already written).

    >>> signed(2.0), signed(-2.0), signed(0.0), signed(1 / 3, "≈0.333")
    ('+2.00', '−2.00', '0.00', '≈+0.333')
    """
    text = number(value) if text is None else text
    if value <= 0:
        return text
    return "\u2248+" + text[1:] if text.startswith("\u2248") else "+" + text


def _grad_w_rule(half: bool, mean: bool, n: int) -> str:
    """dL/dw's rule in words for the active convention: (o − t)·x for one row, a sum else."""
    factor = ("1" if half else "2") + (f"/{n}" if mean and n > 1 else "")
    prefix = "" if factor == "1" else f"{factor}·"
    return f"{prefix}(o − t)·x" if n == 1 else f"{prefix}Σ(o_i − t_i)·x_i"


def weight_sentence(x: list[float], p: wl.Point, shown: dict[str, str]) -> str:
    """Which way the step moves w and why: the sign of dL/dw is the sign of (o − t) times
    the sign of x, so a too-low output lowers w where x < 0."""
    g = signed(p.grad_w, shown["grad_w"])
    rule = _grad_w_rule(p.half, p.mean, len(x))
    if len(x) == 1:
        e, xi = p.errors[0], x[0]
        if p.grad_w == 0:
            verdict = (
                _("the output is right, so w stays where it is.")
                if e == 0
                else _("with x = 0, w does not move the output, and it stays where it is.")
            )
        elif p.grad_w > 0:
            verdict = (
                _("w decreases because the output is too high.")
                if e > 0
                else _(
                    "w decreases although the output is too low (with x < 0, a smaller w"
                    " makes w·x larger)."
                )
            )
        else:
            verdict = (
                _("w increases because the output is too low.")
                if e < 0
                else _(
                    "w increases although the output is too high (with x < 0, a larger w"
                    " makes w·x smaller)."
                )
            )
        return _("dL/dw = {rule} = {g} because o − t = {e} and x = {x}: {verdict}").format(
            rule=rule, g=g, e=signed(e), x=signed(xi), verdict=verdict
        )
    signs = [(e > 0) - (e < 0) for e in p.errors]
    terms = [s * ((v > 0) - (v < 0)) for s, v in zip(signs, x, strict=True)]
    if p.grad_w > 0:
        total = _("the sum is positive, so w decreases.")
    elif p.grad_w < 0:
        total = _("the sum is negative, so w increases.")
    else:
        total = _("the sum is 0, so w stays where it is.")
    return _("dL/dw = {rule} = {g} (terms: {pos} positive, {neg} negative): {total}").format(
        rule=rule, g=g, pos=terms.count(1), neg=terms.count(-1), total=total
    )


def weights_sentence(x: list[float], p: wl.Point, shown: dict[str, str]) -> tuple[str, str]:
    """Three lines: which way w moves and why (the learner's question), what the step does to
    b (and so to every output), and how the mean output moves.

    Returns the sentence and a direction key ("decrease", "increase", "none") for styling.
    """
    me = short(p.mean_error)
    mean_error = signed(p.mean_error, me)
    gb = signed(p.grad_b, shown["grad_b"])
    # three lines (the page shows them so): w, the learner's question, first; then b; then
    # what the whole step does to the outputs
    w_line = weight_sentence(x, p, shown)
    tail = "\n" + _("The mean output moves from {before} to {after}.").format(
        before=short(p.mean_output), after=short(p.next_mean_output)
    )
    if p.mean_error > 0:
        b_line, direction = (
            _(
                "The outputs are too high on average (mean o − t = {signed}): dL/db = {gb}, so"
                " b decreases by {shift}."
            ).format(signed=mean_error, gb=gb, shift=shown["b_shift"]),
            "decrease",
        )
    elif p.mean_error < 0:
        b_line, direction = (
            _(
                "The outputs are too low on average (mean o − t = {signed}): dL/db = {gb}, so"
                " b increases by {shift}."
            ).format(signed=mean_error, gb=gb, shift=shown["b_shift"]),
            "increase",
        )
    else:
        b_line, direction = (
            _(
                "The outputs are right on average (mean o − t = {me}): dL/db = {gb}, so b stays"
                " where it is."
            ).format(me=me, gb=gb),
            "none",
        )
    return w_line + "\n" + b_line + tail, direction


W_SLIDER = {"min": -5.0, "max": 5.0, "step": 0.01}
LR_SLIDER = {"min": 0.001, "max": 1.0, "step": 0.001}


def _slider(base: dict[str, float], value: float) -> dict[str, float]:
    return {**base, "min": min(base["min"], value), "max": max(base["max"], value)}


def weights_state(q: WeightsQuery, errors: dict[str, str] | None = None) -> dict[str, Any]:
    """Everything the weights page shows for one query, as JSON-safe data."""
    x, t = data_of(q.x, q.t, q.seed)
    p = wl.at(x, t, q.w, q.b, q.lr, q.half, q.mean)
    bowl = wl.bowl(x, t, q.half, q.mean)
    box = wfig.box_around([q.w, p.next_w, bowl.w_min], [q.b, p.next_b, bowl.b_min])
    shown = {
        "w": number(q.w),
        "b": number(q.b),
        "lr": number(q.lr),
        "n": str(len(x)),
        "loss": number(p.loss),
        "grad_w": number(p.grad_w),
        "grad_b": number(p.grad_b),
        "next_w": number(p.next_w),
        "next_b": number(p.next_b),
        "next_loss": number(p.next_loss),
        "mean_error": number(p.mean_error),
        "b_shift": number(abs(float(Decimal(repr(q.lr)) * Decimal(repr(p.grad_b))))),
        "w_min": number(bowl.w_min),
        "b_min": number(bowl.b_min),
    }
    sentence, direction = weights_sentence(x, p, shown)
    rows = [
        {
            "x": number(x[i]),
            "t": number(t[i]),
            "o": number(p.outputs[i]),
            "e": number(p.errors[i]),
            "ex": number(p.errors[i] * x[i]),
        }
        for i in range(min(len(x), TABLE_ROWS))
    ]
    return {
        "lesson": "weights",
        "query": q.model_dump(),
        "errors": errors or {},
        "result": weights_out(x, t, p),
        "data": {"x": plain_list(x), "t": plain_list(t)},
        "shown": shown,
        "sentence": sentence,
        "direction": direction,
        "rows": rows,
        "more_rows": max(0, len(x) - TABLE_ROWS),
        "formulas": weights_formulas(x, t, p, shown),
        "controls": {
            "w": _slider(W_SLIDER, q.w),
            "b": _slider(W_SLIDER, q.b),
            "lr": _slider(LR_SLIDER, q.lr),
        },
        "figures": {
            "fit": wfig.fit_figure(x, t, p),
            "slice": wfig.slice_figure(bowl, p, box),
            "contour": wfig.contour_figure(bowl, p, box),
        },
        "config": PLOT_CONFIG,
    }


def csv_rows(state: dict[str, Any]) -> list[list[Any]]:
    """The page's numbers as CSV rows (a header row, then the data)."""
    result = state["result"]
    rows: list[list[Any]] = [["i", "x", "t", "o = w·x + b", "o − t", "(o − t)·x"]]
    for i, (x, t, o) in enumerate(zip(result["x"], result["t"], result["outputs"], strict=True)):
        # exact, as the page writes them: the decimals as shown, not binary float noise
        dx, dt, do = (Decimal(repr(float(v))) for v in (x, t, o))
        rows.append([i + 1, x, t, o, float(do - dt), float((do - dt) * dx)])
    rows.append(["w", result["w"], "", "", "", ""])
    rows.append(["b", result["b"], "", "", "", ""])
    rows.append(["loss", result["loss"], "", "", "", ""])
    rows.append(["dL/dw", result["gradient"]["w"], "", "", "", ""])
    rows.append(["dL/db", result["gradient"]["b"], "", "", "", ""])
    return rows


def typed_page(
    model: type[M], build: Callable[[M, dict[str, str]], dict[str, Any]]
) -> Callable[[Mapping[str, str]], dict[str, Any]]:
    """A page's state from its URL (x and t falling back together), the typed lists kept as
    typed: the weights and descent pages."""

    def page_state(params: Mapping[str, str]) -> dict[str, Any]:
        query, errors = parse_lenient(model, params, together=PAIRED)
        return keep_typed(build(query, errors), params)

    return page_state


page_state = typed_page(WeightsQuery, weights_state)


API = "/api/v1/weights"  # its API answer; with SUMMARY and CHARTS, read by app.pages.registry
SUMMARY = "From outputs to weights: the chain rule to dL/dw and dL/db for o = w·x + b."
CHARTS = (
    Chart("weights-fit", N_("Weights: the data and the fitted line"), "fit"),
    Chart("weights-slice", N_("Weights: the loss against w"), "slice"),
    Chart("weights-contour", N_("Weights: the loss over (w, b)"), "contour", (), CARTESIAN),
)

# what weights.js reads; the rest of the state is already in the HTML
CLIENT_KEYS = ("query", "shown", "controls", "figures", "config", "errors")


def snippet(state: dict[str, Any]) -> str:
    """The page's numbers in numpy."""
    return snippets.weights(state["result"])
