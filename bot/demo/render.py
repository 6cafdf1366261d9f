"""A message as the terminal shows it: who posted it and to whom, text, embeds, controls.

Buttons are numbered for `press N` and select options for `choose N`, counting across every
message of one reply, and `Controls` remembers what each number stands for.
"""

import re
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import discord

WIDTH = 100
BAR = "│ "


@dataclass(frozen=True)
class Control:
    """A numbered thing the user can press or choose."""

    message: discord.Message
    custom_id: str
    label: str
    value: str | None = None  # a select option's value; None for a button
    max_values: int = 1


@dataclass
class Controls:
    buttons: list[Control] = field(default_factory=list)
    options: list[Control] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.buttons or self.options)


MENTION = re.compile(r"<(@&|@!?|#)(\d+)>")
TIMESTAMP = re.compile(r"<t:(-?\d+)(?::[tTdDfFR])?>")


def readable(text: str, names: Mapping[str, str]) -> str:
    """Mentions by name (`names` maps "@id", "@&id", "#id") and timestamps as UTC dates."""

    def mention(match: re.Match[str]) -> str:
        kind = match.group(1).replace("!", "")
        return names.get(f"{kind}{match.group(2)}", match.group(0))

    def timestamp(match: re.Match[str]) -> str:
        return datetime.fromtimestamp(int(match.group(1)), UTC).strftime("%Y-%m-%d %H:%M UTC")

    return TIMESTAMP.sub(timestamp, MENTION.sub(mention, text))


def render(
    message: discord.Message,
    *,
    audience: str | None,
    edited: bool,
    controls: Controls,
    names: Mapping[str, str] | None = None,
) -> list[str]:
    """The message's lines; `audience` names who alone sees it (an ephemeral reply)."""
    lines = [_header(message, audience, edited)]
    if message.content:
        lines += _wrapped(readable(message.content, names or {}), "")
    for embed in message.embeds:
        lines += [readable(line, names or {}) for line in _embed(embed)]
    for attachment in message.attachments:
        lines.append(f"[file] {attachment.filename} ({attachment.size:,} bytes)")
    for row in message.components:
        lines += _row(message, row, controls)
    if len(lines) == 1:
        lines.append("(nothing to show)")
    return lines


def _header(message: discord.Message, audience: str | None, edited: bool) -> str:
    author = message.author.display_name if message.webhook_id else "bot"
    if message.webhook_id:
        author += " (via webhook)"
    who = f" (only {audience} sees this)" if audience else ""
    return f"── {author}{' (updated)' if edited else ''}{who}"


def _wrapped(text: str, indent: str) -> list[str]:
    out: list[str] = []
    for paragraph in text.splitlines() or [""]:
        wrapped = textwrap.wrap(
            paragraph, WIDTH - len(indent), break_long_words=False, break_on_hyphens=False
        ) or [""]
        out += [indent + line for line in wrapped]
    return out


def _embed(embed: discord.Embed) -> list[str]:
    lines = ["┌" + (f" {embed.author.name} ·" if embed.author and embed.author.name else "")]
    if embed.title:
        lines[0] += f" {embed.title}"
    if embed.description:
        lines += _wrapped(embed.description, BAR)
    for item in embed.fields:
        value = item.value or ""
        if "\n" in value or len(item.name or "") + len(value) > WIDTH - 6:
            lines.append(f"{BAR}{item.name}:")
            lines += _wrapped(value, BAR + "  ")
        else:
            lines.append(f"{BAR}{item.name}: {value}")
    if embed.image and embed.image.url:
        lines.append(f"{BAR}[image] {embed.image.url}")
    lines.append("└" + (f" {embed.footer.text}" if embed.footer and embed.footer.text else ""))
    return lines


def _row(message: discord.Message, row: Any, controls: Controls) -> list[str]:
    children = row.children if isinstance(row, discord.ActionRow) else [row]
    buttons: list[str] = []
    lines: list[str] = []
    for child in children:
        if isinstance(child, discord.Button):
            buttons.append(_button(message, child, controls))
        elif isinstance(child, discord.SelectMenu):
            lines += _select(message, child, controls)
        else:
            lines.append(f"[{type(child).__name__}]")
    return ([" ".join(buttons)] if buttons else []) + lines


def _button(message: discord.Message, button: discord.Button, controls: Controls) -> str:
    label = " ".join(part for part in (str(button.emoji or ""), button.label or "") if part) or "button"
    if button.url:
        return f"[link: {label} {button.url}]"
    if button.disabled or not button.custom_id:
        return f"[- {label}]"
    controls.buttons.append(Control(message, button.custom_id, label))
    return f"[{len(controls.buttons)} {label}]"


def _select(message: discord.Message, menu: discord.SelectMenu, controls: Controls) -> list[str]:
    many = f", up to {menu.max_values}" if menu.max_values > 1 else ""
    lines = [f"choose from: {menu.placeholder or 'a list'}{many}" + (" (disabled)" if menu.disabled else "")]
    for option in menu.options:
        if menu.disabled or not menu.custom_id:
            lines.append(f"  - {option.label}")
            continue
        controls.options.append(Control(message, menu.custom_id, option.label, option.value, menu.max_values))
        detail = f" ({option.description})" if option.description else ""
        lines.append(f"  {len(controls.options)}. {option.label}{detail}")
    return lines


def render_choices(choices: list[dict[str, Any]]) -> list[str]:
    """An autocomplete answer: the names offered, numbered, with the value each one sends."""
    if not choices:
        return ["(no choices offered)"]
    lines = []
    for number, choice in enumerate(choices, 1):
        name, value = str(choice["name"]), str(choice["value"])
        lines.append(f"  {number}. {name}" + ("" if value == name else f"  (sends {value})"))
    return lines
