"""What members type, made ready to store: one cleaner and one error formatter for every service."""

import re
from typing import Literal, overload

from pydantic import ValidationError

from rules.errors import InvalidInputError
from rules.limits import NAME

_SPACES = re.compile(r"\s+")
PROBLEMS_SHOWN = 25


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


def problems(error: ValidationError, *, root: str) -> list[str]:
    """pydantic's errors as lines a member can act on: "`classes.0.level`: ...", at most 25 and a count."""
    found = error.errors()
    lines = [
        f"`{'.'.join(str(part) for part in item['loc']) or root}`: {item['msg']}"
        for item in found[:PROBLEMS_SHOWN]
    ]
    if len(found) > PROBLEMS_SHOWN:
        lines.append(f"and {len(found) - PROBLEMS_SHOWN} more")
    return lines
