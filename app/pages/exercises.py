"""Exercises: "is the gradient positive or negative here, and which way will the step move o?"

A question is rebuilt from its seed, so nothing is stored on the server: the API and the GET
form take the seed and the learner's answers, and the score travels in the URL or the page.
An instructor can ask a question of their own (t, o, η and the ½: `Asked.own`) or a fixed set
of seeds in order (`seeds=12,99,7`); both are functions of the URL like a seeded question.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from app.errors import parse_lenient
from app.figures.exercises import answer_figure
from app.formatting import number
from app.i18n import N_, _, list_separator
from app.lessons import exercises as ex
from app.querystring import query_string, query_values
from app.schemas import (
    FEW_DIGITS,
    MAX_INT_DIGITS,
    LearningRate,
    Output,
    Seed,
    SingleQuery,
    Target,
    Theme,
    split_commas,
)

MAX_SCORE = 1_000_000
MAX_SEEDS = 50  # the longest set of questions a URL may give
OWN = ("t", "o", "lr")  # the fields of an instructor's own question
OWN_LR: float = SingleQuery.model_fields["lr"].default  # η when an own question leaves it out

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


OwnT = Annotated[
    Target | None,
    Field(
        title="Target t",
        description="Your own question's target (with o; then leave out seed and kind).",
    ),
]
OwnO = Annotated[
    Output | None,
    Field(title="Output o", description="Your own question's output: with t, never equal to t."),
]
OwnLr = Annotated[
    LearningRate | None,
    Field(
        title="Learning rate η",
        description=f"Your own question's learning rate η ({OWN_LR:g} when left out).",
    ),
]
SeedList = Annotated[
    list[Seed],
    BeforeValidator(split_commas),
    Field(
        min_length=1,
        max_length=MAX_SEEDS,
        title="Seeds",
        description=f"A fixed set of questions, asked in order: at most {MAX_SEEDS} seeds.",
    ),
]
Position = Annotated[
    int,
    Field(ge=1, le=MAX_SEEDS, title="Question number", description="Which seed of the set."),
    FEW_DIGITS,
]


def _located(field: str, kind: str, given: Any, **ctx: Any) -> ValidationError:
    """A rule between fields as an error at one field (app.errors.SENTENCES words it), so the
    page's message and the API's 422 name that field like any other."""
    error = PydanticCustomError(kind, kind, ctx or None)
    return ValidationError.from_exception_data(
        "exercise", [InitErrorDetails(type=error, loc=(field,), input=given)]
    )


def _own_question(query: Any) -> None:
    """An own question takes t and o together (η may be left out), and o ≠ t: the gradient
    o − t is 0 there and has no sign to ask about."""
    if all(getattr(query, name) is None for name in OWN):
        return
    for name in ("t", "o"):
        if getattr(query, name) is None:
            raise _located(name, "needs_partner", None)
    if query.o == query.t:
        raise _located("o", "at_target", query.o)


def _api_question(query: Any) -> Any:
    """The API's question: a seed (kind, half) or an own question (t, o, lr, half), not both."""
    _own_question(query)
    own = query.t is not None
    if own and query.seed is not None:
        raise _located("seed", "not_with_own", query.seed)
    if own and query.kind != "single":
        raise _located("kind", "not_with_own", query.kind)
    return query


