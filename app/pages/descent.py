"""The descent page: a whole gradient-descent run, precomputed, its sentence and its steps."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app import snippets
from app.figures import descent as dfig
from app.figures.layout import PLOT_CONFIG
from app.formatting import number, plain_list, short
from app.i18n import N_, _, ngettext, with_lang
from app.lessons import descent as dl
from app.lessons import weights as wl
from app.mathml import formula
from app.pages.chart import CARTESIAN, Chart
from app.pages.weights import TABLE_ROWS, data_of, typed_page
from app.querystring import query_string
from app.schemas_weights import DescentOut, DescentQuery


def status_sentence(run: dl.Run, lr: float, mode: str, half: bool, curvature: float) -> str:
    """One sentence for the whole run: converged, oscillating, still running or diverged."""
    k = run.iterations
    f = short(run.factor)
    lr_text = number(lr)
    if mode == "single":
        rule = "1 − η" if half else "1 − 2η"
        why = _("each step multiplies the error o − t by {rule} = {f}").format(rule=rule, f=f)
        name = "o"
    else:
        why = _(
            "along the steepest direction each step multiplies the distance to the minimum by"
            " 1 − η·λ = {f} (λ = {curvature}, the largest curvature)"
        ).format(f=f, curvature=short(curvature))
        name = "(w, b)"
    if run.status == "diverged":
        return ngettext(
            "Diverged: |{escaped}| passed {bound} after {count} step; drawing stops"
            " there. With η = {lr}, {why}, more than 1 in size, so {name} moves ever"
            " further from the minimum.",
            "Diverged: |{escaped}| passed {bound} after {count} steps; drawing stops"
            " there. With η = {lr}, {why}, more than 1 in size, so {name} moves ever"
            " further from the minimum.",
            k + 1,
        ).format(
            escaped=run.escaped,
            bound=f"{dl.BOUND:.0f}",
            count=k + 1,
            lr=lr_text,
            why=why,
            name=name,
        )
    if run.status == "converged":
        if k == 0:
            return _(
                "Already at the minimum: the gradient is 0 and {name} stays where it is."
            ).format(name=name)
        if k == 1:
            return _(
                "Converged after 1 step: with η = {lr}, {why}, so one step lands on it."
            ).format(lr=lr_text, why=why)
        if run.oscillates:
            return _(
                "Oscillates and converges: with η = {lr}, {why}, so {name} overshoots"
                " and flips side every step while the error shrinks; converged after {k} steps."
            ).format(lr=lr_text, why=why, name=name, k=k)
        return _(
            "Converged after {k} steps: with η = {lr}, {why}, so {name} creeps toward"
            " the minimum from one side."
        ).format(k=k, lr=lr_text, why=why, name=name)
    if abs(run.factor) > 1:
        trend = _("the loss grows: this η diverges, given more steps")
    elif abs(run.factor) == 1:
        trend = _("{name} bounces between two values for ever").format(name=name)
    else:
        trend = _("the loss is still falling: more steps would converge")
    return ngettext(
        "Still running after {k} step: with η = {lr}, {why}; {trend}.",
        "Still running after {k} steps: with η = {lr}, {why}; {trend}.",
        k,
    ).format(k=k, lr=lr_text, why=why, trend=trend)


def descent_out(run: dl.Run, mode: str, lr: float, sentence: str) -> DescentOut:
    """The API's answer for one run."""
    return DescentOut(
        mode=mode,
        learning_rate=lr,
        status=run.status,
        iterations=run.iterations,
        trajectory=run.values,
        loss=run.loss,
        gradient=run.gradient,
        sentence=sentence,
    )


SINGLE_STEP = (
    r"o_{k+1} = o_k - \eta \cdot \frac{dL}{do} & = \text{SLOTo_k} - \text{SLOTlr}"
    r" \cdot \text{SLOTg_kP} = \text{SLOTo_next}"
)
WEIGHTS_STEP = (
    r"w_{k+1} = w_k - \eta \frac{\partial L}{\partial w} & = \text{SLOTw_k} - \text{SLOTlr}"
    r" \cdot \text{SLOTgw_kP} = \text{SLOTw_next}"
)
BIAS_STEP = (
    r"b_{k+1} = b_k - \eta \frac{\partial L}{\partial b} & = \text{SLOTb_k} - \text{SLOTlr}"
    r" \cdot \text{SLOTgb_kP} = \text{SLOTb_next}"
)


