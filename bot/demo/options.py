"""Typed option values from the text the user typed, checked against the command's payload.

Entities (members, roles, channels) are named as the user sees them (`player1`, `GM`,
`#table`) and looked up through `Entities`, which the session fills from the sample server;
a file option takes a path on this machine.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import discord

from bot.demo.catalog import TYPE_NAMES, Leaf
from bot.demo.errors import InputError

T = discord.AppCommandOptionType
TRUE = {"true", "yes", "y", "on", "1"}
FALSE = {"false", "no", "n", "off", "0"}
MAX_FILE_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class Entities:
    """Name -> handle lookups for the sample server (each returns None when unknown)."""

    member: Callable[[str], Any | None]
    role: Callable[[str], Any | None]
    channel: Callable[[str], Any | None]
    known: Callable[[str], str]  # kind -> "player1, player2, ..." for the error message


def convert(
    leaf: Leaf, typed: Mapping[str, str], entities: Entities, *, partial: bool = False
) -> dict[str, Any]:
    """Every typed option as the value simcord sends; InputError names the first bad one.

    With `partial` (the options already filled while another is being completed), a missing
    required option is not an error.
    """
    values = {name: _one(leaf, leaf.option(name) or {}, text, entities) for name, text in typed.items()}
    if not partial:
        missing = [o["name"] for o in leaf.options if o.get("required") and o["name"] not in values]
        if missing:
            raise InputError(f"/{leaf.name} needs {', '.join(f'{n}:' for n in missing)} ({leaf.usage()}).")
    return values


def _one(leaf: Leaf, option: Mapping[str, Any], text: str, entities: Entities) -> Any:
    name, kind = option["name"], option["type"]
    where = f"`{name}` of /{leaf.name}"
    if option.get("choices"):
        return _choice(option, text, where)
    if kind == T.string.value:
        return _length_checked(option, text, where)
    if kind in (T.integer.value, T.number.value):
        return _number(option, text, where, whole=kind == T.integer.value)
    if kind == T.boolean.value:
        word = text.strip().lower()
        if word in TRUE | FALSE:
            return word in TRUE
        raise InputError(f"{where} is true or false, not “{text}”.")
    if kind == T.attachment.value:
        return _file(text, where)
    lookups = {
        T.user.value: ("member", [entities.member]),
        T.role.value: ("role", [entities.role]),
        T.channel.value: ("channel", [entities.channel]),
        T.mentionable.value: ("member", [entities.member, entities.role]),
    }
    if kind in lookups:
        noun, finders = lookups[kind]
        for find in finders:
            found = find(text.strip())
            if found is not None:
                return found
        raise InputError(f"{where} is a {TYPE_NAMES[kind]}: no “{text}” here (try {entities.known(noun)}).")
    raise InputError(f"{where} is of a kind the demo cannot type ({kind}).")


def _choice(option: Mapping[str, Any], text: str, where: str) -> Any:
    for choice in option["choices"]:
        if text.strip().lower() in (str(choice["name"]).lower(), str(choice["value"]).lower()):
            return choice["value"]
    names = ", ".join(str(c["name"]) for c in option["choices"])
    raise InputError(f"{where} is one of: {names} (not “{text}”).")


def _length_checked(option: Mapping[str, Any], text: str, where: str) -> str:
    low, high = option.get("min_length"), option.get("max_length")
    if low is not None and len(text) < low:
        raise InputError(f"{where} needs at least {low} characters.")
    if high is not None and len(text) > high:
        raise InputError(f"{where} takes at most {high} characters (this is {len(text)}).")
    return text


def _number(option: Mapping[str, Any], text: str, where: str, *, whole: bool) -> int | float:
    try:
        value: int | float = int(text) if whole else float(text)
    except ValueError:
        raise InputError(f"{where} is a {'whole number' if whole else 'number'}, not “{text}”.") from None
    low, high = option.get("min_value"), option.get("max_value")
    if (low is not None and value < low) or (high is not None and value > high):
        raise InputError(f"{where} is between {low} and {high} (not {text}).")
    return value


def _file(text: str, where: str) -> tuple[str, bytes]:
    path = Path(text.strip()).expanduser()
    if not path.is_file():
        raise InputError(f"{where} is a file: “{text}” is not a file here (e.g. examples/character.json).")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise InputError(f"{where}: “{text}” is larger than the demo uploads (8 MB).")
    return path.name, path.read_bytes()
