"""``npcs`` JSON columns: data, personality, relationships, stat block."""

from typing import Annotated

from pydantic import Field, StringConstraints

from db.schemas.base import JSONModel, Url
from db.schemas.character import Abilities
from rules import limits
from rules.compendium.models import Monster
from rules.model import Id, Name, Short
from rules.personality import Personality
from rules.relationships import SCORE_MAX, SCORE_MIN

# 0, the fractions below 1, then 1-30: the challenge ratings 5e uses.
ChallengeRating = Annotated[str, StringConstraints(pattern=r"^(0|1/8|1/4|1/2|[1-9]|[12][0-9]|30)$")]


class Relationship(JSONModel):
    """One element of ``npcs.relationships``: the NPC's standing toward a character."""

    character_id: Id
    score: int = Field(ge=SCORE_MIN, le=SCORE_MAX)
    character_name: Name | None = Field(default=None, description="Snapshot for display")


class Action(JSONModel):
    name: Name
    description: str = Field(default="", max_length=2000)


class StatBlock(JSONModel):
    """``npcs.stats``: a stat block when the NPC can fight."""

    armor_class: int = Field(default=10, ge=0, le=50)
    hit_points: int = Field(default=1, ge=1, le=9999)
    speed: str = Field(default="30 ft.", max_length=100, description='e.g. "30 ft., fly 60 ft."')
    abilities: Abilities = Field(default_factory=Abilities)
    challenge_rating: ChallengeRating | None = Field(default=None, description='e.g. "1/4", "5"')
    actions: list[Action] = Field(default_factory=list, max_length=50)
    # Set by /npc statblock: a copy of a compendium monster with the GM's overrides (GM-only).
    monster: Monster | None = None


class NPCData(JSONModel):
    """``npcs.data``: everything else a GM keeps about an NPC."""

    backstory: str | None = Field(default=None, max_length=limits.NPC_BACKSTORY)
    appearance: str | None = Field(default=None, max_length=limits.NPC_APPEARANCE)
    voice: str | None = Field(default=None, max_length=limits.NPC_VOICE, description="Voice and mannerisms")
    quest_hooks: list[Short] = Field(default_factory=list, max_length=limits.NPC_HOOKS, description="GM-only")
    inventory: list[Name] = Field(default_factory=list, max_length=limits.NPC_ITEMS)
    tactics: str | None = Field(
        default=None, max_length=limits.NPC_TACTICS, description="How it fights; GM-only"
    )
    gm_notes: str | None = Field(default=None, max_length=limits.GM_NOTES, description="Shown to GMs only")
    avatar_url: Url | None = None
    faction: Name | None = Field(default=None, description="The faction it belongs to, e.g. the Zhentarim")


__all__ = ["Action", "NPCData", "Personality", "Relationship", "StatBlock"]
