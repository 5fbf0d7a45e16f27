"""CSV of the numbers, image buttons, and the numpy snippet that reproduces the page."""

from __future__ import annotations

import csv
import io
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

STATES = ["t=1&o=0.3&lr=0.5", "t=-2.5&o=4.13&lr=1.7&half=0", "t=3&o=3&lr=1", "t=999&o=-1000&lr=10"]


def _shown(soup: BeautifulSoup, key: str) -> float:
    text = soup.select_one(f'output[data-shown="{key}"]').get_text()  # type: ignore[union-attr]
    return float(text.replace("−", "-").lstrip("≈"))


@pytest.mark.parametrize("query", STATES)
def test_numpy_snippet_prints_the_page_numbers(client: TestClient, query: str) -> None:
    soup = BeautifulSoup(client.get(f"/?{query}").text, "html.parser")
    code = soup.select_one("#numpy-snippet")
    assert code is not None
    out = subprocess.run(
        [sys.executable, "-c", code.get_text()], capture_output=True, text=True, check=True
    )
    printed = dict(line.split(" = ") for line in out.stdout.strip().splitlines())
    assert set(printed) == {"loss", "gradient", "next_output", "next_loss"}
    for key, value in printed.items():
        assert float(value) == pytest.approx(_shown(soup, key), rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("query", STATES)
def test_csv_holds_the_same_numbers(client: TestClient, query: str) -> None:
    r = client.get(f"/index.csv?{query}")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = dict(list(csv.reader(io.StringIO(r.text)))[1:])
    api = client.get(f"/api/v1/loss?{query}").json()
    assert float(rows["loss"]) == api["loss"]
    assert float(rows["gradient dL/do"]) == api["gradient"]
    assert float(rows["next output"]) == api["step"]["output"]


def test_page_offers_csv_png_svg(client: TestClient) -> None:
    soup = BeautifulSoup(client.get("/?t=1&o=0.3").text, "html.parser")
    link = soup.select_one("a[download]")
    assert link is not None and link["href"] == "/index.csv?t=1&o=0.3&lr=0.5&half=1"
    formats = {(a["data-chart"], a["data-format"]) for a in soup.select("a.download-image")}
    assert ("loss", "png") in formats and ("gradient", "svg") in formats


SAMPLES = ["t=1,2,3&o=2,2,2&half=1", "t=1,2,3&o=2,2,2&half=0", "t=0.1,-2.35,4&o=0.17,1.5,-3.99"]


@pytest.mark.parametrize("query", SAMPLES)
def test_samples_numpy_snippet_reproduces_the_page(client: TestClient, query: str) -> None:
    page = client.get(f"/samples?{query}")
    soup = BeautifulSoup(page.text, "html.parser")
    code = soup.select_one("#numpy-snippet")
    assert code is not None
    out = subprocess.run(
        [sys.executable, "-c", code.get_text()], capture_output=True, text=True, check=True
    )
    printed = {
        name: [float(v) for v in values.split(", ")]
        for name, values in (line.split(" = ") for line in out.stdout.strip().splitlines())
    }
    result = page.context["state"]["result"]  # type: ignore[attr-defined]
    assert printed["sse"] == [pytest.approx(result["sse"], rel=1e-11)]
    assert printed["mse"] == [pytest.approx(result["mse"], rel=1e-11)]
    assert printed["terms"] == pytest.approx(result["terms"], rel=1e-11, abs=1e-12)
    assert printed["gradient_sse"] == pytest.approx(result["gradient"]["sse"], abs=1e-12)
    assert printed["gradient_mse"] == pytest.approx(result["gradient"]["mse"], rel=1e-11)
    # and the page shows the same SSE the snippet prints
    sse_shown = page.context["state"]["shown"]["sse"]  # type: ignore[attr-defined]
    assert float(sse_shown.lstrip("≈").replace("−", "-")) == pytest.approx(printed["sse"][0])


def test_samples_csv(client: TestClient) -> None:
    r = client.get("/samples.csv?t=1,2,3&o=2,2,2")
    rows = list(csv.reader(io.StringIO(r.text)))
    assert rows[0] == ["i", "t", "o", "term", "dSSE/do", "dMSE/do"]
    assert rows[1] == ["1", "1.0", "2.0", "0.5", "1.0", "0.3333333333333333"]
    assert rows[-2] == ["SSE", "", "", "1.0", "", ""]


@pytest.mark.parametrize(
    ("path", "header"),
    [
        ("/losses.csv?t=1&o=0.3", ["loss", "t", "o", "L", "dL/do"]),
        ("/batches.csv?t=1,2,3&o=2,2,2&batch_size=2&seed=7", ["batch", "size"]),
        ("/weights.csv?x=1,2,3&t=2,4,6&w=0.5&b=0", ["i", "x", "t"]),
        ("/descent.csv?mode=single&t=1&o=-2&lr=0.5&steps=3", ["iteration", "o", "loss", "dL/do"]),
    ],
)
def test_every_lesson_offers_its_numbers_as_csv(
    client: TestClient, path: str, header: list[str]
) -> None:
    r = client.get(path)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.text)))
    assert rows[0][: len(header)] == header
    assert len(rows) > 2


