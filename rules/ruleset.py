"""The two rule sets the bot knows: 2014 (SRD 5.1) and 2024 (SRD 5.2)."""

from typing import Literal, get_args

Ruleset = Literal["2014", "2024"]
RULESETS: tuple[Ruleset, ...] = get_args(Ruleset)
