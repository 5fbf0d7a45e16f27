"""Exercises: a seeded random state, and the check of a learner's two answers.

The learner is asked the sign of the gradient at one output and which way one descent step
moves that output. Both answers follow from the sign of o − t alone; the numbers only make
the question concrete. A state is rebuilt from its seed, so the server keeps nothing; an
instructor's own question (one t, o and η) is rebuilt from those numbers.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal, NamedTuple

import numpy as np

from app.formatting import MINUS, number
from app.i18n import _
from app.lessons import single

Kind = Literal["single", "samples"]
Sign = Literal["positive", "negative"]
Move = Literal["increase", "decrease"]

KINDS: tuple[Kind, ...] = ("single", "samples")
SEED_LIMIT = 2**32  # seeds are 0 <= seed < 2**32
HUNDREDTHS = 300  # values are drawn from -3.00 to 3.00 in steps of 0.01
LEARNING_RATES = (0.1, 0.25, 0.5)
MIN_ROWS, MAX_ROWS = 3, 5  # rows of a "samples" exercise
SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


class Exercise(NamedTuple):
    """One question: the rows (t_i, o_i), which output is asked about, η, and the next seed.
    `seed` is None for an instructor's own question (its numbers were given, not drawn)."""

    kind: Kind
    seed: int | None
    targets: tuple[float, ...]
    outputs: tuple[float, ...]
    row: int  # 0-based index of the output the question is about
    lr: float
    half: bool
    next_seed: int


def _hundredths(rng: np.random.Generator, size: int) -> list[float]:
    drawn = rng.integers(-HUNDREDTHS, HUNDREDTHS + 1, size=size)
    return [float(Decimal(int(v)) / 100) for v in drawn]  # exact: 1.23, never 1.2300000000000002


def new_exercise(seed: int, kind: Kind = "single", half: bool = True) -> Exercise:
    """The exercise for a seed: the same seed always gives the same numbers.

    >>> e = new_exercise(7)
    >>> e == new_exercise(7), len(e.targets), e.outputs[e.row] != e.targets[e.row]
    (True, 1, True)
    """
    rng = np.random.default_rng(seed)
    n = 1 if kind == "single" else int(rng.integers(MIN_ROWS, MAX_ROWS + 1))
    targets = _hundredths(rng, n)
    outputs = _hundredths(rng, n)
    row = int(rng.integers(n))
    while outputs[row] == targets[row]:  # at o = t the gradient has no sign to ask about
        outputs[row] = _hundredths(rng, 1)[0]
    lr = LEARNING_RATES[int(rng.integers(len(LEARNING_RATES)))]
    next_seed = int(rng.integers(SEED_LIMIT))
    if next_seed == seed:
        next_seed = (seed + 1) % SEED_LIMIT
    return Exercise(kind, seed, tuple(targets), tuple(outputs), row, lr, half, next_seed)


def own_exercise(t: float, o: float, lr: float, half: bool = True) -> Exercise:
    """An instructor's own question about one output; its next seed follows from the numbers,
    so the same question always leads on to the same random one.

    >>> e = own_exercise(1.0, 0.3, 0.5)
    >>> e.seed, e.targets, e.outputs, e == own_exercise(1.0, 0.3, 0.5)
    (None, (1.0,), (0.3,), True)
    """
    if o == t:
        raise ValueError("at o = t the gradient is 0: it has no sign to ask about")
    bits = np.array([t, o, lr], dtype=np.float64).view(np.uint64)
    rng = np.random.default_rng([*(int(b) for b in bits), int(half)])
    next_seed = int(rng.integers(SEED_LIMIT))
    return Exercise("single", None, (t,), (o,), 0, lr, half, next_seed)


class Checked(NamedTuple):
    """The right answers, whether the learner's were right, and why, with the numbers."""

    sign: Sign
    move: Move
    sign_right: bool
    move_right: bool
    gradient: float
    next_output: float
    explanation: str

    @property
    def all_right(self) -> bool:
        """Both answers right: the question counts towards the score."""
        return self.sign_right and self.move_right


def _paren(text: str) -> str:
    return f"({text})" if text.startswith(MINUS) else text


def names(exercise: Exercise) -> dict[str, str]:
    """How the question writes t, o and the gradient: plain for one output, subscripted for rows.

    >>> names(new_exercise(7))["gradient"]
    'dL/do'
    """
    if exercise.kind == "single":
        return {"t": "t", "o": "o", "gradient": "dL/do"}
    k = str(exercise.row + 1).translate(SUBSCRIPTS)
    return {"t": f"t{k}", "o": f"o{k}", "gradient": f"dSSE/do{k}"}


def check(exercise: Exercise, sign: str | None, move: str | None) -> Checked:
    """Compare the learner's sign and move with the sign of o − t, and explain with the numbers.

    >>> e = Exercise("single", 0, (1.0,), (0.3,), 0, 0.5, True, 1)
    >>> c = check(e, "negative", "decrease")
    >>> c.sign, c.move, c.sign_right, c.move_right, c.gradient, c.next_output
    ('negative', 'increase', True, False, -0.7, 0.65)
    """
    t, o = exercise.targets[exercise.row], exercise.outputs[exercise.row]
    point = single.at(t, o, exercise.lr, exercise.half)
    right_sign: Sign = "positive" if point.gradient > 0 else "negative"
    right_move: Move = "decrease" if point.gradient > 0 else "increase"
    n = names(exercise)
    ts, os_, g = number(t), number(o), number(point.gradient)
    nxt, lr = number(point.next_output), number(exercise.lr)
    formula = "o − t" if exercise.half else "2(o − t)"
    formula = formula.replace("o", n["o"]).replace("t", n["t"])
    numbers = f"{os_} − {_paren(ts)}" if exercise.half else f"2({os_} − {_paren(ts)})"
    if right_sign == "positive":
        template = _(
            "{o} = {o_value} is above {t} = {t_value}, so {gradient} = {formula}"
            " = {numbers} = {g} is positive. The step goes against the gradient:"
            " {o} − η·{gradient} = {o_value} − {lr}·{g_paren} = {next}, so it lowers {o}."
        )
    else:
        template = _(
            "{o} = {o_value} is below {t} = {t_value}, so {gradient} = {formula}"
            " = {numbers} = {g} is negative. The step goes against the gradient:"
            " {o} − η·{gradient} = {o_value} − {lr}·{g_paren} = {next}, so it raises {o}."
        )
    explanation = template.format(
        o=n["o"],
        t=n["t"],
        gradient=n["gradient"],
        o_value=os_,
        t_value=ts,
        formula=formula,
        numbers=numbers,
        g=g,
        lr=lr,
        g_paren=_paren(g),
        next=nxt,
    )
    return Checked(
        sign=right_sign,
        move=right_move,
        sign_right=sign == right_sign,
        move_right=move == right_move,
        gradient=point.gradient,
        next_output=point.next_output,
        explanation=explanation,
    )
