"""The one reader of a member's uploaded JSON file: every import decodes through ``load_json``.

It makes a file as safe as a typed option before any model sees it, and answers every way a
file can be wrong with a message the member can act on, never a traceback:

- a UTF-8 byte-order mark (Windows Notepad writes one) is accepted; other bytes that are not
  UTF-8, and text that is not JSON (``NaN`` and ``Infinity`` included), are refused;
- nesting deeper than ``MAX_DEPTH`` is refused (a file that would exhaust Python's recursion
  as well), as is a number longer than Python reads (``sys.get_int_max_str_digits``);
- every string, keys included, loses its control characters (``rules.text.strip_controls``),
  and a lone surrogate (``"\\ud800"``) is refused, naming where it is.

The caller then validates the structure with its pydantic model.
"""

import json
import re
import sys
from typing import Any

from rules.errors import InvalidInputError
from rules.text import member_text

MAX_DEPTH = 32  # lists and objects inside each other; the bot's file formats need fewer than 10
_STRUCTURE = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')  # a string (skipped whole) or a bracket


class _LongNumber:
    """A number json would have to refuse without saying where: refused below, with its place."""

    def __init__(self, digits: int) -> None:
        self.digits = digits


def _integer(text: str) -> int | _LongNumber:
    digits = len(text.lstrip("-"))
    return _LongNumber(digits) if digits > sys.get_int_max_str_digits() else int(text)


def _not_a_number(constant: str) -> Any:
    raise ValueError(f"{constant} is not a JSON number")


def load_json(payload: bytes, what: str = "file") -> Any:
    """The file's JSON value, every string in it cleaned; ``what`` names the file in refusals."""
    try:
        text = payload.decode("utf-8-sig")  # the byte-order mark, if any, is dropped
    except UnicodeDecodeError as error:
        raise InvalidInputError(
            f"The {what} is not valid JSON: it is not UTF-8 text (byte {error.start + 1} is not)."
        ) from None
    try:
        data = json.loads(text, parse_int=_integer, parse_constant=_not_a_number)
    except json.JSONDecodeError as error:
        raise InvalidInputError(f"The {what} is not valid JSON ({error}).") from None
    except ValueError as error:  # NaN, Infinity
        raise InvalidInputError(f"The {what} is not valid JSON ({error}).") from None
    except RecursionError:
        raise InvalidInputError(
            f"The {what} nests lists or objects more than {MAX_DEPTH} deep (from {_too_deep(text)})."
        ) from None
    return _cleaned(data, [], what)


def _too_deep(text: str) -> str:
    """Where nesting first goes deeper than ``MAX_DEPTH``, as "line L, column C"."""
    depth, at = 0, 0
    for token in _STRUCTURE.finditer(text):
        if token.group() in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                at = token.start()
                break
        elif token.group() in "]}":
            depth -= 1
    return f"line {text.count(chr(10), 0, at) + 1}, column {at - text.rfind(chr(10), 0, at)}"


def _where(path: list[str | int], what: str) -> str:
    return f"`{'.'.join(str(part) for part in path)}`" if path else f"The {what}"


def _cleaned(value: Any, path: list[str | int], what: str) -> Any:
    if isinstance(value, str):
        return member_text(value, f"The text at {_where(path, what)}" if path else f"The {what}")
    if isinstance(value, _LongNumber):
        raise InvalidInputError(
            f"{_where(path, what)}: a number of {value.digits} digits is too long "
            f"(at most {sys.get_int_max_str_digits()})."
        )
    if isinstance(value, list | dict) and len(path) >= MAX_DEPTH:
        raise InvalidInputError(
            f"{_where(path, what)}: the {what} nests lists or objects more than {MAX_DEPTH} deep."
        )
    if isinstance(value, list):
        return [_cleaned(item, [*path, index], what) for index, item in enumerate(value)]
    if isinstance(value, dict):
        cleaned = {}
        for key, item in value.items():
            name = member_text(key, f"A key at {_where(path, what)}" if path else f"A key of the {what}")
            cleaned[name] = _cleaned(item, [*path, name], what)
        return cleaned
    return value  # a number, true, false or null
