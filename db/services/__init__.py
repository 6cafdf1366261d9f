"""Services: one unit of work per call, plain values out, domain errors for members."""

from dataclasses import dataclass

from db.engine import Database
from db.services.bot_state import BotStateService
from db.services.campaign_transfer import CampaignTransferService
from db.services.campaigns import (
    CampaignChoice,
    CampaignCounts,
    CampaignDetails,
    CampaignInfo,
    CampaignService,
)
from db.services.characters import CharacterChoice, CharacterDetails, CharacterService
from db.services.compendium import CompendiumService
from db.services.dice import DiceService
from db.services.guild_settings import GuildConfig, GuildSettingsService
from db.services.homebrew_monsters import HomebrewMonsterService
from db.services.npc_statblocks import NPCStatBlockService
from db.services.npcs import NPCService
from db.services.spells import Resolution, SpellCard, SpellDetails, SpellLookup, SpellService
from rules.compendium.cache import Compendium
from rules.spells.cache import SpellCache


@dataclass(frozen=True, slots=True)
class Services:
    """Every service of the bot, built once in setup_hook around one Database."""

    db: Database
    guild_settings: GuildSettingsService
    bot_state: BotStateService
    spells: SpellService
    campaigns: CampaignService
    campaign_transfer: CampaignTransferService
    characters: CharacterService
    npcs: NPCService
    dice: DiceService
    compendium: CompendiumService
    npc_statblocks: NPCStatBlockService
    homebrew_monsters: HomebrewMonsterService

    @classmethod
    def build(cls, db: Database) -> "Services":
        guild_settings = GuildSettingsService(db)
        compendium = Compendium()  # one cache for the SRD and every guild's homebrew monsters
        return cls(
            db=db,
            guild_settings=guild_settings,
            bot_state=BotStateService(db),
            spells=SpellService(db, SpellCache(), guild_settings),
            campaigns=CampaignService(db),
            campaign_transfer=CampaignTransferService(db),
            characters=CharacterService(db),
            npcs=NPCService(db),
            dice=DiceService(db),
            compendium=CompendiumService(compendium, guild_settings),
            npc_statblocks=NPCStatBlockService(db),
            homebrew_monsters=HomebrewMonsterService(db, compendium),
        )


__all__ = [
    "BotStateService",
    "CampaignChoice",
    "CampaignCounts",
    "CampaignDetails",
    "CampaignInfo",
    "CampaignService",
    "CampaignTransferService",
    "CharacterChoice",
    "CharacterDetails",
    "CharacterService",
    "CompendiumService",
    "DiceService",
    "GuildConfig",
    "GuildSettingsService",
    "HomebrewMonsterService",
    "NPCService",
    "NPCStatBlockService",
    "Resolution",
    "Services",
    "SpellCard",
    "SpellDetails",
    "SpellLookup",
    "SpellService",
]
