"""bench/first_frame.py's arithmetic: the clock alignment, the bytes before a time, which paint
came first, the medians and the issue's verdicts (no browser, no timing)."""

from __future__ import annotations

import math
from typing import Any

import pytest

from bench import first_frame as ff


def test_the_origin_on_cdps_clock_from_a_wall_and_monotonic_pair() -> None:
    # the document was asked for 3.5 ms after the origin: monotonic 100.0035 s, epoch ...0.0035 s
    origin = ff.origin_monotonic(1_700_000_000_000.0, 1_700_000_000.0035, 100.0035)
    assert origin == pytest.approx(100.0, abs=1e-6)


def test_both_alignments_agree_on_the_same_instant() -> None:
    # requestStart 8.3 ms after the origin = CDP's requestTime + sendStart (monotonic)
    from_nav = ff.origin_from_navigation(30253.915321, 0.377, 8.3)
    from_wall = ff.origin_monotonic(1796606221282.7, 1796606221.286184, 30253.910741)
    assert from_nav == pytest.approx(from_wall, abs=0.5e-3)


EVENTS = [
    ("headers", "doc", 1.00, 200),
    ("data", "doc", 1.01, 0),  # the document's chunks carry no encoded length
    ("finished", "doc", 1.02, 3200),
    ("headers", "js", 1.10, 300),
    ("finished", "js", 1.50, 20_300),
    ("data", "js", 1.55, 20_000),  # a script's chunks can be stamped after its completion
    ("headers", "gone", 1.20, 100),  # a response that never finished: its chunks by their time
    ("data", "gone", 1.30, 1000),
]


@pytest.mark.parametrize(
    ("until", "expected"),
    [
        (0.99, 0),
        (1.00, 200),  # the document's headers
        (1.01, 200 + 3000 / 2),  # and half its body, pro rata of the time
        (1.02, 3200),  # finished: its whole size
        (1.15, 3200 + 300 + 20_000 / 8),  # the script's headers and an eighth of its body
        (1.25, 3200 + 300 + 20_000 * 3 / 8 + 100),
        (1.30, 3200 + 300 + 20_000 / 2 + 1100),
        (1.50, 3200 + 20_300 + 1100),
        (math.inf, 3200 + 20_300 + 1100),
    ],
)
def test_bytes_until_counts_finished_responses_whole_and_others_pro_rata(
    until: float, expected: float
) -> None:
    assert ff.bytes_until(EVENTS, until) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("image", "plotly", "expected"),
    [
        (120.0, 480.0, (120.0, "image")),
        (None, 480.0, (480.0, "plotly")),
        (500.0, 480.0, (480.0, "plotly")),
        (None, None, None),
    ],
)
def test_the_first_chart_painted_is_the_earlier_and_says_which(
    image: float | None, plotly: float | None, expected: tuple[float, str] | None
) -> None:
    assert ff.first_painted(image, plotly) == expected


def _run(ms: float, kb: float, via: str = "image", total: float = 400.0) -> dict[str, Any]:
    return {"ms": ms, "kb_before": kb, "via": via, "kb_total": total}


def test_summarize_takes_medians_per_server_and_the_ratios() -> None:
    samples = {}
    for server, scale in (("a", 1.0), ("b", 2.0), ("c", 4.0)):
        samples[("normal", "/", "cold", server)] = [
            _run(100 * scale, 30, "image" if server == "a" else "plotly"),
            _run(300 * scale, 10, "plotly"),
            _run(200 * scale, 20, "image" if server == "a" else "plotly"),
        ]
    (row,) = ff.summarize(samples)
    assert row["a"]["ms"] == 200.0
    assert row["a"]["kb_before"] == 20.0
    assert row["a"]["via"] == "image 2/3"
    assert row["c"]["via"] == "plotly"
    assert row["a_over_c"] == 0.25
    assert row["a_over_b"] == 0.5
    assert row["a"]["kb_first_visit"] == 400.0


def test_clocks_count_each_alignment_and_how_far_the_wall_clock_was() -> None:
    runs = [{"clock_check_ms": c} for c in (0.1, -2.0, None, 0.3)]
    assert ff.clocks({("normal", "/", "cold", "a"): runs}) == {
        "navigation": 3,
        "wall": 1,
        "wall_off_median_ms": 0.3,
        "wall_off_max_ms": 2.0,
    }


def _row(page: str, visit: str, network: str, a: float, c: float, kb: float) -> dict[str, Any]:
    return {
        "page": page,
        "visit": visit,
        "network": network,
        "a": {"ms": a, "kb_before": kb},
        "b": {"ms": c, "kb_before": kb},
        "c": {"ms": c, "kb_before": kb},
        "a_over_c": round(a / c, 2),
    }


def test_verdicts_pass_when_every_page_meets_each_point() -> None:
    rows = [
        _row("/", "cold", "normal", 200, 500, 40),
        _row("/why", "cold", "normal", 290, 500, 69),
        _row("/", "warm", "normal", 100, 300, 1),
        _row("/why", "warm", "normal", 100, 300, 1),
        _row("/", "cold", "throttled", 1100, 4000, 40),
        _row("/why", "cold", "throttled", 1200, 4000, 40),
    ]
    assert [v["result"] for v in ff.verdicts(rows)] == ["pass"] * 4


def test_verdicts_name_the_worst_page_of_a_short_point() -> None:
    rows = [
        _row("/", "cold", "normal", 200, 500, 40),
        _row("/why", "cold", "normal", 350, 500, 71),
        _row("/", "warm", "normal", 100, 300, 1),
        _row("/", "cold", "throttled", 1100, 4000, 40),
    ]
    cold, size, throttled, warm = ff.verdicts(rows)
    assert (cold["result"], cold["worst"]) == ("SHORT", "/why 0.70×")
    assert (size["result"], size["worst"]) == ("SHORT", "/why 71 KB")
    # /why was not measured throttled: the point cannot pass
    assert (throttled["result"], throttled["worst"]) == ("not measured", "/why")
    assert warm["result"] == "pass"


def test_a_page_without_a_paint_leaves_its_point_not_measured() -> None:
    rows = [_row("/", "cold", "normal", 200, 500, 40)]
    rows[0]["a_over_c"] = None
    assert ff.verdicts(rows)[0]["result"] == "not measured"
