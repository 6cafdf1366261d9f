"""What a sheet file changed on a character, in a few words per part ("AC 12 → 13", "equipment: +2, −1").

Every top-level key of the sheet is compared: a key with no wording of its own is named
("notes changed"), so no change goes unsaid.
"""

from collections.abc import Callable, Iterable, Sequence

from db.schemas import CharacterSheet
from db.schemas.character import Feature, Item, Pool

SUMMARY_MAX = 1500  # the reply's content has 2,000 characters; the rest is the name and the wording
NAMES_SHOWN = 3  # of the items added or removed, this many are named
CLASSES_SHOWN_MAX = 200  # many long class names are counted instead
COINS = ("pp", "gp", "ep", "sp", "cp")


def _classes(sheet: CharacterSheet) -> str:
    named = " / ".join(f"{c.name} {c.level}" for c in sheet.classes) or f"level {sheet.level}"
    return named if len(named) <= CLASSES_SHOWN_MAX else f"{len(sheet.classes)} classes, level {sheet.level}"


def _currency(sheet: CharacterSheet) -> str:
    coins = [f"{getattr(sheet.currency, c):,} {c}" for c in COINS if getattr(sheet.currency, c)]
    return " ".join(coins) or "none"


def _hp(sheet: CharacterSheet) -> str:
    hp = sheet.hit_points
    return f"{hp.current}/{hp.max}" + (f" (+{hp.temp} temp)" if hp.temp else "")


def _pools(pools: Iterable[tuple[str, Pool]]) -> str:
    return " ".join(f"{key}: {pool.used}/{pool.max} used" for key, pool in sorted(pools))


Entry = str | Item | Feature
Wording = Callable[[CharacterSheet, CharacterSheet], str | list[str] | None]


def _names(items: Sequence[Entry]) -> list[str]:
    return [item if isinstance(item, str) else item.name for item in items]


def list_change(label: str, old: Sequence[Entry], new: Sequence[Entry]) -> str | None:
    """ "equipment: +2 (Rope, Torch), −1 (Spellbook), 1 changed", or None when the lists are equal."""
    if list(old) == list(new):
        return None
    old_names, new_names = _names(old), _names(new)
    old_keys, new_keys = {n.casefold() for n in old_names}, {n.casefold() for n in new_names}
    added = [n for n in new_names if n.casefold() not in old_keys]
    removed = [n for n in old_names if n.casefold() not in new_keys]
    before = {n.casefold(): item for n, item in zip(old_names, old, strict=True)}
    changed = sum(
        1
        for n, item in zip(new_names, new, strict=True)
        if n.casefold() in before and before[n.casefold()] != item
    )
    parts = [
        f"{sign}{len(names)} ({_shown(names)})" for sign, names in (("+", added), ("−", removed)) if names
    ]
    if changed:
        parts.append(f"{changed} changed")
    return f"{label}: {', '.join(parts) or 'reordered'}"


def _shown(names: list[str]) -> str:
    more = len(names) - NAMES_SHOWN
    return ", ".join(names[:NAMES_SHOWN]) + (f" and {more} more" if more > 0 else "")


def _or_none(value: object) -> object:
    return "none" if value is None else value


def _value_change(label: str, show: Callable[[CharacterSheet], object]) -> Wording:
    def change(old: CharacterSheet, new: CharacterSheet) -> str | None:
        before, after = show(old), show(new)
        return None if before == after else f"{label} {_or_none(before)} → {_or_none(after)}"

    return change


def _abilities(old: CharacterSheet, new: CharacterSheet) -> str | None:
    moved = [
        f"{a} {getattr(old.abilities, a)} → {getattr(new.abilities, a)}"
        for a in ("STR", "DEX", "CON", "INT", "WIS", "CHA")
        if getattr(old.abilities, a) != getattr(new.abilities, a)
    ]
    return "; ".join(moved) or None


def _spellcasting(old: CharacterSheet, new: CharacterSheet) -> list[str]:
    before, after = old.spellcasting, new.spellcasting
    if before == after:
        return []
    if before is None or after is None:
        return ["spellcasting added" if before is None else "spellcasting removed"]
    parts = [
        f"spellcasting ability {before.ability} → {after.ability}"
        if before.ability != after.ability
        else None,
        f"slots {_pools(before.slots.items()) or 'none'} → {_pools(after.slots.items()) or 'none'}"
        if before.slots != after.slots
        else None,
        list_change("spells known", before.known, after.known),
        list_change("spells prepared", before.prepared, after.prepared),
    ]
    return [p for p in parts if p]


# The parts with a wording of their own; every other key of the sheet is named when it changed.
_WORDED: dict[str, Wording] = {
    "classes": _value_change("classes", _classes),
    "unclassed_level": _value_change("classes", _classes),
    "race": _value_change("race", lambda s: s.race),
    "background": _value_change("background", lambda s: s.background),
    "alignment": _value_change("alignment", lambda s: s.alignment),
    "experience": _value_change("XP", lambda s: s.experience),
    "inspiration": _value_change("inspiration", lambda s: "yes" if s.inspiration else "no"),
    "abilities": _abilities,
    "armor_class": _value_change("AC", lambda s: s.armor_class),
    "speed": _value_change("speed", lambda s: f"{s.speed} ft."),
    "initiative_bonus": _value_change("initiative bonus", lambda s: s.initiative_bonus),
    "hit_points": _value_change("HP", _hp),
    "hit_dice": _value_change("hit dice", lambda s: _pools(s.hit_dice.items()) or "none"),
    "death_saves": _value_change(
        "death saves", lambda s: f"{s.death_saves.successes} ✓ / {s.death_saves.failures} ✗"
    ),
    "saving_throws": _value_change("saving throws", lambda s: ", ".join(s.saving_throws) or "none"),
    "currency": _value_change("currency", _currency),
    "proficiencies": lambda o, n: list_change("proficiencies", o.proficiencies, n.proficiencies),
    "languages": lambda o, n: list_change("languages", o.languages, n.languages),
    "equipment": lambda o, n: list_change("equipment", o.equipment, n.equipment),
    "features": lambda o, n: list_change("features", o.features, n.features),
    "spellcasting": _spellcasting,
}


def sheet_changes(old_name: str, old: CharacterSheet, new_name: str, new: CharacterSheet) -> list[str]:
    """Each part the new sheet changes, in the sheet's order; empty when the file matches the sheet."""
    changes = [f"name {old_name} → {new_name}"] if old_name != new_name else []
    for key in CharacterSheet.model_fields:
        worded = _WORDED.get(key)
        if worded is not None:
            found = worded(old, new)
        else:
            found = f"{key.replace('_', ' ')} changed" if _field(old, key) != _field(new, key) else None
        for change in [found] if isinstance(found, str) else found or []:
            if change not in changes:  # classes and unclassed_level share one wording
                changes.append(change)
    return changes


def _field(sheet: CharacterSheet, key: str) -> object:
    return getattr(sheet, key)


def summary(changes: list[str]) -> str:
    """The changes joined, cut between changes (never inside one) to fit one reply."""
    shown: list[str] = []
    for index, change in enumerate(changes):
        left = len(changes) - index - 1
        tail = f"; and {left} more changes" if left else ""
        if len("; ".join([*shown, change])) + len(tail) > SUMMARY_MAX:
            if not shown:  # a single change is short by its wording; cut one anyway rather than fail
                return change[: SUMMARY_MAX - 40] + f" …{tail}"
            return "; ".join(shown) + f"; and {left + 1} more changes"
        shown.append(change)
    return "; ".join(shown)
