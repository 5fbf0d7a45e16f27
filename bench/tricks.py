"""`python -m bench.tricks`: what each piece of cleverness saves, side by side in one run.

The server CPU of each page (in process, response cache off, new data each call, as bench/cpu.py
measures it) with everything as shipped, then with one trick taken away at a time:

- jinja:getattr, jinja:call, jinja:gettext: the Jinja internals app/jinja_speed.py replaces;
- jinja:all: plain Jinja;
- typed-cache: app.lessons.exact's kept list texts (a list's text written once a request).

Variants are interleaved round by round, so drift on the machine hits them alike. Prints medians
in ms and each variant's ratio to "shipped"; it measures, it never fails.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from bench.cpu import WARM_UP, _call, varied
from bench.endpoints import BOUNDS, TYPICAL, Endpoint

PAGES = [e for e in TYPICAL + BOUNDS if e.kind == "page"]


class _Forgetful(dict[int, Any]):
    """A dict that keeps nothing: app.lessons.exact's list-text cache, switched off."""

    def __setitem__(self, key: int, value: Any) -> None:
        pass


@contextmanager
def _variant(name: str) -> Iterator[None]:
    from app import jinja_speed, templating
    from app.lessons import exact

    installed, seen = jinja_speed.install, exact._seen
    if name.startswith("jinja:"):
        off = jinja_speed.PARTS if name == "jinja:all" else (name.removeprefix("jinja:"),)
        kept = tuple(part for part in jinja_speed.PARTS if part not in off)
        jinja_speed.install = lambda env, parts=kept: installed(env, parts)  # type: ignore[assignment]
    elif name == "typed-cache":
        exact._seen = _Forgetful()
    templating.templates.cache_clear()
    try:
        yield
    finally:
        jinja_speed.install = installed  # type: ignore[assignment]
        exact._seen = seen
        templating.templates.cache_clear()


VARIANTS = ("shipped", "jinja:getattr", "jinja:call", "jinja:gettext", "jinja:all", "typed-cache")


def measure(pages: list[Endpoint], rounds: int, repeat: int) -> dict[str, dict[str, float]]:
    """Median CPU ms of each page under each variant."""
    from app.allocator import tune, tune_gc
    from app.config import Settings
    from app.main import create_app

    tune()
    app = create_app(Settings(response_cache_mb=0))
    tune_gc()
    keys = [f"{page.label} {page.state}" for page in pages]
    samples: dict[str, dict[str, list[float]]] = {v: {k: [] for k in keys} for v in VARIANTS}

    async def run(path: str, offset: int) -> list[float]:
        for warm in range(WARM_UP):
            await _call(app, varied(path, 1000 + offset + warm))
        out = []
        for i in range(repeat):
            status, seconds = await _call(app, varied(path, offset + i))
            assert status == 200, (path[:60], status)
            out.append(seconds * 1000)
        return out

    for r in range(rounds):
        # each round starts with another variant: no variant always runs first
        for variant in VARIANTS[r % len(VARIANTS) :] + VARIANTS[: r % len(VARIANTS)]:
            with _variant(variant):
                for key, page in zip(keys, pages, strict=True):
                    gc.collect()  # no collection owed by the variant before
                    samples[variant][key] += asyncio.run(run(page.path, r * repeat))
    return {v: {k: statistics.median(xs) for k, xs in rows.items()} for v, rows in samples.items()}


def table(medians: dict[str, dict[str, float]], write: Callable[[str], None] = print) -> None:
    pages = list(medians["shipped"])
    write(f"{'page':<22}" + "".join(f"{v:>15}" for v in VARIANTS))
    for page in pages:
        base = medians["shipped"][page]
        cells = [f"{base:>11.2f} ms"] + [
            f"{medians[v][page]:>8.2f} ({medians[v][page] / base:.2f}×)" for v in VARIANTS[1:]
        ]
        write(f"{page:<22}" + "".join(f"{c:>15}" for c in cells))


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.tricks", description=__doc__)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--repeat", type=int, default=10, help="calls per page per round")
    args = parser.parse_args()
    table(measure(PAGES, args.rounds, args.repeat))


if __name__ == "__main__":
    main()
