"""Exercises: "is the gradient positive or negative here, and which way will the step move o?"

A question is rebuilt from its seed, so nothing is stored on the server: the API and the GET
form take the seed and the learner's answers, and the score travels in the URL or the page.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.errors import parse_lenient
from app.figures.exercises import answer_figure
from app.formatting import number
from app.i18n import N_, _, list_separator
from app.lessons import exercises as ex
from app.querystring import query_string
from app.schemas import FEW_DIGITS, MAX_INT_DIGITS, Seed

MAX_SCORE = 1_000_000

KindField = Annotated[
    Literal["single", "samples"],
    Field(
        title="Kind",
        description="single: one target and output. samples: a few rows (t_i, o_i) and SSE,"
        " asking about one row's output o_k.",
    ),
]
HalfField = Annotated[
    bool, Field(title="Half factor", description="1: L = ½(t − o)². 0: L = (t − o)².")
]
Count = Annotated[int, Field(ge=0, le=MAX_SCORE), FEW_DIGITS]
SignAnswer = Annotated[
    Literal["positive", "negative"], Field(description="The learner's sign of the gradient.")
]
MoveAnswer = Annotated[
    Literal["increase", "decrease"], Field(description="Which way the learner says o moves.")
]


class NewQuery(BaseModel):
    """Which exercise to make: its kind and seed (a random seed when left out)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    kind: KindField = "single"
    seed: Seed | None = None
    half: HalfField = True


class CheckIn(BaseModel):
    """The question (kind, seed, half), the learner's two answers, and the score so far."""

    # strict: a JSON body says 3, not "3", and true is not the count 1 (what lax mode reads)
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    kind: KindField = "single"
    seed: Seed
    half: HalfField = True
    sign: SignAnswer
    move: MoveAnswer
    score: Count = Field(default=0, description="Questions answered fully right so far.")
    tries: Count = Field(default=0, description="Questions answered so far.")


class PageQuery(BaseModel):
    """The GET form of /exercise: the question, and the answers once the learner checks."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    kind: KindField = "single"
    seed: Seed | None = None
    half: HalfField = True
    score: Count = 0
    tries: Count = 0
    sign: SignAnswer | None = None
    move: MoveAnswer | None = None


class RowOut(BaseModel):
    """One row of the exercise: its target and output, as numbers and as the page writes them."""

    i: int
    t: float
    o: float
    t_shown: str
    o_shown: str


class ExerciseOut(BaseModel):
    """A question: the rows, which output it is about (1-based row), η, and the next seed."""

    kind: Literal["single", "samples"]
    seed: int
    half: bool
    lr: float
    row: int
    rows: list[RowOut]
    names: dict[str, str]
    shown: dict[str, str]
    question: str
    next_seed: int


class Pair(BaseModel):
    """A sign and a move."""

    sign: str | None
    move: str | None


class RightOut(BaseModel):
    """Whether each answer was right."""

    sign: bool
    move: bool


class CheckOut(BaseModel):
    """The verdict on the learner's answers, the right ones, why, and the new score."""

    kind: Literal["single", "samples"]
    seed: int
    answers: Pair
    correct: Pair
    right: RightOut
    all_right: bool
    gradient: float
    next_output: float
    verdict: str
    explanation: str
    score: int
    tries: int
    next_seed: int


def random_seed() -> int:
    """A fresh seed for a new question."""
    return secrets.randbelow(ex.SEED_LIMIT)


