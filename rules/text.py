"""What members type, made ready to store: the cleaners of member text, and one error formatter.

Member text is cleaned once, where it enters: `member_text` for every command option and autocomplete
input (bot/tree.py) and every string of an uploaded file (rules/json_file.py); `clean_text` and `clean_name`
then shape each field for its service.
"""

import re
from typing import Literal, overload

from pydantic import ValidationError

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
