"""Headed lists packed into pages of embed fields, every page within Discord's limits.

A list is split between whole items; an item longer than one field is carried on in the
next with "…" at both ends of the cut, so nothing is ever dropped or cut unannounced.
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import discord

FIELD_VALUE_MAX = 1024
FIELDS_MAX = 25
MESSAGE_TEXT_MAX = 6000  # title, description, field names and values, footer: all embeds of a message
PAGE_SUFFIX_ROOM = len(" · page 9999/9999")  # what number_pages adds to the footer
GOES_ON, GOES_ON_FROM = " …", "… "
CONTINUED = " (continued)"


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and its items, shown joined by ``separator`` ("\\n" for lines, ", " for names)."""

    heading: str
    items: Sequence[str]
    separator: str = "\n"


def _cut(text: str, limit: int) -> int:
    """Where to cut ``text`` to keep at most ``limit`` characters: a paragraph, line, sentence or word end."""
    window = text[: limit + 1]
    for separator in ("\n\n", "\n", ". ", " "):
        at = window.rfind(separator, 0, limit)
        if at > limit // 3:
            return at + (1 if separator == ". " else 0)
    cut = limit
    # A markdown escape ("\*") stays whole: never end a piece on an odd run of backslashes.
    while cut > 1 and (len(text[:cut]) - len(text[:cut].rstrip("\\"))) % 2 == 1:
        cut -= 1
    return cut


def item_pieces(item: str, limit: int = FIELD_VALUE_MAX) -> list[str]:
    """The item whole, or cut into pieces of at most ``limit``, each cut marked with "…" on both sides."""
    item = item.strip()
    if len(item) <= limit:
        return [item] if item else []
    pieces: list[str] = []
    rest = item
    while rest:
        prefix = GOES_ON_FROM if pieces else ""
        last = len(prefix) + len(rest) <= limit
        cut = len(rest) if last else _cut(rest, limit - len(prefix) - len(GOES_ON))
        piece, rest = rest[:cut].rstrip(), rest[cut:].lstrip()
        pieces.append(f"{prefix}{piece}{GOES_ON if rest else ''}")
    return pieces


def section_fields(section: Section) -> Iterator[tuple[str, str]]:
    """(name, value) fields of at most 1,024 characters holding every item, in order."""
    value = ""
    count = 0
    for item in section.items:
        for piece in item_pieces(item):
            joined = f"{value}{section.separator}{piece}" if value else piece
            if len(joined) <= FIELD_VALUE_MAX:
                value = joined
                continue
            yield (section.heading if count == 0 else section.heading + CONTINUED), value
            count += 1
            value = piece
    if value:
        yield (section.heading if count == 0 else section.heading + CONTINUED), value


def field_pages(
    title: str, sections: Sequence[Section], colour: discord.Colour, *, footer_room: int
) -> list[discord.Embed]:
    """Pages titled ``title`` holding every section's fields; sections with no items are left out.

    ``footer_room``: the longest footer the pages will get (``number_pages`` adds "page i/n").
    """
    budget = MESSAGE_TEXT_MAX - len(title) - footer_room - PAGE_SUFFIX_ROOM
    pages: list[discord.Embed] = []
    page: discord.Embed | None = None
    used = 0
    for section in sections:
        for name, value in section_fields(section):
            size = len(name) + len(value)
            if page is None or len(page.fields) == FIELDS_MAX or used + size > budget:
                page = discord.Embed(title=title, colour=colour)
                pages.append(page)
                used = 0
            page.add_field(name=name, value=value, inline=False)
            used += size
    return pages