def state_seed(params: Mapping[str, str]) -> int:
    """A seed fixed by the page's parameters: a question per state, the same on every reload."""
    text = "&".join(f"{k}={v}" for k, v in sorted(params.items()))
    digest = hashlib.blake2b(text.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") % ex.SEED_LIMIT


def exercise_out(exercise: ex.Exercise) -> dict[str, Any]:
    """The question as JSON-safe data: what the page and the API show."""
    names = ex.names(exercise)
    k = exercise.row
    shown = {
        "t": number(exercise.targets[k]),
        "o": number(exercise.outputs[k]),
        "lr": number(exercise.lr),
    }
    loss = "L = ½(t − o)²" if exercise.half else "L = (t − o)²"
    if exercise.kind == "samples":
        loss = "SSE = ½ Σ (tᵢ − oᵢ)²" if exercise.half else "SSE = Σ (tᵢ − oᵢ)²"
        where = _("Row {row}: {t} = {t_value}, {o} = {o_value}").format(
            row=k + 1, t=names["t"], t_value=shown["t"], o=names["o"], o_value=shown["o"]
        )
    else:
        where = f"t = {shown['t']}{list_separator()}o = {shown['o']}"
    question = _(
        "{loss}. {where}, η = {lr}. Is {gradient} positive or negative here?"
        " Which way will one descent step move {o}?"
    ).format(loss=loss, where=where, lr=shown["lr"], gradient=names["gradient"], o=names["o"])
    rows = [
        {"i": i + 1, "t": t, "o": o, "t_shown": number(t), "o_shown": number(o)}
        for i, (t, o) in enumerate(zip(exercise.targets, exercise.outputs, strict=True))
    ]
    return {
        "kind": exercise.kind,
        "seed": exercise.seed,
        "half": exercise.half,
        "lr": exercise.lr,
        "row": k + 1,
        "rows": rows,
        "names": names,
        "shown": shown,
        "question": question,
        "next_seed": exercise.next_seed,
    }


VERDICTS = {
    (True, True): N_("Right on both counts."),
    (True, False): N_("The sign is right, but the step goes the other way."),
    (False, True): N_("The step's direction is right, but the gradient has the other sign."),
    (False, False): N_("Not this time: both answers are the other way round."),
}


def check_out(
    exercise: ex.Exercise, sign: str | None, move: str | None, score: int, tries: int
) -> dict[str, Any]:
    """Check the answers and count them into the score carried by the request."""
    c = ex.check(exercise, sign, move)
    return {
        "kind": exercise.kind,
        "seed": exercise.seed,
        "answers": {"sign": sign, "move": move},
        "correct": {"sign": c.sign, "move": c.move},
        "right": {"sign": c.sign_right, "move": c.move_right},
        "all_right": c.all_right,
        "gradient": c.gradient,
        "next_output": c.next_output,
        "verdict": _(VERDICTS[(c.sign_right, c.move_right)]),
        "explanation": c.explanation,
        "score": min(MAX_SCORE, score + int(c.all_right)),
        "tries": min(MAX_SCORE, tries + 1),
        "next_seed": exercise.next_seed,
    }


def answer_chart(exercise: ex.Exercise, gradient: float, next_output: float) -> dict[str, Any]:
    """The checked answer on a chart of the asked output (app.figures.exercises), and the same
    numbers as a table (what the page shows without JavaScript, beside the chart)."""
    t, o = exercise.targets[exercise.row], exercise.outputs[exercise.row]
    names = ex.names(exercise)
    return {
        "figure": answer_figure(t, o, gradient, next_output, exercise.half),
        "facts": [
            [names["t"], number(t)],
            [names["o"], number(o)],
            [names["gradient"], number(gradient)],
            [_("{o} after one step").format(o=names["o"]), number(next_output)],
        ],
    }


def question_url(kind: str, seed: int, half: bool) -> str:
    """The question's own address: the same seed is the same question for everyone."""
    return "/exercise?" + query_string({"kind": kind, "seed": seed, "half": half})


def _next_url(kind: str, seed: int, half: bool, score: int, tries: int) -> str:
    query = {"kind": kind, "seed": seed, "half": half, "score": score, "tries": tries}
    return "/exercise?" + query_string(query)


def exercise_view(
    kind: ex.Kind,
    seed: int,
    half: bool = True,
    score: int = 0,
    tries: int = 0,
    answers: tuple[str | None, str | None] | None = None,
    keep_url: bool = True,
) -> dict[str, Any]:
    """What the `exercise` macro renders: the question, the score and, once answered, the result.

    `keep_url`: the exercise writes its seed and score into the address bar (the standalone
    page does; an exercise embedded in a lesson page leaves the page's URL alone).
    """
    exercise = ex.new_exercise(seed, kind, half)
    result = None
    if answers is not None:
        result = check_out(exercise, answers[0], answers[1], score, tries)
        score, tries = result["score"], result["tries"]
        result.update(answer_chart(exercise, result["gradient"], result["next_output"]))
    return {
        **exercise_out(exercise),
        "score": score,
        "tries": tries,
        "result": result,
        "next_url": _next_url(kind, exercise.next_seed, half, score, tries),
        "question_url": question_url(kind, exercise.seed, half),
        "keep_url": keep_url,
    }


def exercise_for_page(
    params: Mapping[str, str], kind: ex.Kind, half: bool = True
) -> dict[str, Any]:
    """An exercise embedded in a lesson page: `exercise_seed` if valid, else one from the state.

    The seed follows the page's address rather than chance, so the same address is the same page
    (an ETag can answer 304); "Next question" still moves on to a fresh seed.
    """
    text = params.get("exercise_seed", "")
    # isascii: "²".isdigit() is True but int("²") raises; the digit bound before int(): 4301
    # digits raised too (both a 500 on every lesson page)
    ok = (
        len(text) <= MAX_INT_DIGITS
        and text.isascii()
        and text.isdigit()
        and int(text) < ex.SEED_LIMIT
    )
    seed = int(text) if ok else state_seed(params)
    return exercise_view(kind, seed, half, keep_url=False)


def page_state(params: Mapping[str, str]) -> tuple[dict[str, Any], bool]:
    """The exercise page's state, and whether its seed was freshly drawn (none usable given)."""
    query, errors = parse_lenient(PageQuery, params)
    seed = random_seed() if query.seed is None else query.seed
    answered = query.sign is not None or query.move is not None
    view = exercise_view(
        query.kind,
        seed,
        query.half,
        query.score,
        query.tries,
        (query.sign, query.move) if answered else None,
    )
    asked = {k: v for k, v in query.model_dump().items() if k not in ("sign", "move")}
    state = {
        "lesson": "exercise",
        "query": {**asked, "seed": seed},
        "errors": errors,
        "exercise": view,
    }
    return state, query.seed is None


# A question drawn with a fresh seed is not a function of the URL: no cache may keep it (the
# response cache in app/cache.py and the browser's). Its links carry the seed, so they cache.
NO_STORE = {"Cache-Control": "no-store"}


# what exercise.js writes, on every page that shows an exercise
JS_MESSAGES = (N_("Pick an answer to both questions first."), N_("New question."))
