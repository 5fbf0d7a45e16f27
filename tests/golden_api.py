"""The API's answers for a fixed list of URLs, kept in tests/golden/api.json.

A redesign of the layers above the maths must not change one byte of any API answer
(issue 13). `scripts/golden-api` writes the file from the current code; tests/test_golden_api.py
compares every answer with it. Bodies up to 2 KB are kept whole (a failing test shows the
difference); longer ones as their length and SHA-256.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

GOLDEN = Path(__file__).resolve().parent / "golden" / "api.json"
WHOLE = 2048

_LONG = ",".join(str(i / 10) for i in range(200))
GETS = [
    "/api/v1/loss",
    "/api/v1/loss?t=1&o=0.3&lr=0.5",
    "/api/v1/loss?t=-2.5&o=4&lr=0.1&half=0",
    "/api/v1/loss?t=1&o=1",
    "/api/v1/loss?o=nan",
    "/api/v1/loss?t=abc&lr=0",
    "/api/v1/figures/loss?t=1&o=0.3&lr=0.5",
    "/api/v1/figures/loss?t=3&o=-1&lr=1.5&half=0",
    "/api/v1/figures/gradient?t=1&o=0.3&lr=0.5",
    "/api/v1/figures/gradient?t=0&o=2",
    "/api/v1/samples",
    "/api/v1/samples?t=1,2,3&o=2,2,2",
    "/api/v1/samples?t=1,2,3,4&o=0,0,0,0&half=0",
    "/api/v1/samples?seed=7&n=25",
    "/api/v1/samples?" + urlencode({"t": _LONG, "o": _LONG}),
    "/api/v1/samples?t=1,2&o=1",
    "/api/v1/batches",
    "/api/v1/batches?t=1,2,3&o=2,2,2&batch_size=2&seed=7",
    "/api/v1/batches?t=1,2,3,4,5,6&o=2,2,2,2,2,2&batch_size=4&seed=3&half=0",
    "/api/v1/batches?batch_size=0",
    "/api/v1/weights",
    "/api/v1/weights?x=1,2,3&t=2,4,6&w=0.5&b=0&half=1&mean=0",
    "/api/v1/weights?x=-2&t=1&w=1&b=0",
    "/api/v1/weights?seed=11&lr=0.05&mean=1",
    "/api/v1/weights?x=1,2&t=1",
    "/api/v1/descent",
    "/api/v1/descent?mode=single&t=1&o=-2&lr=1.5&steps=50",
    "/api/v1/descent?mode=single&t=1&o=-2&lr=0.5&steps=500",
    "/api/v1/descent?mode=weights&steps=200",
    "/api/v1/descent?mode=weights&x=1,2,3&t=2,4,6&w=0&b=0&lr=0.05&steps=30&mean=1",
    "/api/v1/descent?steps=100000",
    "/api/v1/losses/squared?t=1&o=0.4",
    "/api/v1/losses/absolute?t=1&o=1",
    "/api/v1/losses/huber?t=1&o=3&delta=0.5",
    "/api/v1/losses/cross_entropy?t=1&o=0.2",
    "/api/v1/losses/cross_entropy?t=1&o=5e-324",
    "/api/v1/losses/nope?t=1&o=0.2",
    "/api/v1/exercises/new?kind=single&seed=7",
    "/api/v1/exercises/new?kind=samples&seed=3&half=0",
    "/api/v1/exercises/new?kind=weights&seed=12",
    "/api/v1/exercises/new?kind=single&seed=12&half=1",
    "/api/v1/exercises/new?kind=single&seed=abc",
    "/healthz",
    "/oembed?url=http%3A%2F%2Ftestserver%2F%3Ft%3D1%26o%3D0.3&format=json",
    "/oembed?url=http%3A%2F%2Ftestserver%2Fsamples&format=json&maxwidth=400",
    "/oembed?url=https://elsewhere.example/",
]
POSTS = [
    (
        "/api/v1/exercises/check",
        {"kind": "single", "seed": 7, "sign": "negative", "move": "increase"},
    ),
    (
        "/api/v1/exercises/check",
        {"kind": "single", "seed": 7, "sign": "positive", "move": "decrease"},
    ),
    ("/api/v1/exercises/check", {"kind": "single"}),
]


def _entry(r: Any) -> dict[str, Any]:
    body = r.content
    entry: dict[str, Any] = {
        "status": r.status_code,
        "content-type": r.headers.get("content-type"),
        "length": len(body),
    }
    if len(body) <= WHOLE:
        entry["body"] = body.decode()
    else:
        entry["sha256"] = hashlib.sha256(body).hexdigest()
    return entry


def answers() -> dict[str, dict[str, Any]]:
    """Every URL's answer from the current code (uncompressed, English, cache off)."""
    from fastapi.testclient import TestClient

    from app.config import Settings
    from app.main import create_app

    out = {}
    with TestClient(
        create_app(Settings(response_cache_mb=0, first_frame_warm=False)),
        headers={"Accept-Encoding": "identity"},
    ) as tc:
        for url in GETS:
            out[f"GET {url}"] = _entry(tc.get(url))
        for url, payload in POSTS:
            out[f"POST {url} {json.dumps(payload, sort_keys=True)}"] = _entry(
                tc.post(url, json=payload)
            )
    return out


def main() -> int:
    """Write the golden file from the current code."""
    GOLDEN.parent.mkdir(exist_ok=True)
    GOLDEN.write_text(json.dumps(answers(), indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {GOLDEN} ({len(GETS) + len(POSTS)} answers)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
