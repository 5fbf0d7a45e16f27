"""The URLs the bench loads: each page, embed and API endpoint at a typical state and at the bounds.

Bounds: n = 1000 rows, values at ±1000, 500 descent iterations, the largest learning rate.
"""

from __future__ import annotations

from dataclasses import dataclass

N = 1000
# 1000 values spread over [-1000, 1000], written short so a two-list URL stays under 16 KB
# (uvicorn's h11 rejects a longer request head)
_T = ",".join(str(-1000 + 2 * i) for i in range(N))
_O = ",".join(str(1000 - 2 * i) for i in range(N))
_X = ",".join(str(round(-1 + 0.002 * i, 3)) for i in range(N))


@dataclass(frozen=True)
class Endpoint:
    """One URL to load: a label, its kind (page or api) and the state (typical or bounds)."""

    label: str
    kind: str  # "page" (HTML, embeds too) or "api" (JSON)
    state: str  # "typical" or "bounds"
    path: str


SINGLE = "t=1&o=0.3&lr=0.5"
SINGLE_BOUNDS = "t=1000&o=-1000&lr=10"
SAMPLES = "t=1,2,3&o=2,2,2"
SAMPLES_BOUNDS = f"t={_T}&o={_O}"
WEIGHTS = "x=1,2,3&t=2,4,6&w=0.5&b=0"
WEIGHTS_BOUNDS = f"x={_X}&t={_T}&w=1000&b=-1000&lr=10"
DESCENT = "mode=single&t=1&o=-2&lr=1.5&steps=4"
# a learning rate small enough that the run takes all 500 steps (at 0.0001 it converged at 184)
DESCENT_BOUNDS = f"mode=weights&x={_X}&t={_T}&w=1000&b=-1000&lr=0.00001&steps=500"

TYPICAL = [
    Endpoint("/", "page", "typical", f"/?{SINGLE}"),
    Endpoint("/index.json", "api", "typical", f"/index.json?{SINGLE}"),
    Endpoint("/api/v1/loss", "api", "typical", f"/api/v1/loss?{SINGLE}"),
    Endpoint("/api/v1/figures/loss", "api", "typical", f"/api/v1/figures/loss?{SINGLE}"),
    Endpoint("/samples", "page", "typical", f"/samples?{SAMPLES}"),
    Endpoint("/api/v1/samples", "api", "typical", f"/api/v1/samples?{SAMPLES}"),
    Endpoint("/batches", "page", "typical", f"/batches?{SAMPLES}&batch_size=2&seed=7"),
    Endpoint("/weights", "page", "typical", f"/weights?{WEIGHTS}"),
    Endpoint("/api/v1/weights", "api", "typical", f"/api/v1/weights?{WEIGHTS}"),
    Endpoint("/descent", "page", "typical", f"/descent?{DESCENT}"),
    Endpoint("/api/v1/descent", "api", "typical", f"/api/v1/descent?{DESCENT}"),
    Endpoint("/losses", "page", "typical", "/losses?t=1&o=0.3"),
    Endpoint("/why", "page", "typical", "/why"),
    Endpoint("/embed/loss", "page", "typical", f"/embed/loss?{SINGLE}"),
    Endpoint("/healthz", "api", "typical", "/healthz"),
]

BOUNDS = [
    Endpoint("/", "page", "bounds", f"/?{SINGLE_BOUNDS}"),
    Endpoint("/index.json", "api", "bounds", f"/index.json?{SINGLE_BOUNDS}"),
    Endpoint("/api/v1/loss", "api", "bounds", f"/api/v1/loss?{SINGLE_BOUNDS}"),
    Endpoint("/api/v1/figures/loss", "api", "bounds", f"/api/v1/figures/loss?{SINGLE_BOUNDS}"),
    Endpoint("/samples", "page", "bounds", f"/samples?{SAMPLES_BOUNDS}"),
    Endpoint("/api/v1/samples", "api", "bounds", f"/api/v1/samples?{SAMPLES_BOUNDS}"),
    Endpoint("/batches", "page", "bounds", f"/batches?{SAMPLES_BOUNDS}&batch_size=1&seed=7"),
    Endpoint("/weights", "page", "bounds", f"/weights?{WEIGHTS_BOUNDS}"),
    Endpoint("/api/v1/weights", "api", "bounds", f"/api/v1/weights?{WEIGHTS_BOUNDS}"),
    Endpoint("/descent", "page", "bounds", f"/descent?{DESCENT_BOUNDS}"),
    Endpoint("/api/v1/descent", "api", "bounds", f"/api/v1/descent?{DESCENT_BOUNDS}"),
    Endpoint("/losses", "page", "bounds", "/losses?t=1000&o=-1000&delta=1000"),
    Endpoint("/embed/loss", "page", "bounds", f"/embed/loss?{SINGLE_BOUNDS}"),
]

ALL = TYPICAL + BOUNDS

# the pages the browser part opens (typical state)
BROWSER_PAGES = [e for e in TYPICAL if e.kind == "page"]
