"""Pydantic models of every JSON column, applied through ``db.types.PydanticJSON``."""

from db.schemas.base import JSONModel
from db.schemas.campaign import CampaignData, HomebrewRule, Quest, SessionEntry, WorldArt
from db.schemas.character import ABILITIES, SKILLS, Abilities, CharacterSheet, ability_modifier
from db.schemas.interaction import NPCInteractionData
from db.schemas.npc import NPCData, Personality, Relationship, StatBlock
from db.schemas.spell import Ability, Component, Ruleset, SpellArea, SpellData

__all__ = [
    "ABILITIES",
    "SKILLS",
    "Abilities",
    "Ability",
    "CampaignData",
    "CharacterSheet",
    "Component",
    "HomebrewRule",
    "JSONModel",
    "NPCData",
    "NPCInteractionData",
    "Personality",
    "Quest",
    "Relationship",
    "Ruleset",
    "SessionEntry",
    "SpellArea",
    "SpellData",
    "StatBlock",
    "WorldArt",
    "ability_modifier",
]
