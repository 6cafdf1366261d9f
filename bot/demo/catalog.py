"""The bot's slash commands as the demo reads them: the tree's own payloads, walked by name.

Built from `bot.tree` at run time, so a command added or changed anywhere is typed, checked
and listed the same way, with nothing about particular commands written here.
"""

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import discord
from discord import app_commands

from bot.demo.errors import InputError

SUBCOMMAND = discord.AppCommandOptionType.subcommand.value
GROUP = discord.AppCommandOptionType.subcommand_group.value

TYPE_NAMES = {
    discord.AppCommandOptionType.string.value: "text",
    discord.AppCommandOptionType.integer.value: "whole number",
    discord.AppCommandOptionType.number.value: "number",
    discord.AppCommandOptionType.boolean.value: "true/false",
    discord.AppCommandOptionType.user.value: "member",
    discord.AppCommandOptionType.channel.value: "channel",
    discord.AppCommandOptionType.role.value: "role",
    discord.AppCommandOptionType.mentionable.value: "member or role",
    discord.AppCommandOptionType.attachment.value: "file path",
}


@dataclass(frozen=True)
class Leaf:
    """One runnable command: `spell`, or `npc interact` under its group."""

    path: tuple[str, ...]
    description: str
    options: tuple[Mapping[str, Any], ...]

    @property
    def name(self) -> str:
        return " ".join(self.path)

    def option(self, name: str) -> Mapping[str, Any] | None:
        return next((o for o in self.options if o["name"] == name), None)

    @property
    def option_names(self) -> list[str]:
        return [o["name"] for o in self.options]

    def usage(self) -> str:
        """`/npc interact npc: type: summary: [character:]`: required options first, as typed."""
        parts = [f"/{self.name}"]
        for option in self.options:
            parts.append(f"{option['name']}:" if option.get("required") else f"[{option['name']}:]")
        return " ".join(parts)


def _leaves(node: Mapping[str, Any], path: tuple[str, ...]) -> Iterable[Leaf]:
    children = [o for o in node.get("options") or [] if o.get("type") in (SUBCOMMAND, GROUP)]
    if not children:
        yield Leaf(path, node.get("description", ""), tuple(node.get("options") or []))
        return
    for child in children:
        yield from _leaves(child, (*path, child["name"]))


def _close(word: str, choices: Iterable[str]) -> str:
    matches = difflib.get_close_matches(word, list(choices), n=3, cutoff=0.6)
    return f" Did you mean {', '.join(matches)}?" if matches else ""


class Catalog:
    """Every chat-input command of the tree, by its path of names."""

    def __init__(self, payloads: Iterable[Mapping[str, Any]]) -> None:
        self._leaves = {
            leaf.path: leaf for payload in payloads for leaf in _leaves(payload, (payload["name"],))
        }

    @classmethod
    def from_tree(cls, tree: app_commands.CommandTree) -> "Catalog":
        commands = tree.get_commands(type=discord.AppCommandType.chat_input)
        return cls(command.to_dict(tree) for command in commands)

    @property
    def leaves(self) -> list[Leaf]:
        return sorted(self._leaves.values(), key=lambda leaf: leaf.path)

    def resolve(self, words: list[str]) -> tuple[Leaf, int]:
        """The command the leading words name, and how many words that took.

        `npc interact npc:Tom` gives (npc interact, 2). Unknown names raise InputError with
        what exists at that point, so the user can correct one word at a time.
        """
        if not words or not words[0]:
            raise InputError("Type a command after the slash, e.g. /spell name:fireball (`help` lists them).")
        path: tuple[str, ...] = ()
        for word in words:
            candidate = (*path, word.lower())
            if candidate in self._leaves:
                return self._leaves[candidate], len(candidate)
            if word.lower() not in self._below(path):
                break
            path = candidate
        names = sorted(self._below(path))
        typed = words[len(path)] if len(path) < len(words) else ""
        if not path:
            raise InputError(f"There is no command /{typed}.{_close(typed, names)} Type `help` to list them.")
        where = "/" + " ".join(path)
        if not typed or ":" in typed:
            raise InputError(f"{where} needs one of: {', '.join(names)}.")
        raise InputError(f"{where} has no `{typed}`.{_close(typed, names)} It has: {', '.join(names)}.")

    def _below(self, path: tuple[str, ...]) -> set[str]:
        """The names that may follow `path`: `npc` -> {"create", "show", ...}."""
        depth = len(path)
        return {leaf.path[depth] for leaf in self._leaves.values() if leaf.path[:depth] == path}


def describe(leaf: Leaf) -> list[str]:
    """`help /npc interact`: the usage line and one line per option."""
    lines = [leaf.usage(), f"  {leaf.description}"]
    for option in leaf.options:
        kind = TYPE_NAMES.get(option["type"], "value")
        extras = []
        if option.get("choices"):
            extras.append("one of " + ", ".join(str(c["name"]) for c in option["choices"]))
        if "min_value" in option or "max_value" in option:
            extras.append(f"{option.get('min_value', '')}..{option.get('max_value', '')}")
        if option.get("autocomplete"):
            extras.append(f"choices as you type: complete /{leaf.name} {option['name']}:text")
        need = "required" if option.get("required") else "optional"
        detail = f" ({'; '.join(extras)})" if extras else ""
        # discord.py describes an undocumented option as "…": say nothing rather than that.
        what = option.get("description", "").strip("… ")
        lines.append(f"  {option['name']}: {kind}, {need}{detail}" + (f": {what}" if what else ""))
    return lines
