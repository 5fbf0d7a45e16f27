"""The maths core: inline values, then properties checked by hypothesis."""

from __future__ import annotations

from decimal import Decimal, getcontext

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.formatting import number
from app.lessons import numeric, single

getcontext().prec = 60

finite = st.floats(min_value=-1000, max_value=1000, allow_nan=False, allow_infinity=False)
# values a learner types: at most 2 decimals
typed = st.integers(min_value=-100_000, max_value=100_000).map(lambda n: n / 100)
rate = st.integers(min_value=1, max_value=1000).map(lambda n: n / 100)


@pytest.mark.parametrize(
    ("t", "o", "loss", "grad"),
    [
        (1.0, 0.3, 0.245, -0.7),
        (1.0, 3.0, 2.0, 2.0),
        (-2.0, -2.0, 0.0, 0.0),
        (0.0, -4.0, 8.0, -4.0),
        (1000.0, -1000.0, 2_000_000.0, -2000.0),
    ],
)
def test_loss_and_gradient_inline(t: float, o: float, loss: float, grad: float) -> None:
    p = single.at(t, o, 0.5)
    assert p.loss == loss
    assert p.gradient == grad
    assert p.slope == grad


def test_at_matches_the_issue_example() -> None:
    p = single.at(1.0, 0.3, 0.5)
    assert (p.loss, p.gradient, p.next_output, p.next_loss) == (0.245, -0.7, 0.65, 0.06125)
    assert p.intercept == 0.455  # 0.245 - (-0.7)(0.3)
    assert p.direction == "increase"


@pytest.mark.parametrize(
    ("t", "o", "expected"), [(1.0, 0.3, "increase"), (1.0, 2.0, "decrease"), (1.0, 1.0, "none")]
)
def test_direction(t: float, o: float, expected: str) -> None:
    assert single.direction(t, o) == expected


def test_tangent_touches_the_curve() -> None:
    slope, intercept = single.tangent(1.0, 3.0)
    assert (slope, intercept) == (2.0, -4.0)
    assert slope * 3.0 + intercept == single.loss(1.0, 3.0)


@pytest.mark.parametrize(
    ("x", "places"), [(0.3, 1), (2.0, 0), (-4.99, 2), (1.5e-07, 8), (1e20, 0), (0.125, 3)]
)
def test_decimals(x: float, places: int) -> None:
    assert numeric.decimals(x) == places


def test_grid_is_exact_decimals() -> None:
    g = numeric.grid(-5.0, 5.0, 0.01)
    assert len(g) == 1001
    assert g[0] == -5.0 and g[-1] == 5.0 and g[500] == 0.0
    assert g[530] == 0.3  # not 0.30000000000000004
    assert not np.signbit(g[500])


def test_curves_match_pointwise_values() -> None:
    outputs = numeric.grid(-5.0, 5.0, 0.01)
    c = single.curves(1.0, 0.5, outputs, 2)
    i = 530  # o = 0.3
    assert c.output[i] == 0.3
    assert (c.loss[i], c.gradient[i], c.next_output[i], c.next_loss[i]) == (
        0.245,
        -0.7,
        0.65,
        0.06125,
    )
    assert c.intercept[i] == 0.455


@given(t=finite, o=finite, lr=st.floats(min_value=1e-6, max_value=10), half=st.booleans())
@settings(max_examples=300)
def test_at_is_the_correctly_rounded_exact_value(t: float, o: float, lr: float, half: bool) -> None:
    """Each number equals the exact decimal result rounded once to binary64."""
    dt, do, dlr = (Decimal(repr(v)) for v in (t, o, lr))
    c = Decimal(1) / 2 if half else Decimal(1)
    p = single.at(t, o, lr, half)
    g = 2 * c * (do - dt)
    nxt = do - dlr * g
    assert p.gradient == float(g)
    assert p.loss == float(c * (dt - do) ** 2)
    assert p.next_output == float(nxt)
    assert p.next_loss == float(c * (dt - nxt) ** 2)
    assert p.intercept == float(c * (dt - do) ** 2 - g * do)


