"""Pydantic models of every JSON column, applied through ``db.types.PydanticJSON``."""

from db.schemas.base import JSONModel
from db.schemas.campaign import (
    CampaignData,
    FightRecord,
    HomebrewRule,
    Quest,
    SessionEntry,
    SessionNote,
    WorldArt,
)
from db.schemas.character import (
    Abilities,
    CharacterFile,
    CharacterSheet,
    ClassLevel,
    Currency,
    DeathSaves,
    Feature,
    HitDie,
    HitPoints,
    Item,
    Pool,
    Proficiency,
    SlotLevel,
    Spellcasting,
)
from db.schemas.interaction import DialogueLine, NPCInteractionData, RollRecord
from db.schemas.npc import Action, NPCData, Personality, Relationship, StatBlock
from rules.abilities import Skill

# The spells table's data column holds the game's own spell data model.
from rules.spells.data import Component, SpellArea, SpellData

__all__ = [
    "Abilities",
    "Action",
    "CampaignData",
    "CharacterFile",
    "CharacterSheet",
    "ClassLevel",
    "Component",
    "Currency",
    "DeathSaves",
    "DialogueLine",
    "Feature",
    "FightRecord",
    "HitDie",
    "HitPoints",
    "HomebrewRule",
    "Item",
    "JSONModel",
    "NPCData",
    "NPCInteractionData",
    "Personality",
    "Pool",
    "Proficiency",
    "Quest",
    "Relationship",
    "RollRecord",
    "SessionEntry",
    "SessionNote",
    "Skill",
    "SlotLevel",
    "SpellArea",
    "SpellData",
    "Spellcasting",
    "StatBlock",
    "WorldArt",
]