def shown_at(
    run: dl.Run, k: int, lr: float, write: Callable[[float], str] = short
) -> dict[str, str]:
    """The numbers of iteration k as the page writes them, to a few digits so they fit their
    panel; `number` writes them in full for the cells' titles and the CSV has every digit
    (static/js/descent.js mirrors it)."""
    last = run.iterations
    nxt = min(k + 1, last)
    out = {"k": str(k), "loss_k": write(run.loss[k]), "lr": number(lr)}
    for name, values in run.values.items():
        out[f"{name}_k"] = write(values[k])
        out[f"{name}_next"] = write(values[nxt])
    grads = run.gradient
    if "o" in grads:
        out["g_k"] = write(grads["o"][k])
    else:
        out["gw_k"] = write(grads["w"][k])
        out["gb_k"] = write(grads["b"][k])
    return out


def descent_state(q: DescentQuery, errors: dict[str, str] | None = None) -> dict[str, Any]:
    """Everything the descent page shows for one query: the whole run, precomputed."""
    if q.mode == "single":
        t = q.t[0] if q.t else 1.0
        curvature = 1.0 if q.half else 2.0
        lr = q.lr or dl.presets(curvature)[0]
        run = dl.run_single(t, q.o, lr, q.steps, q.half)
        figures = {
            "path": dfig.single_path_figure(t, run, q.half),
            "losses": dfig.loss_figure(run),
        }
        steps_tex = {"step": SINGLE_STEP}
        data = {"x": "", "t": repr(t)}
    else:
        x, ts = data_of(q.x, q.t, q.seed)
        bowl = wl.bowl(x, ts, q.half, q.mean)
        curvature = wl.curvature(bowl)
        lr = q.lr or dl.presets(curvature)[0]
        run = dl.run_weights(x, ts, q.w, q.b, lr, q.steps, q.half, q.mean, curvature)
        figures = {"path": dfig.weights_path_figure(bowl, run), "losses": dfig.loss_figure(run)}
        steps_tex = {"step": WEIGHTS_STEP, "step_b": BIAS_STEP}
        data = {"x": plain_list(x), "t": plain_list(ts)}
    sentence = status_sentence(run, lr, q.mode, q.half, curvature)
    query = q.model_dump()
    base = "/descent?" + query_string({**query, "lr": None})
    rows = sorted({*range(min(run.iterations + 1, TABLE_ROWS)), run.iterations})
    table = [shown_at(run, k, lr) for k in rows]  # rows[0] is step 0: the numbers first shown
    full = [shown_at(run, k, lr, number) for k in rows]  # the cells' titles: every digit
    shown = table[0]
    presets = [
        {"lr": v, "label": _(label), "href": with_lang(f"{base}&lr={v}")}
        for v, label in zip(
            dl.presets(curvature),
            (N_("slow"), N_("one step"), N_("overshoots"), N_("diverges")),
            strict=True,
        )
    ]
    return {
        "lesson": "descent",
        "query": query,
        "errors": errors or {},
        "result": descent_out(run, q.mode, lr, sentence).model_dump(),
        "learning_rate": lr,
        "curvature": curvature,
        "presets": presets,
        "data": data,
        "shown": shown,
        "sentence": sentence,
        "status": run.status,
        "table": table,
        "table_full": full,
        "formulas": {name: formula(tex, shown) for name, tex in steps_tex.items()},
        "figures": figures,
        "config": PLOT_CONFIG,
    }


def csv_rows(state: dict[str, Any]) -> list[list[Any]]:
    """The page's numbers as CSV rows (a header row, then the data)."""
    result = state["result"]
    names = list(result["trajectory"])
    rows: list[list[Any]] = [["iteration", *names, "loss", *(f"dL/d{n}" for n in names)]]
    for k, loss in enumerate(result["loss"]):
        values = [result["trajectory"][n][k] for n in names]
        grads = [result["gradient"][n][k] if k < len(result["gradient"][n]) else "" for n in names]
        rows.append([k, *values, loss, *grads])
    return rows


page_state = typed_page(DescentQuery, descent_state)


API = "/api/v1/descent"  # its API answer; with SUMMARY and CHARTS, read by app.pages.registry
SUMMARY = "Gradient descent runs: step, play and reset; slow, one-step, oscillating, diverging."
CHARTS = (
    Chart("descent", N_("Gradient descent: the run"), "path", (), CARTESIAN),
    Chart("descent-loss", N_("Gradient descent: loss by iteration"), "losses"),
)

# what descent.js reads; the rest of the state is already in the HTML
CLIENT_KEYS = ("query", "shown", "figures", "config", "result", "learning_rate", "errors")


def snippet(state: dict[str, Any]) -> str:
    """The page's numbers in numpy."""
    return snippets.descent(state)


# what descent.js writes (translated: app.pages.registry)
JS_MESSAGES = (
    N_("The server could not be reached; the run above may be out of date."),
    N_("Step {k}: loss {loss}"),
    N_("Play"),
    N_("Pause"),
    N_("of {n}"),
)
