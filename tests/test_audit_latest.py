"""scripts/audit-latest: reading the lock, and judging each pin from PyPI's project JSON
(served here by a stand-in, so the test needs no network)."""

from __future__ import annotations

import importlib.machinery
import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load() -> ModuleType:
    path = str(ROOT / "scripts" / "audit-latest")
    loader = importlib.machinery.SourceFileLoader("audit_latest", path)
    spec = importlib.util.spec_from_loader("audit_latest", loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


audit_latest = _load()

PROJECTS: dict[str, dict[str, Any]] = {
    "fastapi": {"info": {"version": "1.0"}, "vulnerabilities": []},
    "jinja2": {
        "info": {"version": "3.1.4"},
        "vulnerabilities": [
            {"id": "GHSA-x", "aliases": ["CVE-2024-1"], "fixed_in": ["3.1.5"]},
        ],
    },
    "numpy": {"info": {"version": "2.1"}, "vulnerabilities": []},
}


def _get(name: str) -> dict[str, Any]:
    if name not in PROJECTS:
        raise OSError("404")
    return PROJECTS[name]


def test_reads_every_pin_of_the_real_lock() -> None:
    text = (ROOT / "requirements.lock").read_text()
    pinned = audit_latest.pins(text)
    names = {name for name, _ in pinned}
    assert {"fastapi", "uvicorn", "jinja2", "numpy"} <= names
    assert len(pinned) == sum(1 for line in text.splitlines() if line[:1].isalpha())


def test_judges_each_pin() -> None:
    pinned = [("fastapi", "1.0"), ("jinja2", "3.1.4"), ("numpy", "2.0"), ("gone", "1")]
    clean, vulnerable, unchecked = audit_latest.audit(pinned, _get)
    assert clean == ["fastapi==1.0"]
    assert vulnerable == ["jinja2==3.1.4: GHSA-x, CVE-2024-1 (fixed in 3.1.5)"]
    assert [line.split(":")[0] for line in unchecked] == ["numpy==2.0", "gone==1"]


@pytest.mark.parametrize(
    ("lock", "allow", "status"),
    [
        ("fastapi==1.0 \\\n", False, 0),
        ("fastapi==1.0 \\\njinja2==3.1.4 \\\n", False, 1),
        ("numpy==2.0 \\\n", False, 2),
        ("numpy==2.0 \\\n", True, 0),
    ],
)
def test_exit_status(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lock: str, allow: bool, status: int
) -> None:
    monkeypatch.setattr(audit_latest, "fetch", _get)
    (tmp_path / "requirements.lock").write_text(lock)
    argv = ["--lock", str(tmp_path / "requirements.lock")]
    assert audit_latest.main(argv + (["--allow-unchecked"] if allow else [])) == status
