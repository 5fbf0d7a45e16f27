"""glibc malloc and garbage-collector settings for a long-running server, applied at start by
`sse-explainer`.

Measured with `python -m bench` (memory part) on 2 cores: under 32 concurrent connections the
server's resident memory rose from 78 MB to a plateau near 101 MB with glibc's defaults, and to
about 89 MB with these. The defaults let the mmap threshold grow to the largest block freed so
far (pages and their gzip buffers are 100-300 KB), after which such blocks come from the heap,
fragment it and are not returned; and they allow 8 arenas per core.

The thresholds are fixed (which stops glibc's growth) but not low: at 64 KiB every page body,
its encoded bytes and its gzip buffer were mapped and unmapped each request (bench cpu part,
which applies these settings as the server does; figures in the README).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc

M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
M_ARENA_MAX = -8

SETTINGS = {
    M_MMAP_THRESHOLD: 1024 * 1024,  # blocks above 1 MiB get their own mapping, freed at once
    M_TRIM_THRESHOLD: 2 * 1024 * 1024,  # give free heap tops above 2 MiB back to the system
    M_ARENA_MAX: 2,  # one event loop thread: a couple of arenas is plenty
}


def tune() -> bool:
    """Apply SETTINGS through mallopt; False (and nothing changed) where libc is not glibc."""
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    try:
        libc = ctypes.CDLL(name)
        mallopt = libc.mallopt
        libc.gnu_get_libc_version  # noqa: B018 - only glibc has it
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return all(mallopt(param, value) == 1 for param, value in SETTINGS.items())


# the cyclic collector's generation thresholds: a 1000-row page allocates thousands of small
# containers (the mini-batch page's answer has 1000 batches), and at Python's default of 700 a
# collection ran several times a request, each walking the young objects (bench cpu part;
# figures in the README). Reference counting frees nearly everything
# here; the collector only has cycles left to find.
GC_THRESHOLDS = (10_000, 10, 10)


def tune_gc() -> None:
    """Freeze what is alive after start (modules, templates, schemas: never garbage) so full
    collections skip it, and collect the young generation less often (GC_THRESHOLDS)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
