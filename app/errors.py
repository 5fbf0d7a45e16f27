"""Plain-language messages for invalid query parameters, shared by the API and the pages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from app.schemas import FIELD_LABELS, MAX_LEARNING_RATE, VALUE_BOUND

_MAX_ECHO = 40


def _echo(value: Any) -> str:
    text = str(value)
    return text if len(text) <= _MAX_ECHO else text[: _MAX_ECHO - 1] + "…"


def message(field: str, error: Mapping[str, Any]) -> str:
    """One sentence that names the field, says what is allowed and what was given.

    >>> message("o", {"type": "finite_number", "input": "nan"})
    'output o must be a finite number, not “nan”.'
    """
    label = FIELD_LABELS.get(field, field)
    index = [part for part in error.get("loc", ()) if isinstance(part, int)]
    if index:
        label = f"{label}, value {index[-1] + 1},"
    kind = error.get("type", "")
    given = _echo(error.get("input", ""))
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        names = [part for part in error.get("loc", ()) if isinstance(part, str)]
        return f"“{_echo(names[-1] if names else '')}” is not a field of this request."
    if kind == "too_long":
        return f"{label} has too many values: at most {ctx.get('max_length')}."
    if kind == "too_short":
        return f"{label} needs at least {ctx.get('min_length')} value."
    if kind in ("enum", "literal_error"):
        expected = str(ctx.get("expected", ""))
        choice = f"one of {expected}" if "," in expected else expected
        return f"{label} must be {choice}, not “{given}”."
    if kind == "finite_number":
        return f"{label} must be a finite number, not “{given}”."
    if given == "":
        return f"{label} is empty: enter a number."
    if kind in ("int_parsing", "int_from_float", "int_type"):
        return f"{label} must be a whole number, not “{given}”."
    if kind in ("float_parsing", "float_type", "missing"):
        return f"{label} must be a number, not “{given}”."
    if kind in _BOUND_WORDS:
        if field == "lr":
            return f"{label} must be greater than 0 and at most {MAX_LEARNING_RATE:g}, not {given}."
        limit = next(iter(ctx.values()), None)
        if type(limit) is float and abs(limit) == VALUE_BOUND:  # the t, o, x, w, b values
            return f"{label} must be between −{VALUE_BOUND:g} and {VALUE_BOUND:g}, not {given}."
        # other fields (seeds, row counts, batch sizes, δ, ...) state their own bound
        return f"{label} must be {_bound(kind, ctx)}, not {given}."
    detail = f" ({ctx})" if ctx else ""
    return f"{label}: {error.get('msg', 'invalid value')}{detail}."


_BOUND_WORDS = {
    "greater_than_equal": ("at least", "ge"),
    "greater_than": ("greater than", "gt"),
    "less_than_equal": ("at most", "le"),
    "less_than": ("less than", "lt"),
}


def _bound(kind: str, ctx: Mapping[str, Any]) -> str:
    words, key = _BOUND_WORDS[kind]
    return f"{words} {ctx.get(key)}"


def field_of(error: Mapping[str, Any]) -> str:
    """The query parameter an error is about (the last string in its location)."""
    # a JSON body may carry a key "" (which names nothing): fall back to "body" or "query"
    names = [part for part in error.get("loc", ()) if isinstance(part, str) and part]
    return names[-1] if names else ""


M = TypeVar("M", bound=BaseModel)


def parse_lenient(model: type[M], params: Mapping[str, str]) -> tuple[M, dict[str, str]]:
    """Validate params field by field: keep the good ones, default the bad ones, say why."""
    known = {name: params[name] for name in model.model_fields if name in params}
    errors: dict[str, str] = {}
    try:
        return model.model_validate(known), errors
    except ValidationError as exc:
        for error in exc.errors():
            field = field_of(error)
            errors.setdefault(field, message(field, error))
    good = {name: value for name, value in known.items() if name not in errors}
    return model.model_validate(good), errors
