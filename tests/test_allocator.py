"""app/allocator.py: the malloc settings `sse-explainer` applies at start take on glibc."""

from __future__ import annotations

import platform

import pytest

from app.allocator import tune


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="mallopt is glibc's")
def test_mallopt_accepts_every_setting() -> None:
    assert tune() is True


def test_the_collector_settings_take() -> None:
    """In a child process: freezing changes the collector of the process that calls it."""
    import subprocess
    import sys

    code = (
        "import gc; from app.allocator import GC_THRESHOLDS, tune_gc; tune_gc(); "
        "assert gc.get_threshold() == GC_THRESHOLDS, gc.get_threshold(); "
        "assert gc.get_freeze_count() > 1000, gc.get_freeze_count()"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
