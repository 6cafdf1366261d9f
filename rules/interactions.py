"""The kinds of interaction a GM logs with an NPC."""

from typing import Literal, get_args

InteractionType = Literal["dialogue", "combat", "trade", "quest", "social", "other"]
INTERACTION_TYPES: tuple[InteractionType, ...] = get_args(InteractionType)
