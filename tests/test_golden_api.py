"""Every API answer in tests/golden/api.json, byte for byte (tests/golden_api.py)."""

from __future__ import annotations

import json

import pytest

from tests.golden_api import GETS, GOLDEN, POSTS, answers


@pytest.fixture(scope="module")
def now() -> dict[str, dict[str, object]]:
    return answers()


def test_the_golden_file_covers_every_url() -> None:
    kept = json.loads(GOLDEN.read_text())
    assert len(kept) == len(GETS) + len(POSTS)
    statuses = {entry["status"] for entry in kept.values()}
    assert {200, 404, 422} <= statuses  # answers and refusals alike


@pytest.mark.parametrize("key", list(json.loads(GOLDEN.read_text())))
def test_the_api_answers_what_it_answered(now: dict[str, dict[str, object]], key: str) -> None:
    assert now[key] == json.loads(GOLDEN.read_text())[key]
