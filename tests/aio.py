"""Run a coroutine to its end from a test, whatever event loop this thread holds."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """`asyncio.run(coroutine)` on a thread of its own: the browser tests' Playwright keeps an
    event loop running in the main thread, where asyncio.run refuses to start."""
    return in_thread(asyncio.run, coroutine)


def in_thread(function: Callable[..., T], *args: Any) -> T:
    """`function(*args)` on a new thread; its exception, if any, raised here."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args).result()