@pytest.mark.parametrize(
    ("half", "loss", "grad", "nxt"), [(True, 0.245, -0.7, 0.65), (False, 0.49, -1.4, 1.0)]
)
def test_the_half_factor(half: bool, loss: float, grad: float, nxt: float) -> None:
    """Without the 1/2 the gradient doubles, so the same learning rate steps twice as far."""
    p = single.at(1.0, 0.3, 0.5, half)
    assert (p.loss, p.gradient, p.next_output) == (loss, grad, nxt)


@given(t=typed, o=typed, lr=st.integers(min_value=1, max_value=500).map(lambda n: n / 100))
def test_lr_without_half_equals_twice_lr_with_it(t: float, o: float, lr: float) -> None:
    assert single.at(t, o, lr, half=False).next_output == single.at(t, o, 2 * lr).next_output


def _short(x: float) -> bool:
    """At most 12 significant digits: the page shows such a number in full."""
    return len(Decimal(repr(abs(x))).normalize().as_tuple().digits) <= 12


@given(t=typed, lr=rate, half=st.booleans())
@settings(max_examples=100)
def test_curves_agree_with_at(t: float, lr: float, half: bool) -> None:
    """The arrays the browser looks up hold the exact numbers wherever the page shows them whole."""
    outputs = numeric.grid(-5.0, 5.0, 0.01)
    c = single.curves(t, lr, outputs, 2, half)
    for i in (0, 137, 500, 530, 999):
        p = single.at(t, float(outputs[i]), lr, half)
        pairs = [
            (c.loss[i], p.loss),
            (c.gradient[i], p.gradient),
            (c.intercept[i], p.intercept),
            (c.next_output[i], p.next_output),
            (c.next_loss[i], p.next_loss),
        ]
        for array_value, exact in pairs:
            assert array_value == pytest.approx(exact, rel=1e-14)
            # what the learner reads is the same, digit for digit, wherever it is exact
            # (a "≈" value rounded at a tie in its 13th digit may differ in its 12th)
            if not number(exact).startswith("≈"):
                assert number(array_value) == number(exact)
            if _short(exact) and abs(exact) < 1e5:
                assert array_value == exact


@given(t=finite, o=finite)
def test_gradient_is_a_central_finite_difference(t: float, o: float) -> None:
    h = 1e-3
    numeric = (single.loss(t, o + h) - single.loss(t, o - h)) / (2 * h)
    # the loss is quadratic, so the central difference is exact up to rounding of L
    assert single.gradient(t, o) == pytest.approx(numeric, rel=1e-6, abs=1e-6 * (1 + abs(t - o)))


@given(t=finite, o=finite)
def test_gradient_sign_is_the_sign_of_o_minus_t(t: float, o: float) -> None:
    assert np.sign(single.gradient(t, o)) == np.sign(o - t)


@given(t=finite, o=finite)
def test_loss_is_never_negative(t: float, o: float) -> None:
    assert single.loss(t, o) >= 0


@given(t=typed, o=typed, lr=st.floats(min_value=0.01, max_value=1.99))
def test_a_step_with_lr_below_two_lowers_the_loss(t: float, o: float, lr: float) -> None:
    p = single.at(t, o, lr)
    if t == o:
        assert p.next_loss == 0.0
    else:
        assert p.next_loss < p.loss


@given(t=typed, o=typed)
def test_lr_one_lands_on_the_target(t: float, o: float) -> None:
    assert single.at(t, o, 1.0).next_output == t


@given(t=typed, o=typed, lr=st.floats(min_value=1.01, max_value=1.99))
def test_lr_between_one_and_two_overshoots(t: float, o: float, lr: float) -> None:
    nxt = single.step(t, o, lr)
    if o != t:
        # the step crosses t: the new error has the opposite sign
        assert np.sign(nxt - t) == -np.sign(o - t)


@given(t=typed, o=typed, lr=st.floats(min_value=2.01, max_value=10.0))
def test_lr_above_two_diverges(t: float, o: float, lr: float) -> None:
    p = single.at(t, o, lr)
    if o != t:
        assert p.next_loss > p.loss


def test_snap_leaves_huge_values_alone() -> None:
    assert numeric.snap(1e300, 5) == 1e300
    assert numeric.snap(0.1 + 0.2, 30) == 0.1 + 0.2
