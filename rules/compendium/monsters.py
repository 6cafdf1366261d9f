"""Every SRD monster of both rulesets, loaded once per process."""

from functools import cache

from rules.compendium.models import Monster
from rules.compendium.monsters2014 import load_monsters_2014
from rules.compendium.monsters2024 import load_monsters_2024
from rules.ruleset import Ruleset


@cache
def srd_monsters(ruleset: Ruleset) -> tuple[Monster, ...]:
    """The ruleset's monsters sorted by name (read from the packages on first call, then cached)."""
    return tuple(load_monsters_2014() if ruleset == "2014" else load_monsters_2024())
