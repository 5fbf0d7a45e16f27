"""The maths core stays pure: it imports no web or plotting library."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterable
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


def _loaded(module: str, libraries: Iterable[str]) -> list[str]:
    """Which of `libraries` importing `module` loads, in a fresh interpreter."""
    code = (
        f"import sys, {module}; "
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & {set(libraries)!r}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return list(ast.literal_eval(out.stdout.strip()))


def test_importing_the_lessons_loads_no_web_or_plotting_module() -> None:
    assert _loaded("app.lessons.single", FORBIDDEN) == []


# The layers, from the bottom: base <- maths <- figures <- pages <- web. A module may import its
# own layer and those below, never one above. The base is the text helpers every layer writes
# with (the language, number formatting); shared helpers that import no web library (schemas,
# MathML, ...) sit with the pages; the web layer is everything that serves HTTP.
PACKAGE = Path(app.__file__).parent
WEB = {"main", "routers", "rendering", "templating", "middleware", "cache", "error_pages",
       "logs", "head_timeout", "precompressed", "responses", "cli", "export", "__main__",
       "allocator", "config", "jinja_speed"}  # fmt: skip
BASE = {"i18n", "formatting", "negotiation"}
WEB_LIBRARIES = {"fastapi", "starlette", "jinja2", "uvicorn", "servestatic"}


def _app_imports(path: Path) -> set[str]:
    """The `app.*` modules a file imports (top level and inside functions)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "app":
                found.update(f"app.{alias.name}" for alias in node.names)
            elif node.module.startswith("app."):
                found.add(node.module)
                found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("app."))
    return found


def _typing_only(tree: ast.AST) -> set[ast.AST]:
    """The nodes under `if TYPE_CHECKING:` (imported for the type checker, never at run time)."""
    guarded: set[ast.AST] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            for child in node.body:
                guarded.update(ast.walk(child))
    return guarded


def _libraries(path: Path) -> set[str]:
    found: set[str] = set()
    tree = ast.parse(path.read_text())
    guarded = _typing_only(tree)
    for node in ast.walk(tree):
        if node in guarded:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[0] for a in node.names)
    return found


def _layer(module: str) -> str:
    part = module.split(".")[1] if module.count(".") else ""
    if part in BASE or module.startswith("app.lessons.exact"):  # exact numbers' texts
        return "base"
    if part == "lessons":
        return "maths"
    if part == "figures":
        return "figures"
    return "web" if part in WEB else "pages"


ORDER = {"base": 0, "maths": 1, "figures": 2, "pages": 3, "web": 4}
MODULES = sorted(p for p in PACKAGE.rglob("*.py"))


def _name(path: Path) -> str:
    return "app." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts)


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_dependencies_point_one_way(path: Path) -> None:
    """maths <- figures <- pages <- web: nothing imports a layer above its own."""
    own = _layer(_name(path))
    above = [m for m in _app_imports(path) if ORDER[_layer(m)] > ORDER[own]]
    assert above == [], f"{_name(path)} ({own}) imports {above}"
    if own != "web":
        assert not _libraries(path) & WEB_LIBRARIES, _name(path)


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_only_main_imports_the_routers_and_routers_import_no_router(path: Path) -> None:
    name = _name(path)
    routers = {m for m in _app_imports(path) if m.startswith("app.routers.")} - {
        "app.routers.__init__"
    }
    if name == "app.main":
        return
    assert routers == set(), f"{name} imports {sorted(routers)}"


def test_the_notebook_api_loads_no_web_library() -> None:
    assert _loaded("app.notebook", WEB_LIBRARIES) == []
