"""Shared fixtures: the app, a test client, and a live server with headless Chromium."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import NoReturn

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import settings

from app.main import create_app
from app.renderer import find_chromium
from bench.browser import CHROMIUM_ARGS  # the benchmark and the tests launch Chromium alike
from tests.serving import served

# the tests' servers (in process and the ones they start) do not draw the default first frames
# at start (app/frames.py): a few dozen images each; the tests of it turn it on
os.environ.setdefault("SSE_FIRST_FRAME_WARM", "0")


@pytest.fixture(scope="session")
def app() -> FastAPI:
    return create_app()


@pytest.fixture(scope="session")
def client(app: FastAPI) -> Iterator[TestClient]:
    # identity: gzip would hide response.context (the template's context) from the tests;
    # tests/test_headers.py asks for gzip where it checks compression
    with TestClient(app, headers={"Accept-Encoding": "identity"}) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def live_server(app: FastAPI) -> Iterator[str]:
    """The app served by uvicorn on a free loopback port, in a daemon thread."""
    with served(app) as base:
        yield base


def missing_tool(message: str) -> NoReturn:
    """A tool a test needs is not installed: a failure under CI=true (CI installs everything),
    else a skip saying how to get it."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


CHROMIUM_MISSING = "Chromium not found: install Debian's chromium (apt-get install chromium)"


def chromium_path() -> str | None:
    """Debian's Chromium, or SSE_CHROMIUM if set: the one the server's images use."""
    return find_chromium(os.environ.get("SSE_CHROMIUM", ""))


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Chromium through Playwright; a missing browser fails under CI=true."""
    path = chromium_path()
    if path is None:
        missing_tool(CHROMIUM_MISSING)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


# Deterministic property tests: the same examples on every run and every machine.
settings.register_profile("sse", derandomize=True, database=None, deadline=None)
settings.load_profile("sse")
