"""What members type, made ready to store: the cleaners of member text, and one error formatter.

Member text is cleaned once, where it enters: `member_text` for every command option and autocomplete
input (bot/tree.py) and every string of an uploaded file (rules/json_file.py); `clean_text` and `clean_name`
then shape each field for its service.
"""

import re
import typing
from typing import Any, Literal, overload

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from rapidfuzz import process, utils

from rules.errors import InvalidInputError
from rules.limits import NAME

_SPACES = re.compile(r"\s+")
PROBLEMS_SHOWN = 25

# Control characters (Unicode category Cc: U+0000-U+001F, U+007F-U+009F) but newline and tab.
# PostgreSQL's text columns refuse NUL, and none of them has a place in what a member types.
_CONTROLS = {code: None for code in (*range(0x20), *range(0x7F, 0xA0)) if chr(code) not in "\n\t"}
_LINE_BREAK = re.compile(r"\r\n?")
_SURROGATES = re.compile("[\ud800-\udfff]")
_SURROGATE_PAIR = re.compile("([\ud800-\udbff])([\udc00-\udfff])")


def strip_controls(text: str) -> str:
    """The text without control characters but newlines and tabs; "\\r\\n" and a lone "\\r" become "\\n"."""
    return _LINE_BREAK.sub("\n", text).translate(_CONTROLS)


def _pairs_joined(text: str) -> str:
    if not _SURROGATES.search(text):
        return text
    return _SURROGATE_PAIR.sub(
        lambda pair: chr(0x10000 + ((ord(pair[1]) - 0xD800) << 10) + (ord(pair[2]) - 0xDC00)), text
    )


def join_surrogates(text: str) -> str | None:
    """The text with its UTF-16 surrogate pairs made whole characters; None when a lone one is left.

    A lone surrogate cannot be stored or sent (it has no UTF-8 form): the text is refused, never guessed at.
    """
    joined = _pairs_joined(text)
    return None if _SURROGATES.search(joined) else joined


def drop_surrogates(text: str) -> str:
    """The text without its lone surrogates (pairs joined): for input never refused, like autocomplete."""
    return _SURROGATES.sub("", _pairs_joined(text))


def member_text(text: str, what: str) -> str:
    """What a member sent, ready for every layer: pairs joined, controls gone, lone surrogates refused.

    ``what`` names where the text came from in the refusal, e.g. "The option `name`".
    """
    joined = join_surrogates(text)
    if joined is None:
        raise InvalidInputError(
            f"{what} holds a broken character (a lone UTF-16 surrogate) that cannot be stored: "
            "please type or paste it again."
        )
    return strip_controls(joined)


@overload
def clean_text(
    value: str | None,
    what: str,
    limit: int,
    *,
    required: Literal[True],
    one_line: bool = False,
    empty: str | None = None,
) -> str: ...
@overload
def clean_text(
    value: str | None,
    what: str,
    limit: int,
    *,
    required: Literal[False] = False,
    one_line: bool = False,
    empty: str | None = None,
) -> str | None: ...
def clean_text(
    value: str | None,
    what: str,
    limit: int,
    *,
    required: bool = False,
    one_line: bool = False,
    empty: str | None = None,
) -> str | None:
    """Text without outer whitespace (one-line text: every run of whitespace one space), within ``limit``.

    Blank optional text is None; blank required text is refused with ``empty``
    or a message naming ``what``.
    """
    if value is not None:
        value = _SPACES.sub(" ", value).strip() if one_line else value.strip()
    if not value:
        if required:
            raise InvalidInputError(empty or f"The {what} cannot be empty.")
        return None
    if len(value) > limit:
        raise InvalidInputError(f"The {what} can be at most {limit} characters (it has {len(value)}).")
    return value


def clean_name(name: str | None, kind: str) -> str:
    """A name of a campaign, character, NPC...: one line, required, at most ``limits.NAME``."""
    article = "An" if kind[:1].lower() in "aeiou" or kind.isupper() else "A"
    return clean_text(
        name, f"{kind} name", NAME, required=True, one_line=True, empty=f"{article} {kind} needs a name."
    )


