"""Hostile input on every query parameter of every page, JSON twin, CSV and API endpoint.

NaN, ±inf, -0.0, 1e308, subnormals, huge and empty lists, text, unicode, repeated parameters
and 8 KB query strings. Expected: the API answers 200 or a 422 naming the field, a page
answers 200 with the message inline, nothing answers 5xx or shows a traceback, and no
JSON answer is built from a non-finite number (orjson would quietly write it as null).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import numpy as np
import orjson
import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from app import responses

SINGLE = ["t", "o", "lr", "half"]
SAMPLES = ["t", "o", "half"]
BATCHES = ["t", "o", "batch_size", "seed", "half"]
WEIGHTS = ["x", "t", "seed", "w", "b", "lr", "half", "mean"]
DESCENT = ["mode", "x", "t", "o", "seed", "w", "b", "lr", "steps", "half", "mean"]
LOSSES = ["t", "o", "delta", "half", "loss"]
EXERCISE = ["kind", "seed", "half", "score", "tries", "sign", "move", "t", "o", "lr", "seeds"]
EXERCISE += ["question"]  # an instructor's own question (t, o, lr) or set (seeds, question)
EMBED = [*SINGLE, "controls", "readout", "height", "theme"]
LESSON = ["exercise_seed"]  # the exercise at the foot of a lesson page

# page -> its parameters; its JSON twin and CSV take the same
PAGES: dict[str, list[str]] = {
    "/": SINGLE + LESSON,
    "/samples": SAMPLES + LESSON,
    "/batches": BATCHES + LESSON,
    "/weights": WEIGHTS + LESSON,
    "/descent": DESCENT + LESSON,
    "/losses": LOSSES + LESSON,
    "/why": ["t", "o"],
    "/exercise": EXERCISE,
    "/embed/exercise": [*EXERCISE, "theme"],
    "/embed/loss": EMBED,
    "/embed/gradient": EMBED,
}
# every page also reads `lang` (app/i18n.py): hostile values are its problem too
PAGES = {path: [*names, "lang"] for path, names in PAGES.items()}
TWINS: dict[str, list[str]] = {
    "/index.json": SINGLE,
    "/index.csv": SINGLE,
    "/samples.json": SAMPLES,
    "/samples.csv": SAMPLES,
    "/batches.json": BATCHES,
    "/batches.csv": BATCHES,
    "/weights.json": WEIGHTS,
    "/weights.csv": WEIGHTS,
    "/descent.json": DESCENT,
    "/descent.csv": DESCENT,
    "/losses.json": LOSSES,
    "/losses.csv": LOSSES,
    "/why.json": ["t", "o"],
    "/exercise.json": EXERCISE,
}
API: dict[str, list[str]] = {
    "/api/v1/loss": SINGLE,
    "/api/v1/figures/loss": SINGLE,
    "/api/v1/figures/gradient": SINGLE,
    "/api/v1/samples": ["t", "o", "half", "seed", "n"],
    "/api/v1/batches": BATCHES,
    "/api/v1/weights": WEIGHTS,
    "/api/v1/descent": DESCENT,
    "/api/v1/losses/squared": ["t", "o", "delta", "half"],
    "/api/v1/losses/huber": ["t", "o", "delta", "half"],
    "/api/v1/losses/cross_entropy": ["t", "o", "delta", "half"],
    "/api/v1/exercises/new": ["kind", "seed", "half", "t", "o", "lr"],
    "/oembed": ["url", "format", "maxwidth", "maxheight"],
}
TARGETS = {**PAGES, **TWINS, **API}

NUMBERS = [
    "nan", "NaN", "-nan", "inf", "-inf", "Infinity", "-0.0", "-0", "1e308", "-1e308", "1e309",
    "5e-324", "2.2250738585072014e-308", "0x10", "1_000", " 1 ", "+1", "1e", ".", "",
    "abc", "真", "١٢", "²", "\u00a0", "\x00", "1,2,3", ",", "1,,2", "1;2", "[1, 2]",
    "9" * 400, "9" * 4301, "0." + "1" * 400, "-" * 50, "true", "None", "%00",
]  # fmt: skip


def _float_text(x: float) -> str:
    return repr(x) if not math.isnan(x) else "nan"


VALUE = st.one_of(
    st.sampled_from(NUMBERS),
    st.floats(allow_nan=True, allow_infinity=True, allow_subnormal=True).map(_float_text),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.lists(st.sampled_from(["1", "0.5", "-0.0", "1e308", "nan", ""]), max_size=30).map(",".join),
    st.text(max_size=40),
)


@pytest.fixture(scope="module", autouse=True)
def finite_json() -> Iterator[None]:
    """Every JSON answer is checked for NaN/inf before orjson quietly turns them into null."""

    def walk(value: Any, where: str) -> None:
        if isinstance(value, float):
            assert math.isfinite(value), f"non-finite {value} at {where}"
        elif isinstance(value, np.ndarray):
            if value.dtype.kind == "f":
                assert np.isfinite(value).all(), f"non-finite array at {where}"
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{where}.{key}")
        elif isinstance(value, list | tuple):
            for i, item in enumerate(value):
                walk(item, f"{where}[{i}]")

    original = responses.ORJSON.render

    def checked(self: responses.ORJSON, content: Any) -> bytes:
        walk(content, "$")
        return original(self, content)

    responses.ORJSON.render = checked  # type: ignore[method-assign]
    yield
    responses.ORJSON.render = original  # type: ignore[method-assign]


def check(client: TestClient, path: str, query: str) -> Any:
    """One request: the outcome its kind of route promises, and no trace of a crash."""
    r = client.get(f"{path}?{query}" if query else path)
    assert r.status_code < 500, (path, query, r.status_code, r.text[:500])
    assert "Traceback" not in r.text and 'File "' not in r.text, (path, query)
    if path in API:
        allowed = {200, 422} | ({404, 501} if path == "/oembed" else set())
        assert r.status_code in allowed, (path, query, r.status_code)
        if r.status_code == 422:
            body = orjson.loads(r.content)
            assert body["detail"] and all(item["field"] for item in body["detail"]), body
    else:
        assert r.status_code == 200, (path, query, r.status_code, r.text[:300])
    if r.headers["content-type"].startswith("application/json"):
        orjson.loads(r.content)  # valid JSON, no bare NaN or Infinity
    return r


@pytest.mark.parametrize("path", list(TARGETS))
@pytest.mark.parametrize(
    "value", ["nan", "-inf", "1e308", "5e-324", "-0.0", "", "真", "²", "\x00", "9" * 400]
)
def test_every_parameter_at_once(client: TestClient, path: str, value: str) -> None:
    check(client, path, urlencode({name: value for name in TARGETS[path]}))


@pytest.mark.parametrize("path", list(TARGETS))
@given(data=st.data())
@settings(max_examples=12)
def test_hostile_values_mixed(client: TestClient, path: str, data: st.DataObject) -> None:
    names = TARGETS[path]
    pairs = data.draw(
        st.lists(st.tuples(st.sampled_from([*names, "zz", ""]), VALUE), max_size=len(names) + 3)
    )
    check(client, path, urlencode(pairs))  # names may repeat: repeated parameters


@pytest.mark.parametrize("path", list(TARGETS))
def test_repeated_parameters(client: TestClient, path: str) -> None:
    names = TARGETS[path]
    check(client, path, urlencode([(name, v) for name in names for v in ("1", "nan", "0.5")]))


@pytest.mark.parametrize("path", list(TARGETS))
@pytest.mark.parametrize("item", ["1", "nan", ""])
def test_huge_lists_and_8kb_query_strings(client: TestClient, path: str, item: str) -> None:
    huge = ",".join([item or "1"] * 5000)  # 10 KB per parameter, far over MAX_ROWS
    for name in TARGETS[path]:
        check(client, path, urlencode({name: huge}))
    eight_kb = urlencode([(TARGETS[path][0], item)] * 2000)[:8192]
    check(client, path, eight_kb)


@pytest.mark.parametrize("path", [p for p in TWINS if p.endswith(".json")])
def test_a_bad_value_is_named_in_the_twins_errors(client: TestClient, path: str) -> None:
    # the page says it inline; its twin carries the same `errors` dict the template shows
    for name in TARGETS[path]:
        if path == "/why.json":
            break  # the tour has fixed states: it takes no parameters
        body = check(client, path, urlencode({name: "nan"})).json()
        assert name in body["errors"], (path, name, body["errors"])


@pytest.mark.parametrize("path", [p for p in PAGES if p != "/why"])
def test_the_page_shows_the_message_inline(client: TestClient, path: str) -> None:
    name = PAGES[path][0]
    html = check(client, path, urlencode({name: "nan"})).text
    assert "“nan”" in html, (path, name)


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/v1/losses/cross_entropy?t=1&o=5e-324", "o"),  # dL/do overflowed to -inf
        ("/api/v1/losses/cross_entropy?t=1&o=1e-320", "o"),
    ],
)
def test_overflowing_gradients_are_422(client: TestClient, path: str, field: str) -> None:
    r = client.get(path)
    assert r.status_code == 422
    assert [item["field"] for item in r.json()["detail"]] == [field]


def test_a_tiny_output_whose_gradient_is_finite_is_fine(client: TestClient) -> None:
    r = client.get("/api/v1/losses/cross_entropy?t=0&o=1e-320")  # dL/do = 1/(1 - o) = 1
    assert r.status_code == 200 and r.json()["gradient"] == 1.0


def test_a_json_body_key_that_names_nothing(client: TestClient) -> None:
    r = client.post(
        "/api/v1/exercises/check", json={"": [], "seed": 1, "sign": "positive", "move": "increase"}
    )
    assert r.status_code == 422
    assert r.json()["detail"][0]["field"] == "body"
    assert r.json()["detail"][0]["msg"] == "“” is not a field of this request."


def test_a_json_boolean_is_not_a_count(client: TestClient) -> None:
    body = {"seed": 1, "sign": "positive", "move": "increase", "tries": False}
    r = client.post("/api/v1/exercises/check", json=body)
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "tries"
