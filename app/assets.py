"""Static files under content-hashed names: `js/sse.js` is also `js/sse.<hash8>.js`, cached forever.

A page links the hashed name, so a browser may keep the file for a year without asking again
(`Cache-Control: public, max-age=31536000, immutable`): a changed file gets a new name. The plain
name still answers (host pages load `/static/embed.js`), revalidated on every use instead.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import PurePosixPath

from app.resources import resource_dir

# the partial plotly.js builds the pages load (scripts/build-plotly)
PLOTLY_JS = "vendor/plotly-sse-basic-4.1.1.min.js"  # scatter and bar: most pages
PLOTLY_CARTESIAN_JS = "vendor/plotly-sse-contour-4.1.1.min.js"  # adds contour: the (w, b) pages

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"


def hashed_name(path: str, digest: str) -> str:
    """`js/sse.js` with digest `0123abcd` -> `js/sse.0123abcd.js` (the hash before the suffix)."""
    pure = PurePosixPath(path)
    return str(pure.with_name(f"{pure.stem}.{digest}{pure.suffix}"))


@cache
def manifest() -> dict[str, str]:
    """Plain path -> hashed path for every file under static/ (read once per process)."""
    root = resource_dir("static")
    names: dict[str, str] = {}
    for file in sorted(root.rglob("*")):
        if file.is_file():
            digest = hashlib.sha256(file.read_bytes()).hexdigest()[:8]
            plain = file.relative_to(root).as_posix()
            names[plain] = hashed_name(plain, digest)
    return names


@cache
def plain_names() -> dict[str, str]:
    """Hashed path -> plain path: what a hashed request serves."""
    return {hashed: plain for plain, hashed in manifest().items()}


def asset_path(path: str) -> str:
    """The hashed path of a static file, or the path itself when no such file exists."""
    return manifest().get(path, path)
