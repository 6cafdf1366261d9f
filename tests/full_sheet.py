"""The fullest character file the schema allows, and what of it must appear when shown.

Every text is at its longest and full of markdown characters (escaping doubles them); long
texts are made of numbered words ("f3w17*"), each of which must be found on some page.
"""

from typing import Any

import discord

from db.schemas.character import MAX_ITEMS
from rules import limits
from rules.abilities import SKILLS

NOTE_MAX = 1000  # Item.notes
FEATURE_TEXT_MAX = 4000  # Feature.description
SHEET_NOTES_MAX = 4000  # CharacterSheet.notes
ALIGNMENT_MAX = 50


def name(tag: str, length: int = limits.NAME) -> str:
    """A unique name of ``length`` characters with no space, escaping to twice its length."""
    return (f"{tag}*" + "_*" * length)[:length]


def words(tag: str, length: int) -> str:
    """Text of ``length`` characters made of numbered words, e.g. "n0w0* n0w1* ..."."""
    text, index = "", 0
    while len(text) < length:
        text += f"{tag}w{index}* "
        index += 1
    return text[:length].rstrip()


def fullest_file(
    *,
    items: int = MAX_ITEMS,
    features: int = MAX_ITEMS,
    spells: int = MAX_ITEMS,
    proficiencies: int = 100,
    languages: int = 50,
    note: int = NOTE_MAX,
    feature_text: int = FEATURE_TEXT_MAX,
    notes: int = SHEET_NOTES_MAX,
) -> dict[str, Any]:
    """A character file at the schema's maxima (smaller counts and lengths when given)."""
    return {
        "name": name("Hero"),
        "classes": [
            {"name": name(f"Class{i}"), "subclass": name(f"Sub{i}"), "level": 1}
            for i in range(limits.LEVEL_MAX)
        ],
        "race": name("Race"),
        "background": name("Background"),
        "alignment": name("Align", ALIGNMENT_MAX),
        "experience": 10_000_000,
        "inspiration": True,
        "abilities": {a: 30 for a in ("STR", "DEX", "CON", "INT", "WIS", "CHA")},
        "armor_class": 50,
        "speed": 1000,
        "initiative_bonus": -20,
        "hit_points": {"max": 999, "current": 0, "temp": 999},
        "hit_dice": {die: {"max": 5, "used": 4} for die in ("d6", "d8", "d10", "d12")},
        "death_saves": {"successes": 2, "failures": 2},
        "saving_throws": ["STR", "DEX", "CON", "INT", "WIS", "CHA"],
        "skills": dict.fromkeys(SKILLS, "expertise"),
        "proficiencies": [name(f"Prof{i}") for i in range(proficiencies)],
        "languages": [name(f"Lang{i}") for i in range(languages)],
        "equipment": [
            {
                "name": name(f"Item{i}"),
                "quantity": 100_000,
                "weight": 9999.5,
                "equipped": True,
                "notes": words(f"i{i}", note),
            }
            for i in range(items)
        ],
        "currency": {coin: 10_000_000 for coin in ("cp", "sp", "ep", "gp", "pp")},
        "spellcasting": {
            "ability": "INT",
            "slots": {str(level): {"max": 20, "used": 19} for level in range(1, 10)},
            "known": [name(f"Known{i}") for i in range(spells)],
            "prepared": [name(f"Prep{i}") for i in range(spells)],
        },
        "features": [
            {
                "name": name(f"Feat{i}"),
                "description": words(f"f{i}", feature_text),
                "uses": {"max": 20, "used": 20},
            }
            for i in range(features)
        ],
        "notes": words("n", notes),
    }


def missing_from(file: dict[str, Any], pages_text: str) -> list[str]:
    """What of the file the pages do not show (escaped as shown): names whole, long texts word by word."""
    escape = discord.utils.escape_markdown
    names = [file["name"], file["race"], file["background"], file["alignment"]]
    for entry in file["classes"]:
        names += [entry["name"], entry["subclass"]]
    names += file["proficiencies"] + file["languages"]
    names += file["spellcasting"]["known"] + file["spellcasting"]["prepared"]
    names += [item["name"] for item in file["equipment"]] + [f["name"] for f in file["features"]]
    missing = [escape(n) for n in names if escape(n) not in pages_text]
    long_texts = [item["notes"] for item in file["equipment"]] + [f["description"] for f in file["features"]]
    shown_words = set(pages_text.split())  # a cut falls between words, so each word is whole somewhere
    for text in [*long_texts, file["notes"]]:
        missing += [escape(word) for word in text.split() if escape(word) not in shown_words]
    return missing


def page_text(embed: discord.Embed) -> str:
    fields = "\n".join(f"{f.name}\n{f.value}" for f in embed.fields)
    return f"{embed.title}\n{embed.description or ''}\n{fields}\n{embed.footer.text or ''}"
