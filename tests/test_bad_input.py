"""Bad input, every lesson: the API answers 422 naming the field; a page renders with the message
by its control and the rest of the page from what was valid (or the defaults)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from app.pages.samples import DEFAULT_O, DEFAULT_T
from app.pages.samples import page_state as samples_page_state
from tests.pages import shown

ROWS_1001 = ",".join(["1"] * 1001)
LIST_ENDPOINTS = ("/api/v1/weights", "/api/v1/samples", "/api/v1/batches")
GOOD_CHECK = {"kind": "single", "seed": 5, "sign": "positive", "move": "decrease"}

# ---- the API: (endpoint, query or JSON body, the fields named in order, words in the message)

API_CASES: dict[str, list[tuple[Any, tuple[str, ...], str]]] = {
    "/api/v1/loss": [
        ("o=nan", ("o",), "output o must be a finite number"),
        ("o=inf", ("o",), "output o must be a finite number"),
        ("t=abc", ("t",), "target t must be a number"),
        ("lr=0", ("lr",), "learning rate η must be greater than 0"),
        ("lr=10.5", ("lr",), "at most 10"),
        ("t=1000.01", ("t",), "between −1000 and 1000"),
        ("o=-1e9", ("o",), "between −1000 and 1000"),
        ("o=", ("o",), "output o is empty"),
    ],
    "/api/v1/weights": [
        ("x=1,abc,3&t=1,2,3", ("x",), "inputs x, value 2, must be a number"),
        ("x=1,nan&t=1,2", ("x",), "must be a finite number"),
        ("x=1,2&t=1,-inf", ("t",), "must be a finite number"),
        ("x=1,2,3&t=1,2", ("t",), "has 2 values but inputs x has 3"),
        ("x=1,2,3", ("t",), "give targets t too"),
        (f"x={ROWS_1001}&t={ROWS_1001}", ("x", "t"), "at most 1000"),
        ("lr=0", ("lr",), "greater than 0"),
        ("lr=-1", ("lr",), "greater than 0"),
        ("w=inf", ("w",), "weight w must be a finite number"),
        ("b=abc", ("b",), "bias b must be a number"),
        ("seed=-1", ("seed",), "seed must be at least 0"),
    ],
    "/api/v1/samples": [
        (f"t={ROWS_1001}&o=1", ("t",), "target t has too many values: at most 1000"),
        ("t=1,2&o=1,2,3", ("o",), "output o: has 3 values but target t has 2"),
        ("t=1,abc&o=1,2", ("t",), "target t, value 2, must be a number, not “abc”"),
        ("t=1,nan&o=1,2", ("t",), "must be a finite number, not “nan”"),
        ("t=1&o=inf", ("o",), "must be a finite number, not “inf”"),
        ("t=1&o=-inf", ("o",), "must be a finite number"),
        ("seed=-1", ("seed",), "seed must be at least 0, not -1"),
        ("seed=1&n=1001", ("n",), "number of rows n must be at most 1000"),
        ("seed=x", ("seed",), "seed must be a whole number"),
    ],
    "/api/v1/batches": [
        ("t=1,2,3&o=2,2,2&batch_size=0", ("batch_size",), "batch size B must be at least 1"),
        ("t=1,2,3&o=2,2,2&batch_size=4", ("batch_size",), "is 4 but there are only n = 3 rows"),
        ("t=1,2,3&o=2,2", ("o",), "has 2 values but target t has 3"),
        ("t=1,nan&o=2,2", ("t",), "finite number"),
        ("t=1,2&o=2,inf", ("o",), "finite number"),
        (f"t={ROWS_1001}&o=1", ("t",), "at most 1000"),
        ("seed=-1", ("seed",), "seed must be at least 0"),
        ("batch_size=two", ("batch_size",), "must be a whole number"),
    ],
    "/api/v1/descent": [
        ("steps=501", ("steps",), "steps must be at most 500"),
        ("steps=0", ("steps",), "steps must be at least 1"),
        ("steps=2.5", ("steps",), "whole number"),
        ("lr=0", ("lr",), "greater than 0"),
        ("lr=-0.5", ("lr",), "greater than 0"),
        ("lr=nan", ("lr",), "finite number"),
        ("o=inf", ("o",), "finite number"),
        ("t=1,2", ("t",), "the single-output mode takes one number"),
        ("mode=weights&x=1,2&t=1", ("t",), "has 1 value but inputs x has 2"),
        ("mode=other", ("mode",), "mode"),
    ],
    "/api/v1/losses/cross_entropy": [
        ("o=1.5", ("o",), "strictly between 0 and 1"),
        ("o=0", ("o",), "strictly between 0 and 1"),
        ("t=2&o=0.5", ("t",), "between 0 and 1, not 2"),
    ],
    "/api/v1/losses/huber": [
        ("delta=0", ("delta",), "Huber δ: must be greater than 0"),
        ("delta=-1", ("delta",), "greater than 0"),
        ("delta=abc", ("delta",), "must be a number"),
    ],
    "/api/v1/losses/squared": [
        ("o=nan", ("o",), "finite number"),
        ("t=inf", ("t",), "finite number"),
    ],
    "/api/v1/losses/absolute": [("delta=-inf", ("delta",), "finite number")],
    "/api/v1/losses/hinge": [("", ("name",), "squared")],
    # POSTed: GOOD_CHECK with these keys changed
    "/api/v1/exercises/check": [
        ({"seed": -1}, ("seed",), "seed must be at least 0, not -1."),
        ({"seed": 2**32}, ("seed",), "seed must be less than 4294967296"),
        ({"seed": "x"}, ("seed",), "seed must be a whole number"),
        ({"sign": "up"}, ("sign",), "sign must be 'positive' or 'negative', not “up”."),
        ({"kind": "weights"}, ("kind",), "kind must be 'single' or 'samples'"),
        ({"score": -2}, ("score",), "score must be at least 0"),
        ({"extra": 1}, ("extra",), "extra"),
    ],
}


@pytest.mark.parametrize(
    ("path", "given", "fields", "words"),
    [(path, *case) for path, cases in API_CASES.items() for case in cases],
)
def test_api_bad_input_is_422_naming_the_field(
    client: TestClient, path: str, given: Any, fields: tuple[str, ...], words: str
) -> None:
    if isinstance(given, dict):
        r = client.post(path, json={**GOOD_CHECK, **given})
        where = "body"
    else:
        r = client.get(f"{path}?{given}" if given else path)
        where = "path" if fields == ("name",) else "query"
    assert r.status_code == 422
    assert "Traceback" not in r.text
    body = r.json()
    assert tuple(d["field"] for d in body["detail"]) == fields
    loc = body["detail"][0]["loc"]
    assert loc[:2] == [where, fields[0]]
    # one bad value of a list is named by its place in the list too
    assert len(loc) == 2 or (path in LIST_ENDPOINTS and len(loc) == 3 and isinstance(loc[2], int))
    assert words in body["detail"][0]["msg"]
    assert words in body["message"]


# ---- the pages: (query, field, words in the message by its control)

PAGE_CASES: dict[str, list[tuple[str, str, str]]] = {
    "/": [
        ("o=nan", "o", "output o must be a finite number, not “nan”"),
        ("t=abc", "t", "target t must be a number, not “abc”"),
        ("lr=0", "lr", "learning rate η must be greater than 0"),
    ],
    "/weights": [
        ("x=1,2,3&t=2,4", "t", "has 2 values but inputs x has 3"),
        ("x=1,nan,3&t=1,2,3", "x", "must be a finite number"),
        ("w=abc", "w", "weight w must be a number"),
        ("lr=0", "lr", "greater than 0"),
    ],
    "/samples": [
        ("t=1,2&o=1,2,3", "o", "has 3 values but target t has 2"),
        ("t=1,zz&o=1,2", "t", "must be a number"),
        (f"t={ROWS_1001}&o=1", "t", "too many values"),
        ("seed=-5", "seed", "at least 0"),
    ],
    "/batches": [
        ("batch_size=0", "batch_size", "at least 1"),
        ("batch_size=11", "batch_size", "only n = 10 rows"),
        ("t=1,2&o=1,1&batch_size=3", "batch_size", "only n = 2 rows"),
        ("t=1,2&o=1", "o", "has 1 values"),
        ("seed=abc", "seed", "whole number"),
    ],
    "/losses": [
        ("loss=cross_entropy&o=1.5", "o", "strictly between 0 and 1"),
        ("loss=cross_entropy&t=3", "t", "between 0 and 1"),
        ("delta=0", "delta", "greater than 0"),
        ("delta=nan", "delta", "finite number"),
        ("o=inf", "o", "finite number"),
        ("t=abc", "t", "must be a number"),
        ("loss=hinge", "loss", "squared"),
    ],
    "/descent": [
        ("steps=900", "steps", "at most 500"),
        ("lr=0", "lr", "greater than 0"),
        ("o=abc", "o", ""),
    ],
}


def _the_control_is_marked(soup: BeautifulSoup, field: str) -> None:
    control = soup.select_one(f'[data-control="{field}"]')
    assert control is not None and "has-error" in control["class"]
    error = control.select_one(".field-error")
    assert error is not None and error["data-error-for"] == field


def _the_number_box_is_marked_invalid(
    soup: BeautifulSoup, query: str, field: str, state: Any
) -> None:
    _the_control_is_marked(soup, field)
    number = soup.select_one(f'[data-control="{field}"] input[type=number]')
    assert number is not None and number["aria-invalid"] == "true"
    assert f"{field}-error" in number["aria-describedby"]


def _the_lists_stay_as_typed(soup: BeautifulSoup, query: str, field: str, state: Any) -> None:
    _the_control_is_marked(soup, field)
    if field in ("x", "t"):
        assert state["data"]["x"] == query.split("&")[0].removeprefix("x=")


def _the_default_rows(soup: BeautifulSoup, query: str, field: str, state: Any) -> None:
    assert state["query"]["t"] == DEFAULT_T and state["query"]["o"] == DEFAULT_O
    assert shown(soup, "sse") == state["shown"]["sse"] == samples_page_state({})["shown"]["sse"]


def _every_loss_is_compared(soup: BeautifulSoup, query: str, field: str, state: Any) -> None:
    assert soup.select_one("#sentence").get_text()  # type: ignore[union-attr]
    assert len(soup.select("#compare tbody tr")) == 4


def _nothing_more(soup: BeautifulSoup, query: str, field: str, state: Any) -> None:
    pass


Check = Callable[[BeautifulSoup, str, str, Any], None]

# what else each page must still show: elements, and a check of its own
PAGE_REST: dict[str, tuple[tuple[str, ...], Check]] = {
    "/": (("#sentence",), _the_number_box_is_marked_invalid),
    "/weights": (("#sentence", "#chart-contour"), _the_lists_stay_as_typed),
    "/samples": ((), _the_default_rows),
    "/batches": (("#sentence",), _nothing_more),
    "/losses": (("#sentence",), _every_loss_is_compared),
    "/descent": (("#status", "#chart-path"), _nothing_more),
}


@pytest.mark.parametrize(
    ("path", "query", "field", "words"),
    [(path, *case) for path, cases in PAGE_CASES.items() for case in cases],
)
def test_page_bad_input_shows_a_message_and_the_rest_of_the_page(
    client: TestClient, path: str, query: str, field: str, words: str
) -> None:
    r = client.get(f"{path}?{query}")
    assert r.status_code == 200
    assert "Traceback" not in r.text
    state = r.context["state"]  # type: ignore[attr-defined]
    soup = BeautifulSoup(r.text, "html.parser")
    error = soup.select_one(f'[data-error-for="{field}"]')
    assert error is not None and not error.has_attr("hidden")
    assert words in error.get_text()
    assert state["errors"] == {field: error.get_text()}
    selectors, check = PAGE_REST[path]
    for selector in selectors:
        assert soup.select_one(selector) is not None, selector
    check(soup, query, field, state)