SUGGESTION_CUTOFF = 75  # rapidfuzz WRatio: "nmae" -> "name" scores 75, unrelated words far less


def suggestion(typed: str, known: typing.Iterable[str]) -> str:
    """ " (did you mean `x`?)" for the known word closest to ``typed``, or nothing when none is close."""
    found = process.extractOne(
        typed, list(known), processor=utils.default_process, score_cutoff=SUGGESTION_CUTOFF
    )
    return f" (did you mean `{found[0]}`?)" if found else ""


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The pydantic models an annotation can hold: itself, or inside list[...], dict[..., ...], X | None."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for arg in typing.get_args(annotation) for model in _models_in(arg)]


def _model_at(model: type[BaseModel] | None, path: tuple[int | str, ...]) -> type[BaseModel] | None:
    """The model whose keys the error at ``path`` is about (list indexes and dict keys passed over)."""
    for part in path:
        if model is None:
            return None
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        if field is None:
            continue  # a dict key, e.g. the "d6" of hit_dice: the model is the dict's values'
        models = _models_in(field.annotation)
        model = models[0] if models else None
    return model


def _literals(ctx: dict[str, Any]) -> list[str]:
    return re.findall(r"'([^']*)'", str(ctx.get("expected", "")))


def _reason(item: ErrorDetails, model: type[BaseModel] | None) -> tuple[str | None, str]:
    """The path to show (None: the item's own; "": none) and the problem, in words a member can act on."""
    loc, kind, ctx = item["loc"], item["type"], item.get("ctx") or {}
    if kind == "extra_forbidden" and loc:
        parent = _model_at(model, loc[:-1])
        known = parent.model_fields if parent is not None else ()
        return ".".join(str(p) for p in loc[:-1]), f"unknown key `{loc[-1]}`{suggestion(str(loc[-1]), known)}"
    if kind == "literal_error":
        typed = str(item.get("input"))
        if loc and loc[-1] == "[key]":  # a dict's key (a skill's name, a slot level...)
            return ".".join(
                str(p) for p in loc[:-2]
            ), f"unknown key `{typed}`{suggestion(typed, _literals(ctx))}"
        options = ", ".join(f"`{o}`" for o in _literals(ctx))
        return None, f"`{typed}` is not one of {options}{suggestion(typed, _literals(ctx))}"
    if kind == "missing":
        return None, "missing: this key is required"
    if kind == "value_error":
        return None, str(ctx.get("error", item["msg"]))
    if kind in ("greater_than_equal", "less_than_equal") and "ge" in ctx:
        return None, f"must be at least {ctx['ge']} (it is {item.get('input')})"
    if kind == "less_than_equal":
        return None, f"must be at most {ctx['le']} (it is {item.get('input')})"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return None, "must be a whole number"
    if kind == "string_too_long":
        return None, f"must be at most {ctx.get('max_length')} characters"
    if kind == "too_long":
        return None, f"holds too many entries (at most {ctx.get('max_length')})"
    return None, item["msg"]


def problems(error: ValidationError, *, root: str, model: type[BaseModel] | None = None) -> list[str]:
    """pydantic's errors as lines a member can act on, at most 25 and a count of the rest.

    "`classes.0.level`: must be at most 20 (it is 21)", "unknown key `nmae` (did you mean `name`?)".
    ``model`` (the validated model) lets an unknown key suggest the closest known one.
    """
    found = error.errors()
    lines = []
    for item in found[:PROBLEMS_SHOWN]:
        where, reason = _reason(item, model)
        path = where if where is not None else ".".join(str(part) for part in item["loc"])
        lines.append(f"`{path}`: {reason}" if path else reason)
    if len(found) > PROBLEMS_SHOWN:
        lines.append(f"and {len(found) - PROBLEMS_SHOWN} more")
    return lines
