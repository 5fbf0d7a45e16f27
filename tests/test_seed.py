"""One Seed (app.schemas.Seed): every seeded draw takes 0 <= seed < 2**32, with one message."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.schemas import INPUT_BOUNDS

SEEDED = [
    "/api/v1/samples?n=3&seed=",
    "/api/v1/batches?seed=",
    "/api/v1/weights?seed=",
    "/api/v1/descent?mode=weights&steps=2&seed=",
    "/api/v1/exercises/new?kind=single&seed=",
]


@pytest.mark.parametrize("url", SEEDED)
def test_every_seed_takes_the_same_range(client: TestClient, url: str) -> None:
    assert client.get(url + "4294967295").status_code == 200
    refused = client.get(url + "4294967296")
    assert refused.status_code == 422
    assert "seed must be less than 4294967296" in refused.json()["message"]
    assert client.get(url + "-1").status_code == 422


@pytest.mark.parametrize("page", ["/samples", "/batches", "/weights"])
def test_the_pages_seed_box_has_the_same_bounds(client: TestClient, page: str) -> None:
    html = client.get(page).text
    assert f'min="0" max="{INPUT_BOUNDS["seed"]["max"]}"' in html
    assert INPUT_BOUNDS["seed"]["max"] == "4294967295"
