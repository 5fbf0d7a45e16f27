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
    assert link is not None and link["href"] == "/index.csv?t=1.0&o=0.3&lr=0.5&half=1"
    formats = {(b["data-chart"], b["data-format"]) for b in soup.select("button.download-image")}
    assert ("chart-loss", "png") in formats and ("chart-gradient", "svg") in formats
