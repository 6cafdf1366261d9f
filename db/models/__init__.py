"""ORM models. Importing this package registers every table on `Base.metadata`."""

from db.models.base import Base, looks_like_id, new_id
from db.models.cache_event import CacheEvent
from db.models.campaign import Campaign
from db.models.character import Character
from db.models.dice import DiceRoll
from db.models.encounter import Combatant, Encounter
from db.models.guild import BotState, GuildSettings
from db.models.monster import HomebrewMonster
from db.models.npc import NPC, NPCInteraction, NPCLogCount, NPCStanding
from db.models.spell import Spell

__all__ = [
    "NPC",
    "Base",
    "BotState",
    "CacheEvent",
    "Campaign",
    "Character",
    "Combatant",
    "DiceRoll",
    "Encounter",
    "GuildSettings",
    "HomebrewMonster",
    "NPCInteraction",
    "NPCLogCount",
    "NPCStanding",
    "Spell",
    "looks_like_id",
    "new_id",
]
