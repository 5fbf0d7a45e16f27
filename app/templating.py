"""The Jinja2 environment shared by every page."""

from __future__ import annotations

from contextvars import ContextVar
from functools import cache, lru_cache
from typing import Any

import orjson
from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2.filters import do_urlencode
from markupsafe import Markup

from app import __version__, i18n, jinja_speed
from app.assets import asset_path
from app.formatting import text_rules
from app.frames import SCRIPT as FRAME_SCRIPT
from app.nav import MENU
from app.pages import share
from app.pages.charts import EMBED_CHROME, MAX_CHART_HEIGHT, MIN_CHART_HEIGHT
from app.pages.images import PageImages, Picture
from app.pages.registry import Lesson, js_messages
from app.resources import resource_dir
from app.schemas import FIELD_LABELS, INPUT_BOUNDS


def _dumps(obj: Any, **_: Any) -> str:
    return orjson.dumps(obj, option=orjson.OPT_SERIALIZE_NUMPY).decode()


def tojson_filter(value: Any, indent: int | None = None) -> Markup:
    """Jinja's |tojson (htmlsafe_json_dumps: <, >, & and ' as \\u escapes, safe in a script
    element) with orjson, escaping the bytes before they become text (cheaper than escaping
    the text). `indent` is accepted and ignored."""
    raw = orjson.dumps(value, option=orjson.OPT_SERIALIZE_NUMPY)
    for char, escaped in _JSON_ESCAPES:
        if char in raw:
            raw = raw.replace(char, escaped)
    return Markup(raw.decode())


_JSON_ESCAPES = ((b"<", b"\\u003c"), (b">", b"\\u003e"), (b"&", b"\\u0026"), (b"'", b"\\u0027"))


# every ASCII character Jinja's |urlencode (urllib's quote, safe="/") writes as %XX
_SAFE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~/")
_QUOTE = {c: f"%{c:02X}" for c in range(128) if c not in _SAFE}
_SAFE_CHARS = frozenset(map(chr, _SAFE)) | {"%"}
_LONG = 256


def quote_filter(value: Any) -> str:
    """Jinja's |urlencode with the same output, faster on long strings: a page's own URL (with
    two 1000-number lists) goes through it twice a render."""
    if not isinstance(value, str) or not value.isascii():
        return do_urlencode(value)
    if len(value) < _LONG:
        return value.translate(_QUOTE)
    return _quote_long(value)


@lru_cache(maxsize=8)
def _quote_long(value: str) -> str:
    """A long ASCII string quoted with one `str.replace` per distinct character that needs it
    (cheaper than `str.translate`); kept, as a page quotes its own URL twice (the oEmbed link
    and the share field)."""
    out = value.replace("%", "%25")
    for char in set(value) - _SAFE_CHARS:
        out = out.replace(char, _QUOTE[ord(char)])
    return out


def static_url(path: str) -> str:
    """The URL of a file under static/, under its content-hashed name (see app/assets.py)."""
    return f"/static/{asset_path(path)}"


def switch_url(request: Request, code: str) -> str:
    """This page's address in language `code` (the language switcher's links)."""
    query = request.url.query
    return i18n.with_param(
        f"{request.url.path}?{query}" if query else request.url.path, "lang", code
    )


def lang_field() -> Markup:
    """A hidden `lang` input for a GET form, when the page's links carry the language."""
    code = i18n.url_lang()
    return Markup('<input type="hidden" name="lang" value="{}">').format(code) if code else Markup()


@lru_cache(maxsize=8)
def _rules_json(lang: str) -> Markup:
    return tojson_filter(text_rules())


def text_rules_json() -> Markup:
    """app.formatting.text_rules as the page's JSON (the same for every page of a language)."""
    return _rules_json(i18n.current())


def js_strings(lesson: Lesson | None = None) -> dict[str, str]:
    """The translations of the messages a page's scripts write (a lesson's, or every one)."""
    return i18n.js_strings(js_messages(lesson if isinstance(lesson, Lesson) else None))


# the chart images of the page being rendered (app.rendering.render sets them around a render)
PAGE_IMAGES: ContextVar[PageImages | None] = ContextVar("sse_page_images", default=None)


def chart_image(figure: str) -> Picture | None:
    """The server image of the chart slot `figure` of the page being rendered, for its
    <noscript>; None where there is none (an offline copy has no server to draw it)."""
    images = PAGE_IMAGES.get()
    return None if images is None else images(figure)


def first_frames() -> bool:
    """Whether the page being rendered shows first frames (app/frames.py): its scripts are
    then loaded by static/js/site.js after them (templates/_partials.html: page_scripts)."""
    images = PAGE_IMAGES.get()
    return images is not None and images.frames


# the client's core (static/js/core/), in the order they run, before plotly.js and sse.js
CLIENT_CORE = ("format", "plot", "fastpath", "url", "controls")


def client_scripts(plotly: str) -> list[str]:
    """The client: static/js/core/ (helpers that touch Plotly only when called), the plotly.js
    build `plotly`, then sse.js (SSE.page, the lesson skeleton); the page's script comes next."""
    return [*(f"js/core/{name}.js" for name in CLIENT_CORE), plotly, "js/sse.js"]


def lang_asked() -> str | None:
    """The unknown `?lang=` value of this request, if any (the page says it fell back)."""
    return i18n.state().asked


@cache
def templates() -> Jinja2Templates:
    """Templates from templates/, autoescaped, with the app's version available."""
    env = Jinja2Templates(directory=str(resource_dir("templates")))
    env.env.add_extension("jinja2.ext.i18n")
    # {% trans %} and _() read the request's language (app.i18n) each time they are called
    env.env.install_gettext_callables(  # type: ignore[attr-defined]
        i18n.gettext, i18n.ngettext, newstyle=True, pgettext=i18n.pgettext
    )
    env.env.policies["ext.i18n.trimmed"] = True
    env.env.globals.update(
        version=__version__,
        static_url=static_url,
        nav=MENU,
        page_lang=i18n.current,
        decimal=i18n.decimal,
        text_rules_json=text_rules_json,
        url_lang=i18n.url_lang,
        languages=i18n.LANGUAGES,
        bounds=INPUT_BOUNDS,
        js_strings=js_strings,
        switch_url=switch_url,
        lang_field=lang_field,
        lang_asked=lang_asked,
        chart_image=chart_image,
        first_frames=first_frames,
        frame_script=FRAME_SCRIPT,
        client_scripts=client_scripts,
        page_downloads=share.downloads,
        download_query=share.DOWNLOAD_QUERY,
        share_builder=share.builder,
        markdown_image=share.MARKDOWN_IMAGE,
        embed_chrome=EMBED_CHROME,
        chart_heights=(MIN_CHART_HEIGHT, MAX_CHART_HEIGHT),
        field_labels=FIELD_LABELS,
    )
    env.env.filters["urlencode"] = quote_filter
    env.env.filters["static_url"] = static_url
    env.env.filters["with_lang"] = i18n.with_lang
    env.env.filters["tojson"] = tojson_filter
    # orjson for |tojson: the figure data is large; Jinja still escapes <, >, & and '
    env.env.policies["json.dumps_function"] = _dumps
    jinja_speed.install(env.env)  # last: it reads the globals
    return env
