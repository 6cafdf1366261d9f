"""ORM models. Importing this package registers every table on `Base.metadata`."""

from db.models.base import Base, looks_like_id, new_id
from db.models.campaign import Campaign
from db.models.character import Character
from db.models.dice import DiceRoll
from db.models.guild import BotState, GuildSettings
from db.models.monster import HomebrewMonster
from db.models.npc import NPC, NPCInteraction, NPCLogCount, NPCStanding
from db.models.spell import Spell

__all__ = [
    "NPC",
    "Base",
    "BotState",
    "Campaign",
    "Character",
    "DiceRoll",
    "GuildSettings",
    "HomebrewMonster",
    "NPCInteraction",
    "NPCLogCount",
    "NPCStanding",
    "Spell",
    "looks_like_id",
    "new_id",
]