class NewQuery(BaseModel):
    """Which exercise to make: its kind and seed (a random seed when left out), or your own
    question: t and o (and lr)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    kind: KindField = "single"
    seed: Seed | None = None
    half: HalfField = True
    t: OwnT = None
    o: OwnO = None
    lr: OwnLr = None

    _one_question = model_validator(mode="after")(_api_question)


def _seed_optional(schema: dict[str, Any]) -> None:
    """The documented body: an own question (t, o) needs no seed."""
    schema["required"] = [name for name in schema.get("required", []) if name != "seed"]


class CheckIn(BaseModel):
    """The question (kind, seed, half, or your own t, o, lr, half), the learner's two answers,
    and the score so far."""

    # strict: a JSON body says 3, not "3", and true is not the count 1 (what lax mode reads)
    model_config = ConfigDict(
        extra="forbid", frozen=True, strict=True, json_schema_extra=_seed_optional
    )

    kind: KindField = "single"
    # required unless the question is your own; without a default, its absence is reported in
    # its place among the other fields' errors
    seed: Annotated[
        Seed | None, Field(description="The question's seed; leave it out with your own t and o.")
    ]
    half: HalfField = True
    sign: SignAnswer
    move: MoveAnswer
    score: Count = Field(default=0, description="Questions answered fully right so far.")
    tries: Count = Field(default=0, description="Questions answered so far.")
    t: OwnT = None
    o: OwnO = None
    lr: OwnLr = None

    @model_validator(mode="before")
    @classmethod
    def _own_needs_no_seed(cls, data: Any) -> Any:
        if isinstance(data, dict) and "seed" not in data and any(k in data for k in OWN):
            return {**data, "seed": None}
        return data

    @model_validator(mode="after")
    def _one_question(self) -> CheckIn:
        _api_question(self)
        if self.seed is None and self.t is None:
            raise _located("seed", "missing", None)
        return self


def _page_question(query: PageQuery) -> PageQuery:
    """The page's own question (it wins over seed and seeds) and its place in a set."""
    _own_question(query)
    if query.seeds is not None and query.question is not None:
        if query.question > len(query.seeds):
            raise _located("question", "past_the_set", query.question, size=len(query.seeds))
    return query


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
    t: OwnT = None
    o: OwnO = None
    lr: OwnLr = None
    seeds: SeedList | None = None
    question: Position | None = None

    _checks = model_validator(mode="after")(_page_question)


# parse_lenient: a field of an own question that fails or is missing takes its partners with it
# (a new question is shown instead of part of one)
PARTNERS = {"t": ("o", "lr"), "o": ("t", "lr"), "lr": ("t", "o")}


class RowOut(BaseModel):
    """One row of the exercise: its target and output, as numbers and as the page writes them."""

    i: int
    t: float
    o: float
    t_shown: str
    o_shown: str


class ExerciseOut(BaseModel):
    """A question: the rows, which output it is about (1-based row), η, and the next seed
    (seed is null for your own question)."""

    kind: Literal["single", "samples"]
    seed: int | None
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
    seed: int | None
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


class Asked(NamedTuple):
    """Which question is shown: one drawn from a seed, an instructor's own (t, o, η), or one of
    a fixed set of seeds (`position`, from 0). Each is a function of its URL."""

    kind: ex.Kind = "single"
    half: bool = True
    seed: int | None = None
    own: tuple[float, float, float] | None = None
    seeds: tuple[int, ...] = ()
    position: int = 0

    def exercise(self) -> ex.Exercise:
        """The question's numbers."""
        if self.own is not None:
            return ex.own_exercise(*self.own, half=self.half)
        seed = self.seeds[self.position] if self.seeds else self.seed
        assert seed is not None  # a drawn question got its seed before it was asked
        return ex.new_exercise(seed, self.kind, self.half)

    def query(self, whole_set: bool = False) -> dict[str, Any]:
        """The question's address (without the score); `whole_set`: a set from its start."""
        if self.own is not None:
            t, o, lr = self.own
            return {"t": t, "o": o, "lr": lr, "half": self.half}
        if self.seeds:
            where = None if whole_set else self.position + 1
            return {"kind": self.kind, "seeds": self.seeds, "question": where, "half": self.half}
        return {"kind": self.kind, "seed": self.seed, "half": self.half}

    def single(self, exercise: ex.Exercise) -> dict[str, Any]:
        """This one question's address, the same for everyone (one seed of a set alone)."""
        if self.own is not None:
            return self.query()
        return {"kind": self.kind, "seed": exercise.seed, "half": self.half}

    def next(self, exercise: ex.Exercise) -> Asked:
        """The question after this one: the set's next seed, its first again after its last
        (`restarts`), else a random one drawn from this question's next seed."""
        if self.seeds:
            return self._replace(position=(self.position + 1) % len(self.seeds))
        return Asked(self.kind, self.half, seed=exercise.next_seed)

    @property
    def restarts(self) -> bool:
        """The last question of a set: the next link starts the set again, the score from 0."""
        return bool(self.seeds) and self.position == len(self.seeds) - 1


