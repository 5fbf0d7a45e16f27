"""SSE.move's fast path (static/js/core/fastpath.js) edits what plotly.js drew and its private
state (gd._fullData, gd._fullLayout, gd.calcdata, ...), as one version of plotly.js lays it out.
These tests fail when the vendored plotly.js is another version, so that whoever upgrades it
rechecks every private field the file's header lists, then changes PLOTLY_VERSION there."""

from __future__ import annotations

import re

import orjson
import pytest

from app.assets import PLOTLY_CARTESIAN_JS, PLOTLY_JS
from app.resources import resource_dir

STATIC = resource_dir("static")
FASTPATH = (STATIC / "js" / "core" / "fastpath.js").read_text(encoding="utf-8")
PINNED = re.search(r'const PLOTLY_VERSION = "(\d+\.\d+\.\d+)";', FASTPATH)
RECHECK = "plotly.js changed: recheck static/js/core/fastpath.js (its header), then PLOTLY_VERSION"


def test_fastpath_states_the_plotly_version_it_was_written_for() -> None:
    assert PINNED is not None
    header = FASTPATH.split("(function", 1)[0]
    assert f"plotly.js {PINNED.group(1)}" in header
    assert "Plotly.version === PLOTLY_VERSION" in FASTPATH  # another Plotly: no fast path


@pytest.mark.parametrize("bundle", [PLOTLY_JS, PLOTLY_CARTESIAN_JS])
def test_vendored_plotly_is_the_version_the_fastpath_pins(bundle: str) -> None:
    assert PINNED is not None
    text = (STATIC / bundle).read_text(encoding="utf-8")
    banner = re.match(r"/\*! plotly\.js v(\d+\.\d+\.\d+) ", text)
    assert banner is not None and banner.group(1) == PINNED.group(1), RECHECK
    # what Plotly.version says at run time (the fast path compares it with PLOTLY_VERSION)
    assert set(re.findall(r'\.version="(\d+\.\d+\.\d+)"', text)) == {PINNED.group(1)}, RECHECK
    name = bundle.rsplit("/", 1)[-1]
    assert name.endswith(f"-{PINNED.group(1)}.min.js") and name in FASTPATH, RECHECK


def test_the_build_record_names_the_pinned_version() -> None:
    assert PINNED is not None
    builds = list((STATIC / "vendor").glob("plotly-sse-*.BUILD.json"))
    assert len(builds) == 1
    assert orjson.loads(builds[0].read_bytes())["packages"]["plotly.js"] == PINNED.group(1), RECHECK


def test_every_private_field_the_fastpath_touches_is_in_its_header() -> None:
    header, code = FASTPATH.split("(function", 1)
    code = re.sub(r"//.*", "", code)  # comments may name fields the code no longer uses
    touched = set(re.findall(r"\.(_[a-z]\w*|calcdata)\b", code)) - {"_sseMoves", "_sseShapes"}
    assert {"_fullData", "_fullLayout", "calcdata", "_plots", "_length"} <= touched
    missing = sorted(field for field in touched if field not in header)
    assert missing == [], "state these in fastpath.js's header"
