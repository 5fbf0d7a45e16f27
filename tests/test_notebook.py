"""The notebook API returns the pages' own figures; plotly validates each."""

from __future__ import annotations

import subprocess
import sys

import plotly.graph_objects as go
import pytest

from app import notebook
from app.pages.charts import EMBEDS


@pytest.mark.parametrize("name", list(EMBEDS))
def test_every_chart_builds_and_validates(name: str) -> None:
    fig = notebook.figure(name)
    assert set(fig) == {"data", "layout"}
    assert isinstance(notebook.show(name), go.Figure)


def test_figure_is_the_one_the_page_draws(client: object) -> None:
    from fastapi.testclient import TestClient

    assert isinstance(client, TestClient)
    twin = client.get("/index.json?t=2&o=-1&lr=0.25&half=0").json()
    assert notebook.figure("loss", t=2, o=-1, lr=0.25, half=False) == twin["figures"]["loss"]
    assert (
        notebook.figure("gradient", t=2, o=-1, lr=0.25, half=False) == (twin["figures"]["gradient"])
    )


def test_bad_parameters_raise_with_the_pages_message() -> None:
    with pytest.raises(ValueError, match="output o must be a finite number"):
        notebook.figure("loss", o=float("nan"))
    with pytest.raises(KeyError, match="unknown chart"):
        notebook.figure("pie")


def test_plotly_is_imported_only_when_asked() -> None:
    code = (
        "import sys; from app import notebook; notebook.figure('loss'); "
        "print('plotly' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