def test_csv_numbers_are_exact(client: TestClient) -> None:
    rows = list(csv.reader(io.StringIO(client.get("/weights.csv?x=1,2,3&t=2,4,6&w=0.5&b=0").text)))
    assert rows[1] == ["1", "1.0", "2.0", "0.5", "-1.5", "-1.5"]
    descent = list(csv.reader(io.StringIO(client.get("/descent.csv?t=1&o=-2&lr=0.5&steps=2").text)))
    assert descent[1:3] == [["0", "-2.0", "4.5", "-3.0"], ["1", "-0.5", "1.125", "-1.5"]]
    batches = list(csv.reader(io.StringIO(client.get("/batches.csv?t=1,2,3&o=2,2,2").text)))
    assert batches[-2][-1] == batches[-1][-1]  # the epoch average equals the full mean


def _run_snippet(client: TestClient, url: str) -> tuple[dict[str, list[float]], dict[str, object]]:
    page = client.get(url)
    code = BeautifulSoup(page.text, "html.parser").select_one("#numpy-snippet")
    assert code is not None, url
    out = subprocess.run(
        [sys.executable, "-c", code.get_text()], capture_output=True, text=True, check=True
    )
    printed = {
        name: [float(v) for v in values.split(", ")]
        for name, values in (line.split(" = ") for line in out.stdout.strip().splitlines())
    }
    return printed, page.context["state"]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "url", ["/weights?x=1,2,3&t=2,4,6&w=0.5&b=0", "/weights?w=1.2&b=-0.3&half=0&mean=1"]
)
def test_weights_snippet(client: TestClient, url: str) -> None:
    printed, state = _run_snippet(client, url)
    result = state["result"]  # type: ignore[index]
    assert printed["loss"] == [pytest.approx(result["loss"], rel=1e-11)]
    assert printed["dL_dw"] == [pytest.approx(result["gradient"]["w"], rel=1e-11, abs=1e-12)]
    assert printed["dL_db"] == [pytest.approx(result["gradient"]["b"], rel=1e-11, abs=1e-12)]
    assert printed["outputs"] == pytest.approx(result["outputs"], rel=1e-11, abs=1e-12)


@pytest.mark.parametrize(
    "url",
    [
        "/descent?mode=single&t=1&o=-2&lr=0.5&steps=50",
        "/descent?mode=single&t=1&o=-2&lr=2.5&steps=50",
        "/descent?mode=weights&steps=20",
        "/descent?mode=weights&x=1,2,3&t=2,4.5,6&w=0.5&b=0&lr=0.05&steps=20",
        "/descent?mode=weights&x=1,zz&t=1,2&steps=5",
    ],
)
def test_descent_snippet(client: TestClient, url: str) -> None:
    printed, state = _run_snippet(client, url)
    result = state["result"]  # type: ignore[index]
    assert printed["steps"] == [result["iterations"]]
    for name, values in result["trajectory"].items():
        assert printed[name] == [pytest.approx(values[-1], rel=1e-9, abs=1e-9)]
    assert printed["loss"] == [pytest.approx(result["loss"][-1], rel=1e-9, abs=1e-9)]


@pytest.mark.parametrize("url", ["/losses?t=1&o=0.3", "/losses?t=0&o=0.8&delta=0.25&half=0"])
def test_losses_snippet(client: TestClient, url: str) -> None:
    printed, state = _run_snippet(client, url)
    for name, r in state["result"].items():  # type: ignore[index]
        assert printed[name][0] == pytest.approx(r["loss"], rel=1e-11, abs=1e-12)
        if r["gradient"] is not None:
            assert printed[name][1] == pytest.approx(r["gradient"], rel=1e-11, abs=1e-12)


def test_batches_snippet(client: TestClient) -> None:
    printed, state = _run_snippet(client, "/batches?t=1,2,3,4&o=2,2,2,7&batch_size=3&seed=7")
    result = state["result"]  # type: ignore[index]
    means = [b["mean_gradient"] for b in result["batches"]]
    assert printed["batch_means"] == pytest.approx(means, rel=1e-11, abs=1e-12)
    assert printed["full_mean"] == [pytest.approx(result["full_mean_gradient"], abs=1e-12)]
    assert printed["epoch_average"] == [pytest.approx(result["epoch_average"], abs=1e-12)]
