"""The JSON API: numbers, figures, bounds and errors."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


def test_loss_answers_the_issue_example(client: TestClient) -> None:
    r = client.get("/api/v1/loss?t=1&o=0.3&lr=0.5")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/json"
    assert r.json() == {
        "target": 1.0,
        "output": 0.3,
        "loss": 0.245,
        "gradient": -0.7,
        "tangent": {"slope": -0.7, "intercept": 0.455},
        "step": {"learning_rate": 0.5, "output": 0.65, "loss": 0.06125},
        "direction": "increase",
    }


@pytest.mark.parametrize(
    ("query", "direction", "gradient"),
    [("t=1&o=2", "decrease", 1.0), ("t=1&o=1", "none", 0.0), ("t=-3&o=-3.5", "increase", -0.5)],
)
def test_direction_follows_the_sign(
    client: TestClient, query: str, direction: str, gradient: float
) -> None:
    body = client.get(f"/api/v1/loss?{query}").json()
    assert body["direction"] == direction
    assert body["gradient"] == gradient


def test_defaults(client: TestClient) -> None:
    body = client.get("/api/v1/loss").json()
    assert (body["target"], body["output"], body["step"]["learning_rate"]) == (1.0, -2.0, 0.5)


def test_bounds_are_inclusive(client: TestClient) -> None:
    r = client.get("/api/v1/loss?t=-1000&o=1000&lr=10")
    assert r.status_code == 200
    assert r.json()["loss"] == 2_000_000.0


@pytest.mark.parametrize("name", ["loss", "gradient"])
def test_figure_endpoints(client: TestClient, name: str) -> None:
    r = client.get(f"/api/v1/figures/{name}?t=1&o=0.3&lr=0.5")
    assert r.status_code == 200
    body = r.json()
    assert set(body) == {"data", "layout"}
    assert any(trace.get("uid") in ("point", "gpoint") for trace in body["data"])


def test_figure_endpoint_rejects_bad_input(client: TestClient) -> None:
    assert client.get("/api/v1/figures/loss?lr=-1").status_code == 422


def test_openapi_shows_every_bound(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    params = {p["name"]: p["schema"] for p in spec["paths"]["/api/v1/loss"]["get"]["parameters"]}
    assert params["t"]["minimum"] == -1000 and params["t"]["maximum"] == 1000
    assert params["o"]["minimum"] == -1000 and params["o"]["maximum"] == 1000
    assert params["lr"]["exclusiveMinimum"] == 0 and params["lr"]["maximum"] == 10


@pytest.mark.parametrize("path", ["/healthz", "/api/v1/loss", "/", "/index.json"])
def test_head_is_answered(client: TestClient, path: str) -> None:
    assert client.head(path).status_code == 200


def test_healthz(client: TestClient) -> None:
    # the tests do not draw the first frames at start (tests/conftest.py)
    assert client.get("/healthz").json() == {"status": "ok", "first_frames": "off"}
