"""One settings object for the whole app, read from SSE_* environment variables."""

from __future__ import annotations

import os
from typing import Literal

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Runtime settings; every field can be set as SSE_<NAME> in the environment."""

    model_config = SettingsConfigDict(env_prefix="SSE_", frozen=True)

    host: str = "127.0.0.1"
    port: int = 8000
    # server processes (`sse-explainer --workers`): a number, or "auto" for one a CPU
    workers: int | Literal["auto"] = 1
    # apply app.allocator's malloc and collector settings at start (sse-explainer sets it for
    # every process it serves from, each worker included)
    tune: bool = False
    # who may put /embed/... pages in an iframe: "*" or space-separated origins
    embed_frame_ancestors: str = "*"
    # who may frame the full pages (CSP frame-ancestors)
    page_frame_ancestors: str = "'self'"
    # longest query string served (bytes); longer ones get 414 (a full page's state is < 1 KB,
    # the longest legal lists, 1000 numbers each for x and t, fit in about 16 KB)
    max_query_bytes: int = 32768
    # longest path served (bytes)
    max_path_bytes: int = 2048
    # finished answers kept in memory by URL (app/cache.py), in MiB; 0 turns the cache off.
    # 4 MiB holds 40 of the largest pages (1000 rows, gzip) or a few hundred typical ones
    response_cache_mb: float = 4.0
    # where static files compressed once (gzip and brotli) are kept, one folder per release
    # (app/precompressed.py); empty: the user's cache folder, else the temp folder
    static_cache: str = ""
    # threads for blocking work (static files are read on them); each thread the pool grows
    # to keeps about a megabyte, and anyio's default of 40 let a busy server's memory creep
    worker_threads: int = 4
    # one line per request on stdout, without query values (app/logs.py); sse-explainer turns
    # it on (SSE_ACCESS_LOG=0 turns it off there)
    access_log: bool = False
    # with --proxy-headers, the addresses whose X-Forwarded-For and X-Forwarded-Proto are
    # believed (comma-separated IPs or networks, "*" for any): anyone else's are ignored, so a
    # client cannot choose the address the log shows
    forwarded_allow_ips: str = "127.0.0.1,::1"
    # seconds a client may take to send a request's head (request line and headers) before
    # it gets 408 and the connection is closed (app/head_timeout.py)
    head_timeout: float = 10.0
    # seconds a shared cache (a CDN, a reverse proxy) and the browser may keep an answer that
    # is a function of its URL: pages, twins, API answers, CSVs, images (app.middleware
    # cache_control); 0 (the default): revalidate every time. Never for no-store answers (a
    # fresh random exercise), errors or static files (those have their own rules).
    shared_max_age: int = 0
    # chart images by URL (/embed/<chart>.svg|png, app/renderer.py): the Chromium Plotly's
    # static export drives (empty: /usr/bin/chromium or chromium on the PATH; none found, image
    # URLs answer 503 saying so), its tabs (images drawn at once), how many more may wait, and
    # the seconds one image may take, after how many images a fresh Chromium is started (its
    # tabs keep memory of every image they drew), and after how many idle seconds it is closed
    chromium: str = ""
    image_tabs: int = 2
    image_queue: int = 16
    image_timeout: float = 20.0
    image_recycle: int = 100
    image_idle: float = 300.0
    # the first frame (app/frames.py): each chart slot starts with the server's image of its
    # state, and plotly.js loads after it; off: the pages load their scripts at once. warm:
    # the default states' first frames are drawn at start
    first_frame: bool = True
    first_frame_warm: bool = True

    def worker_count(self) -> int:
        """`workers` as a number: "auto" is the CPU count."""
        return (os.cpu_count() or 1) if self.workers == "auto" else max(1, self.workers)
