"""Server time of the weights and descent states at the bounds (not a pass/fail test).

Run from the repository root: python -m bench.weights_descent
"""

import time

from app.lessons import descent as dl
from app.pages.descent import descent_state
from app.pages.weights import weights_state
from app.schemas_weights import DescentQuery, WeightsQuery

x = [i / 100 for i in range(1000)]
t = [2 * v + 1 for v in x]
cases = [
    (
        "weights_state 1000 rows",
        lambda: weights_state(WeightsQuery(x=x, t=t, w=999.99, b=-999.99, lr=10)),
    ),
    ("run_weights 1000 rows 500 steps", lambda: dl.run_weights(x, t, 999.99, -999.99, 1e-7, 500)),
    (
        "descent_state weights 1000 rows 500 steps",
        lambda: descent_state(
            DescentQuery(mode="weights", x=x, t=t, w=999.99, b=-999.99, lr=1e-7, steps=500)
        ),
    ),
    (
        "descent_state single 500 steps",
        lambda: descent_state(DescentQuery(o=-1000, t=[1000], lr=0.001, steps=500)),
    ),
    (
        "descent_state single diverging",
        lambda: descent_state(DescentQuery(o=-1000, t=[1000], lr=10, steps=500)),
    ),
]
for label, f in cases:
    f()
    best = min(
        (lambda s: (f(), time.perf_counter() - s)[1])(time.perf_counter()) for _ in range(15)
    )
    print(f"{label}: {best * 1000:.2f} ms (best of 15)")
