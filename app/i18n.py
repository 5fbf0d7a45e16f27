"""The page's language: English or Spanish, per request, from `?lang=` then Accept-Language.

Text is translated with the standard library's gettext over the catalogues in app/locale
(messages.po, compiled to messages.mo; `make i18n` extracts and compiles them with Babel). The
language of the request lives in a context variable that `gettext`, `number` (app.formatting)
and the templates read, so every sentence the server builds comes out in it. The API, the CSV
downloads and (unless a page's script asks with `?lang=`) the JSON twins stay English.
"""

from __future__ import annotations

import gettext as _gettext
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import parse_qsl, unquote_plus, urlencode, urlsplit, urlunsplit

from app import negotiation

if TYPE_CHECKING:  # the maths core imports this module (via app.formatting): no web imports
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

DEFAULT = "en"
LANGUAGES = {"en": "English", "es": "Español"}
DECIMAL_MARKS = {"en": ".", "es": ","}  # each language's decimal mark
LOCALE_DIR = Path(__file__).parent / "locale"


class Lang(NamedTuple):
    """The language of one request, and whether its URLs must say so (`?lang=`)."""

    code: str
    in_url: bool = False
    asked: str | None = None  # an unknown ?lang= value, for the page's note
    varies: bool = True  # whether Accept-Language could have changed it (Vary)


_ENGLISH = Lang(DEFAULT)
_current: ContextVar[Lang] = ContextVar("sse_lang", default=_ENGLISH)


def current() -> str:
    """The language code of the request being served ("en" outside a request)."""
    return _current.get().code


def state() -> Lang:
    """The request's language with its URL flag."""
    return _current.get()


@contextmanager
def use(code: str, in_url: bool = False) -> Iterator[None]:
    """Run the block in language `code`, as a request in it would (tests, scripts)."""
    token = _current.set(Lang(code if code in LANGUAGES else DEFAULT, in_url))
    try:
        yield
    finally:
        _current.reset(token)


@cache
def translations(code: str) -> _gettext.NullTranslations:
    """The compiled catalogue of `code` (English is the source text: no catalogue)."""
    if code == DEFAULT:
        return _gettext.NullTranslations()
    return _gettext.translation("messages", LOCALE_DIR, languages=[code])


