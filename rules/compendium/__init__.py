"""The compendium: SRD monsters, conditions and items of both rulesets (no database here).

Public API, kept stable for live play and the bot:

- ``srd_monsters(ruleset)`` -> tuple of ``Monster`` sorted by name (cached per process);
- ``srd_conditions(ruleset)`` -> tuple of ``Condition``;
- ``Monster``, ``MonsterAction``, ``DamageRoll``, ``Condition`` (models.py documents the fields);
- ``ATTRIBUTION[ruleset]``: the sentence every stat block, condition and item card shows.
"""

from rules.compendium.conditions import srd_conditions
from rules.compendium.models import Condition, DamageRoll, Item, Monster, MonsterAction
from rules.compendium.monsters import srd_monsters
from rules.compendium.monsters2014 import PACKAGE as PACKAGE_2014
from rules.compendium.monsters2024 import PACKAGES as PACKAGES_2024

__all__ = [
    "ATTRIBUTION",
    "Condition",
    "DamageRoll",
    "Item",
    "Monster",
    "MonsterAction",
    "srd_conditions",
    "srd_monsters",
]

_SRD_5_1_URL = "https://dnd.wizards.com/resources/systems-reference-document"
_LICENSE = "licensed under CC-BY-4.0 (https://creativecommons.org/licenses/by/4.0/legalcode)"
ATTRIBUTION: dict[str, str] = {
    "2014": (
        'This work includes material taken from the System Reference Document 5.1 ("SRD 5.1") by Wizards of '
        f"the Coast LLC, available at {_SRD_5_1_URL}, {_LICENSE}. "
        f"Text re-formatted for Discord; data from the {PACKAGE_2014} package."
    ),
    "2024": (
        'This work includes material taken from the System Reference Document 5.2 ("SRD 5.2") by Wizards of '
        f"the Coast LLC, available at https://www.dndbeyond.com/srd, {_LICENSE}. Text re-formatted for "
        f"Discord; data from the {' and '.join(PACKAGES_2024)} packages."
    ),
}
