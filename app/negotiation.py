"""What one request asks for, worked out once and read by every layer that needs it.

The response cache keys an answer by what makes it differ (its URL as the app sees it, its
content coding, its language), and the layers below build it from the same facts. When the
two computed them apart they disagreed on odd requests (two Host or Accept-Language headers,
`gzip;q=0`), and one client's answer was kept for everyone. Here each fact is computed by one
function and read by both.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # app.i18n, which the maths core imports, reads this module: no web imports
    from starlette.types import Scope

# a header value parsed for negotiation is cut at this length: real browsers send ~50-200
# bytes, and an uncut 64 KB Accept-Language was split on every request
MAX_PARSED_HEADER = 1024
MAX_ITEMS = 20  # of a list header (codings, languages)


def header(scope: Scope, name: bytes) -> str:
    """Every `name` field of the request joined with commas (RFC 9110 §5.3), cut at
    MAX_PARSED_HEADER characters."""
    values = [v for k, v in scope["headers"] if k == name]
    joined = values[0] if len(values) == 1 else b",".join(values)
    return joined[:MAX_PARSED_HEADER].decode("latin-1")


def weighted(value: str) -> list[tuple[str, float]]:
    """The items of a list header with their q-values, lower-cased, in the order given (at
    most MAX_ITEMS); a q that is not a number in [0, 1] counts as 0 (refused).

    >>> weighted("gzip;q=0, br;q=0.8 ,identity")
    [('gzip', 0.0), ('br', 0.8), ('identity', 1.0)]
    >>> weighted("es-ES, en;q=abc, fr;q=2")
    [('es-es', 1.0), ('en', 0.0), ('fr', 0.0)]
    """
    out: list[tuple[str, float]] = []
    for item in value.split(",", MAX_ITEMS)[:MAX_ITEMS]:
        token, _sep, params = item.partition(";")
        token = token.strip().lower()
        if not token:
            continue
        q = 1.0
        for param in params.split(";") if params else ():
            name, _eq, number = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(number)
                except ValueError:
                    q = 0.0
        out.append((token, q if 0.0 <= q <= 1.0 else 0.0))
    return out


def coding(scope: Scope, offered: tuple[str, ...] = ("gzip",)) -> str:
    """The best content coding of `offered` the client accepts, or "identity".

    RFC 9110 §12.5.3: a coding counts when listed with q > 0, or not listed and covered by
    `*` with q > 0; `gzip;q=0` refuses gzip. Among equal q the order of `offered` decides
    (the server's preference).

    >>> scope = {"headers": [(b"accept-encoding", b"gzip;q=0, br")]}
    >>> coding(scope, ("br", "gzip")), coding(scope)
    ('br', 'identity')
    >>> coding({"headers": [(b"accept-encoding", b"*;q=0.5, br;q=0")]}, ("br", "gzip"))
    'gzip'
    """
    return _best_coding(header(scope, b"accept-encoding"), offered)


# a browser sends the same few header values on every request: each is parsed once
@lru_cache(maxsize=256)
def _best_coding(accept: str, offered: tuple[str, ...]) -> str:
    weights: dict[str, float] = {}
    for name, q in weighted(accept):
        weights.setdefault(name, q)  # the first mention of a coding counts
    star = weights.get("*", 0.0)
    best, best_q = "identity", 0.0
    for name in offered:
        q = weights.get(name, star)
        if q > best_q:
            best, best_q = name, q
    return best


def target(scope: Scope) -> tuple[object, ...]:
    """Everything the request's absolute URL is made of, as the app's links see it
    (Starlette's `request.url` is built from exactly these: scheme, the Host header or else the
    server's address, root path, path, query). Equal tuples mean equal URLs; kept raw, as the
    response cache's key, because formatting the URL doubled a cache hit's CPU.
    Sound only with one Host field: `OneHost` refuses two before the cache runs."""
    host = next((v for k, v in scope["headers"] if k == b"host"), None)
    return (
        scope["scheme"],
        host,
        None if host is not None else scope.get("server"),
        scope.get("root_path", ""),
        scope["path"],
        scope.get("query_string", b""),
    )


def host_count(scope: Scope) -> int:
    """How many Host fields the request has (RFC 9112 §3.2: more than one is a bad request)."""
    return sum(1 for k, _v in scope["headers"] if k == b"host")
