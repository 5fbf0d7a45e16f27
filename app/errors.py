"""Plain-language messages for invalid query parameters, shared by the API and the pages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from app.i18n import N_, _
from app.schemas import FIELD_LABELS, MAX_INT_DIGITS, MAX_LEARNING_RATE, VALUE_BOUND

_MAX_ECHO = 40


def _echo(value: Any) -> str:
    text = str(value)
    return text if len(text) <= _MAX_ECHO else text[: _MAX_ECHO - 1] + "…"


def message(field: str, error: Mapping[str, Any]) -> str:
    """One sentence that names the field, says what is allowed and what was given (in the
    request's language: the pages' languages, English on the API).

    >>> message("o", {"type": "finite_number", "input": "nan"})
    'output o must be a finite number, not “nan”.'
    """
    label = _(FIELD_LABELS[field]) if field in FIELD_LABELS else field
    index = [part for part in error.get("loc", ()) if isinstance(part, int)]
    if index:
        label = _("{label}, value {index},").format(label=label, index=index[-1] + 1)
    kind = error.get("type", "")
    given = _echo(error.get("input", ""))
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        names = [part for part in error.get("loc", ()) if isinstance(part, str)]
        name = _echo(names[-1] if names else "")
        return _("“{name}” is not a field of this request.").format(name=name)
    if kind == "too_long":
        return _("{label} has too many values: at most {max}.").format(
            label=label, max=ctx.get("max_length")
        )
    if kind == "too_short":
        return _("{label} needs at least {min} value.").format(
            label=label, min=ctx.get("min_length")
        )
    if kind in ("enum", "literal_error"):
        expected = str(ctx.get("expected", ""))
        if "," in expected:
            return _("{label} must be one of {expected}, not “{given}”.").format(
                label=label, expected=expected, given=given
            )
        return _("{label} must be {expected}, not “{given}”.").format(
            label=label, expected=expected, given=given
        )
    if kind == "missing":
        return _("{label} is required.").format(label=label)
    if kind in SENTENCES:  # a rule between fields, raised located at its field (app.pages)
        return _(SENTENCES[kind]).format(label=label, **ctx)
    if kind == "string_too_long":
        return _("{label} is too long: at most {max} characters.").format(
            label=label, max=ctx.get("max_length")
        )
    if kind == "finite_number":
        return _("{label} must be a finite number, not “{given}”.").format(label=label, given=given)
    if given == "":
        return _("{label} is empty: enter a number.").format(label=label)
    if kind in ("int_too_long", "int_parsing_size"):
        return _("{label} must be a whole number of at most {max} digits, not “{given}”.").format(
            label=label, max=MAX_INT_DIGITS, given=given
        )
    if kind in ("int_parsing", "int_from_float", "int_type"):
        return _("{label} must be a whole number, not “{given}”.").format(label=label, given=given)
    if kind in ("float_parsing", "float_type"):
        return _("{label} must be a number, not “{given}”.").format(label=label, given=given)
    if kind in _BOUND_WORDS:
        if field == "lr":
            return _("{label} must be greater than 0 and at most {max}, not {given}.").format(
                label=label, max=f"{MAX_LEARNING_RATE:g}", given=given
            )
        limit = next(iter(ctx.values()), None)
        if type(limit) is float and abs(limit) == VALUE_BOUND:  # the t, o, x, w, b values
            return _("{label} must be between −{bound} and {bound}, not {given}.").format(
                label=label, bound=f"{VALUE_BOUND:g}", given=given
            )
        # other fields (seeds, row counts, batch sizes, δ, ...) state their own bound
        return _("{label} must be {bound}, not {given}.").format(
            label=label, bound=_bound(kind, ctx), given=given
        )
    detail = f" ({ctx})" if ctx else ""
    return f"{label}: {error.get('msg', 'invalid value')}{detail}."


# the rules that tie an exercise's fields together (app.pages.exercises raises them, located at
# the field they are about, so a page and the API name it like any other)
SENTENCES = {
    "needs_partner": N_(
        "{label} is needed too: your own question takes a target t and an output o."
    ),
    "at_target": N_(
        "{label} equals target t: at o = t the gradient is 0, so it has no sign to ask about."
    ),
    "not_with_own": N_(
        "{label} cannot come with your own question (t and o): give one or the other."
    ),
    "past_the_set": N_("{label} must be at most {size}, the number of seeds in the set."),
}

_BOUND_WORDS = {
    "greater_than_equal": (N_("at least {limit}"), "ge"),
    "greater_than": (N_("greater than {limit}"), "gt"),
    "less_than_equal": (N_("at most {limit}"), "le"),
    "less_than": (N_("less than {limit}"), "lt"),
}


def _bound(kind: str, ctx: Mapping[str, Any]) -> str:
    words, key = _BOUND_WORDS[kind]
    return _(words).format(limit=ctx.get(key))


def field_of(error: Mapping[str, Any]) -> str:
    """The query parameter an error is about (the last string in its location)."""
    # a JSON body may carry a key "" (which names nothing): fall back to "body" or "query"
    names = [part for part in error.get("loc", ()) if isinstance(part, str) and part]
    return names[-1] if names else ""


M = TypeVar("M", bound=BaseModel)


def parse_lenient(
    model: type[M],
    params: Mapping[str, str],
    depends: Mapping[str, tuple[str, ...]] | None = None,
    together: tuple[str, ...] = (),
) -> tuple[M, dict[str, str]]:
    """Validate params field by field: keep the good ones, default the bad ones, say why.

    The one lenient parser of every page. `depends`: for fields checked against each other
    (o against t), when even a field's default does not fit, the fields it depends on fall
    back too. `together`: fields that fall back as one (x and t: a bad one would leave the
    other with a different length). Each message names the field it is about.
    """
    depends = depends or {}
    known = {name: params[name] for name in model.model_fields if name in params}
    errors: dict[str, str] = {}
    for _attempt in range(len(model.model_fields) + 1):
        try:
            return model.model_validate(known), errors
        except ValidationError as exc:
            for error in exc.errors():
                field = field_of(error)
                if any(other in errors for other in depends.get(field, ())):
                    known.pop(field, None)  # checked against a default: say nothing of it
                    continue
                errors.setdefault(field, message(field, error))
                if field in known:
                    known.pop(field)
                    if field in together:
                        for other in together:
                            known.pop(other, None)
                else:
                    for other in depends.get(field, ()):
                        known.pop(other, None)
    return model(), errors
