"""Services: one unit of work per call, plain values out, domain errors for members."""

from dataclasses import dataclass

from db.engine import Database
from db.invalidation import GUILD_SETTINGS, MONSTERS, SPELLS, CacheBus
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
from db.services.encounters import EncounterService
from db.services.factions import FactionService
from db.services.guild_settings import GuildConfig, GuildSettingsService
from db.services.homebrew_monsters import HomebrewMonsterService
from db.services.npc_statblocks import NPCStatBlockService
from db.services.npcs import NPCService
from db.services.party import PartyService
from db.services.sessions import SessionService
from db.services.sheet_play import SheetPlayService
from db.services.spells import Resolution, SpellCard, SpellDetails, SpellLookup, SpellService
from db.services.standings_report import StandingsReportService
from db.services.world import WorldService
from rules.compendium.cache import Compendium
from rules.spells.cache import SpellCache


@dataclass(frozen=True, slots=True)
class Services:
    """Every service of the bot, built once in setup_hook around one Database."""

    db: Database
    # Announces this process's cache changes to the others' and theirs to this one's handlers;
    # started by the bot (TableBot.setup_hook), idle in the command line and benches.
    invalidation: CacheBus
    guild_settings: GuildSettingsService
    bot_state: BotStateService
    spells: SpellService
    campaigns: CampaignService
    campaign_transfer: CampaignTransferService
    characters: CharacterService
    npcs: NPCService
    dice: DiceService
    world: WorldService
    party: PartyService
    standings_report: StandingsReportService
    sessions: SessionService
    factions: FactionService
    sheet_play: SheetPlayService
    encounters: EncounterService
    compendium: CompendiumService
    npc_statblocks: NPCStatBlockService
    homebrew_monsters: HomebrewMonsterService

    @classmethod
    def build(cls, db: Database) -> "Services":
        guild_settings = GuildSettingsService(db)
        spells = SpellService(db, SpellCache(), guild_settings)
        invalidation = CacheBus(db)
        # One line per cache kind (docs/architecture.md, Caches):
        invalidation.on(GUILD_SETTINGS, guild_settings.refresh)
        invalidation.on(SPELLS, spells.refresh)
        compendium = Compendium()  # one cache for the SRD and every guild's homebrew monsters
        homebrew_monsters = HomebrewMonsterService(db, compendium)
        invalidation.on(MONSTERS, homebrew_monsters.refresh)
        return cls(
            db=db,
            invalidation=invalidation,
            guild_settings=guild_settings,
            bot_state=BotStateService(db),
            spells=spells,
            campaigns=CampaignService(db),
            campaign_transfer=CampaignTransferService(db),
            characters=CharacterService(db),
            npcs=NPCService(db),
            dice=DiceService(db),
            world=WorldService(db),
            party=PartyService(db),
            standings_report=StandingsReportService(db),
            sessions=SessionService(db),
            factions=FactionService(db),
            sheet_play=SheetPlayService(db, spells, guild_settings),
            encounters=EncounterService(db, guild_settings),
            compendium=CompendiumService(compendium, guild_settings),
            npc_statblocks=NPCStatBlockService(db),
            homebrew_monsters=homebrew_monsters,
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
    "EncounterService",
    "FactionService",
    "GuildConfig",
    "GuildSettingsService",
    "HomebrewMonsterService",
    "NPCService",
    "NPCStatBlockService",
    "PartyService",
    "Resolution",
    "Services",
    "SessionService",
    "SheetPlayService",
    "SpellCard",
    "SpellDetails",
    "SpellLookup",
    "SpellService",
    "StandingsReportService",
    "WorldService",
]
