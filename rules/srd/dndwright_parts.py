"""Parts of SRD 5.2 spells rebuilt from dndwright's flattened text (see ``replacements.PARTS_2024``).

dndwright's copy is one paragraph per spell, taken from the SRD PDF: its words are right,
its structure is gone. A ``PartFrom`` says where a part starts and ends and where each of
its items starts; the part is then laid out for Discord as run-in headed paragraphs, a
table (one bullet per row), or a stat block (one line per field). Pure text in, text out.
"""

import re

from rules.srd.replacements import PartFrom

_LEADING_NUMBER = re.compile(r"\d+")


def part_text(description: str, part: PartFrom) -> str:
    """The part rendered as Discord markdown; ValueError when dndwright's text has moved."""
    text = description.replace("’", "'")
    start = text.find(part.start)
    end = text.find(part.end, start) if part.end else len(text)
    if start < 0 or end < 0:
        raise ValueError(f"{part.slug}: {part.start!r} .. {part.end!r} not in dndwright's text")
    segment = text[start:end]
    for words in part.drop:
        segment = segment.replace(words, " ")
    segment = re.sub(r"\s+", " ", segment).strip()
    matches = list(re.finditer(part.keys, segment))
    if not matches:
        raise ValueError(f"{part.slug}: no item starts in dndwright's text")
    intro = segment[: matches[0].start()].strip()
    items = [
        (m.group(), segment[m.end() : following.start() if following else len(segment)].strip())
        for m, following in zip(matches, [*matches[1:], None], strict=True)
    ]
    if part.kind == "effects":
        return "\n\n".join(f"**{key}** {rest}" for key, rest in items)
    if part.kind == "table":
        # A table printed as two halves side by side reads row 1, row 6, row 2, ...: put it in order.
        if all(_LEADING_NUMBER.match(key) for key, _ in items):
            items.sort(key=lambda item: int(_LEADING_NUMBER.match(item[0]).group()))  # type: ignore[union-attr]
        lines = [f"**{part.title}**"] if part.title else []
        lines += [f"*{part.header}*"] if part.header else []
        lines += [f"- **{key}** {rest}".rstrip() for key, rest in items]
        return "\n\n".join(filter(None, [intro, "\n".join(lines)]))
    # A stat block: its title and kind, then one line per field, trait or action.
    lines = [f"**{part.title}**", f"*{intro.removeprefix(part.title or '').strip()}*"]
    for key, rest in items:
        if key in ("Traits", "Actions", "Bonus Actions"):
            lines.append(f"__{key}__" + (f" {rest}" if rest else ""))
        elif key == "Str":  # the six abilities, each with its modifier and save
            lines.append("- " + re.sub(r" (?=(?:Dex|Con|Int|Wis|Cha) )", " · ", f"Str {rest}"))
        else:
            lines.append(f"- **{key}** {rest}")
    return "\n".join(lines)


def bullet_items(description: str) -> list[str]:
    """The items of the SRD's bulleted lists in dndwright's text ("• ..."), each up to the next bullet."""
    return [item.strip().replace("’", "'") for item in description.split("•")[1:]]
