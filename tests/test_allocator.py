"""app/allocator.py: the malloc settings `sse-explainer` applies at start take on glibc."""

from __future__ import annotations

import platform

import pytest

from app.allocator import tune


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="mallopt is glibc's")
def test_mallopt_accepts_every_setting() -> None:
    assert tune() is True
