"""The maths core stays pure: it imports no web or plotting library."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import app

LESSONS = Path(app.__file__).parent / "lessons"
FORBIDDEN = ("fastapi", "starlette", "jinja2", "plotly", "uvicorn", "pydantic")


@pytest.mark.parametrize("path", sorted(LESSONS.glob("*.py")), ids=lambda p: p.name)
def test_lessons_source_imports_no_web_or_plotting(path: Path) -> None:
    tree = ast.parse(path.read_text())
    imported: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert not imported & set(FORBIDDEN)
    pure = {"__future__", "collections", "decimal", "functools", "itertools", "operator", "typing"}
    pure |= {"numpy", "re"}
    pure |= {"app", "math"}
    assert imported <= pure


def test_importing_the_lessons_loads_no_web_or_plotting_module() -> None:
    code = (
        "import sys, app.lessons.single; "
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