def question_url(kind: str, seed: int, half: bool) -> str:
    """The question's own address: the same seed is the same question for everyone."""
    return "/exercise?" + query_string({"kind": kind, "seed": seed, "half": half})


def exercise_view(
    asked: Asked,
    score: int = 0,
    tries: int = 0,
    answers: tuple[str | None, str | None] | None = None,
    keep_url: bool = True,
    path: str = "/exercise",
    carry: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """What the `exercise` macro renders: the question, the score and, once answered, the result.

    `keep_url`: the exercise writes its seed and score into the address bar (the standalone
    page does; an exercise embedded in a lesson page leaves the page's URL alone). `path`: where
    its form and links go (/exercise, or /embed/exercise inside an iframe); `carry`: what its
    form and next link keep besides the question (an embed's theme).
    """
    carry = dict(carry or {})
    exercise = asked.exercise()
    result = None
    if answers is not None:
        result = check_out(exercise, answers[0], answers[1], score, tries)
        score, tries = result["score"], result["tries"]
        result.update(answer_chart(exercise, result["gradient"], result["next_output"]))
    following = asked.next(exercise)
    carried = {"score": 0, "tries": 0} if asked.restarts else {"score": score, "tries": tries}
    the_set = None
    if asked.seeds:
        the_set = {"position": asked.position + 1, "size": len(asked.seeds)}
    return {
        **exercise_out(exercise),
        "score": score,
        "tries": tries,
        "result": result,
        "fields": query_values(asked.query()),  # the form's hidden fields: which question
        "own": asked.own is not None,
        "set": the_set,
        "restarts": asked.restarts,
        "next_url": f"{path}?" + query_string({**following.query(), **carried, **carry}),
        "question_url": "/exercise?" + query_string(asked.single(exercise)),
        "class_query": query_string(asked.query(whole_set=True)),  # for an instructor's link
        "path": path,
        "carry": carry,
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
    return exercise_view(Asked(kind, half, seed=seed), keep_url=False)


def own_of(query: PageQuery | NewQuery | CheckIn) -> tuple[float, float, float] | None:
    """A valid query's own question as (t, o, η), or None when it asks for none."""
    if query.t is None or query.o is None:
        return None
    return (query.t, query.o, OWN_LR if query.lr is None else query.lr)


def asked_of(query: PageQuery) -> Asked:
    """The question a valid query asks for: its own (t, o), else its set's, else its seed's (a
    random seed when it gives none)."""
    own = own_of(query)
    if own is not None:
        return Asked("single", query.half, own=own)
    if query.seeds:
        position = (query.question or 1) - 1
        return Asked(query.kind, query.half, seeds=tuple(query.seeds), position=position)
    seed = random_seed() if query.seed is None else query.seed
    return Asked(query.kind, query.half, seed=seed)


def page_state(
    params: Mapping[str, str], path: str = "/exercise", carry: Mapping[str, str] | None = None
) -> tuple[dict[str, Any], bool]:
    """The exercise page's state, and whether its question was freshly drawn (it gave no seed,
    no set and no question of its own)."""
    query, errors = parse_lenient(PageQuery, params, depends=PARTNERS, together=OWN)
    asked = asked_of(query)
    answered = query.sign is not None or query.move is not None
    view = exercise_view(
        asked,
        query.score,
        query.tries,
        (query.sign, query.move) if answered else None,
        path=path,
        carry=carry,
    )
    state = {
        "lesson": "exercise",
        "query": {**asked.query(), "score": query.score, "tries": query.tries},
        "errors": errors,
        "exercise": view,
    }
    drawn = asked.own is None and not asked.seeds and query.seed is None
    return state, drawn


class ExerciseLook(BaseModel):
    """How /embed/exercise looks: its colours (the question's parameters come on top)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    theme: Theme = "auto"


# A question drawn with a fresh seed is not a function of the URL: no cache may keep it
# (NO_STORE). Its links carry the seed, so they cache.


# what exercise.js writes, on every page that shows an exercise
JS_MESSAGES = (
    N_("Pick an answer to both questions first."),
    N_("New question."),
    # an instructor's set (the `_set_line` macro writes the same words)
    N_("Question {k} of {n} in this set."),
    N_("Question {k} of {n}: the last of this set."),
    N_("Set done: all {n} questions answered."),
    N_("Start the set again"),
)