def gettext(message: str) -> str:
    """`message` in the request's language."""
    return translations(current()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form of a message for `n`, in the request's language."""
    return translations(current()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """`message` in the request's language, where `context` tells equal English words apart."""
    return translations(current()).pgettext(context, message)


_ = gettext


def N_(message: str) -> str:
    """Mark a string for extraction (Babel knows the name); it is translated where it is used."""
    return message


def decimal(text: str) -> str:
    """A number written by app.formatting in the request's language (Spanish: decimal comma).

    >>> with use("es"):
    ...     decimal("−0.70")
    '−0,70'
    """
    mark = DECIMAL_MARKS[current()]
    return text if mark == "." else text.replace(".", mark)


def decimal_mark() -> str:
    """The request's language's decimal mark: "." or ","."""
    return DECIMAL_MARKS[current()]


def list_separator() -> str:
    """What separates numbers in a list or an interval: "; " where the decimal mark is a comma.

    >>> with use("es"):
    ...     list_separator()
    '; '
    """
    return "; " if DECIMAL_MARKS[current()] == "," else ", "


def negotiate(query_lang: str | None, accept_language: str | None) -> Lang:
    """`?lang=` wins: a language we have, or English (with a note) for one we do not; then
    Accept-Language by its q-values; then English.

    >>> negotiate(None, "de-DE,es;q=0.8,en;q=0.5").code
    'es'
    >>> negotiate("en", "es").code, negotiate("fr", "es-ES")
    ('en', Lang(code='en', in_url=False, asked='fr', varies=True))
    """
    if query_lang is not None:
        code = query_lang.strip().lower()
        if code in LANGUAGES:
            return Lang(code, in_url=True)
        return Lang(DEFAULT, asked=query_lang[:20])
    return Lang(_from_header(accept_language or ""))


@lru_cache(maxsize=256)  # a browser sends the same header on every request: parsed once
def _from_header(header: str) -> str:
    """The best of our languages in an Accept-Language header (English when none fits)."""
    best, best_q = DEFAULT, 0.0
    for tag, q in negotiation.weighted(header):
        code = tag.split("-")[0]
        if code == "*":
            code = DEFAULT
        # equal q: the earlier tag wins
        if code in LANGUAGES and q > best_q:
            best, best_q = code, q
    return best


def with_lang(url: str) -> str:
    """`url` (a path with a query) carrying this request's `lang` when its URLs must say it.

    >>> with use("es", in_url=True):
    ...     with_lang("/samples?n=3")
    '/samples?n=3&lang=es'
    >>> with_lang("/samples?n=3")
    '/samples?n=3'
    """
    lang = state()
    if not (lang.in_url or lang.code != DEFAULT):
        return url
    return with_param(url, "lang", lang.code)


# a query as urlencode writes it (commas may stay bare): parameters are dropped and added by
# string operations, without parsing and re-encoding two 1000-number lists for every link
_ENCODED_QUERY = re.compile(r"[0-9A-Za-z_.~,%+=&-]*")


def with_param(url: str, key: str, value: str) -> str:
    """`url` with its `key` parameters dropped and `key=value` added last.

    >>> with_param("/samples?t=1,2&lang=en&o=3", "lang", "es")
    '/samples?t=1,2&o=3&lang=es'
    >>> with_param("/samples", "lang", "es"), with_param("/s?a=%3C#top", "lang", "es")
    ('/samples?lang=es', '/s?a=%3C&lang=es#top')
    >>> with_param("/s#top", "lang", "es"), with_param("/s?a=<b>", "lang", "es")
    ('/s?lang=es#top', '/s?a=%3Cb%3E&lang=es')
    """
    path, mark, query = url.partition("?")
    added = urlencode([(key, value)])
    if "#" not in url and _ENCODED_QUERY.fullmatch(query):
        start = key + "="
        kept = [p for p in query.split("&") if p and p != key and not p.startswith(start)]
        return f"{path}?{'&'.join([*kept, added])}"
    parts = urlsplit(url)
    pairs = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != key]
    return urlunsplit(parts._replace(query=urlencode([*pairs, (key, value)])))


def url_lang() -> str | None:
    """The `lang` value this request's links carry, or None."""
    lang = state()
    return lang.code if lang.in_url or lang.code != DEFAULT else None


# Paths that never change with the language: the API, CSV downloads, docs, health, oEmbed.
_ENGLISH_ONLY = ("/api/", "/static/", "/docs", "/openapi.json", "/healthz", "/oembed")
# ... except the exercise's questions and verdicts, which a page's script asks for with ?lang=
_ASKED_API = "/api/v1/exercises/"


def query_value(query: bytes, name: str) -> str | None:
    """The last non-empty value of `name` in a query string, decoded as `parse_qsl` decodes it,
    without decoding the rest (a page's query holds lists of up to 1000 numbers).

    >>> query_value(b"t=1,2&lang=es&o=3", "lang"), query_value(b"%6Cang=es+x", "lang")
    ('es', 'es x')
    >>> query_value(b"lang=&t=1", "lang") is None
    True
    """
    found = None
    wanted = name.encode()
    for pair in query.split(b"&"):
        key, _eq, value = pair.partition(b"=")
        if not value:
            continue
        if key == wanted or (
            (b"%" in key or b"+" in key) and unquote_plus(key.decode("latin-1")) == name
        ):
            found = unquote_plus(value.decode("latin-1"))
    return found


def language_of(scope: Scope) -> Lang | None:
    """The language a request is answered in, or None where the answer never changes with it.

    Pages and embeds take `?lang=` then Accept-Language. A page's JSON twin, and the exercise
    API, take only an explicit `?lang=` (the page's script asks for its own language; anyone
    else gets English). The rest of the API, CSV downloads and the docs are English whatever
    is asked (None). Worked out once per request and kept in the scope: the response cache
    keys by it and `Language` serves by it, so the two cannot disagree.
    """
    if "sse.lang" in scope:
        return scope["sse.lang"]  # type: ignore[no-any-return]
    path = scope.get("path", "") if scope["type"] == "http" else ""
    english = path.startswith(_ENGLISH_ONLY) or path.endswith(".csv")
    # a JSON twin or the exercise API: only an explicit ?lang= changes the language
    asked_only = (path.endswith(".json") and not english) or path.startswith(_ASKED_API)
    lang: Lang | None = None
    if path and (asked_only or not english):
        query_lang = query_value(scope.get("query_string", b""), "lang")
        header = None if asked_only else negotiation.header(scope, b"accept-language")
        lang = negotiate(query_lang, header)
        if asked_only and lang.asked:
            lang = _ENGLISH
        if asked_only:
            lang = Lang(lang.code, lang.in_url, lang.asked, varies=False)
    scope["sse.lang"] = lang
    return lang


class Language:
    """Pure-ASGI middleware: serve the request in `language_of(scope)`, and say
    `Vary: Accept-Language` where the header chose it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Set the request's language, serve it, reset."""
        lang = language_of(scope)
        if lang is None:
            await self.app(scope, receive, send)
            return

        async def vary(message: Message) -> None:
            if message["type"] == "http.response.start" and lang.varies:
                headers = list(message.get("headers", []))
                headers.append((b"vary", b"Accept-Language"))
                message = {**message, "headers": headers}
            await send(message)

        token = _current.set(lang)
        try:
            await self.app(scope, receive, vary)
        finally:
            _current.reset(token)


# The sentences and labels the client's core writes on every page (static/js/core, sse.js,
# share.js, exercise.js's network message); each lesson's script adds its own (its page module's
# JS_MESSAGES, app.pages.registry). The page carries their translations as JSON
# (<script type="application/json" id="i18n">) and SSE.t looks them up. {name} is a slot.
JS_MESSAGES = (
    N_("The server could not be reached; the numbers above may be out of date."),
    N_("The server could not be reached."),
    N_("Try again in a moment."),
    N_("Copy"),
    N_("Copied"),
    N_("Theme: auto"),
    N_("Theme: light"),
    N_("Theme: dark"),
)


def js_strings(messages: Iterable[str]) -> dict[str, str]:
    """The client's messages in the request's language, keyed by their English text."""
    return {message: gettext(message) for message in messages}
