"""Three of Jinja's internals replaced, for speed, in this one module (nothing else touches them).

Each saves CPU on every page; `python -m bench.tricks` measures each against plain Jinja in one
run, and the README's "Why the code is shaped so (measured)" keeps the figures. They rely on
Jinja 3.1's internals: `tests/test_jinja_speed.py` renders every page with and without them and
compares the bytes, and fails when the installed Jinja is not the version they were checked
against (JINJA_VERSION), so an upgrade is a conscious step.

- `getattr`: `state.x` on a dict looks the key up first (Jinja tries the attribute first, and a
  dict has none but its methods: an AttributeError raised and caught ~700 times a page).
- `call`: the context calls our own template functions directly (Context.call looks for a
  pass_context marker on every call; ours have none).
- `gettext`: `_()`, `gettext`, `ngettext`, `pgettext` as plain functions with the newstyle
  extension's result (translated, marked safe, `%` variables), not through two context calls.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from types import FunctionType, MethodType
from typing import Any

from jinja2 import Environment
from jinja2.runtime import Context
from markupsafe import Markup

from app import i18n

JINJA_VERSION = "3.1.6"  # the version these replacements were checked against
PARTS = ("getattr", "call", "gettext")


def _gettext(string: str, **variables: Any) -> Markup:
    """Jinja's newstyle gettext (translated, marked safe, then `% variables`) without its two
    context calls and its `%` on a string with nothing to fill (a page makes ~85 calls)."""
    text = Markup(i18n.gettext(string))
    return text % variables if variables or "%" in text else text


def _ngettext(singular: str, plural: str, num: int, **variables: Any) -> Markup:
    """Jinja's newstyle ngettext: `num` is available to the message as %(num)s."""
    variables.setdefault("num", num)
    return Markup(i18n.ngettext(singular, plural, num)) % variables


def _pgettext(context: str, string: str, **variables: Any) -> Markup:
    """Jinja's newstyle pgettext."""
    text = Markup(i18n.pgettext(context, string))
    return text % variables if variables or "%" in text else text


_DICT_ATTRIBUTES = frozenset(dir(dict))


def _getattr(environment: Environment, obj: Any, attribute: str) -> Any:
    """Jinja's `a.b` for the state dicts, key first: Jinja tries the attribute first and a dict
    has none but its methods, so every `state.x` raised and caught an AttributeError (~700 a
    page). The same answers: a dict's method names still go to the attribute."""
    if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
        try:
            return obj[attribute]
        except KeyError:
            pass
    return Environment.getattr(environment, obj, attribute)


class _Context(Context):
    """Jinja's context, calling our own template functions directly: Context.call looks for a
    pass_context marker on every call (a few hundred a page); ours have none."""

    plain: frozenset[Callable[..., Any]] = frozenset()

    def call(__self, __obj: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        if __obj in __self.plain:
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
            return __obj(*args, **kwargs)
        return Context.call(__self, __obj, *args, **kwargs)


def install(env: Environment, parts: Iterable[str] = PARTS) -> None:
    """Replace the named internals of `env` (all by default; the bench installs fewer)."""
    parts = set(parts)
    if "getattr" in parts:
        env.getattr = MethodType(_getattr, env)  # type: ignore[method-assign]
    if "gettext" in parts:
        # the extension's functions without its context plumbing (templates autoescape always)
        env.globals.update(_=_gettext, gettext=_gettext, ngettext=_ngettext, pgettext=_pgettext)
    if "call" in parts:
        plain = frozenset(
            f
            for f in env.globals.values()
            if isinstance(f, FunctionType) and not hasattr(f, "jinja_pass_arg")
        )
        env.context_class = type("_PlainCalls", (_Context,), {"plain": plain})
