"""Services: one unit of work per call, plain values out, domain errors for members."""

from dataclasses import dataclass

from db.engine import Database
from db.services.bot_state import BotStateService
from db.services.guild_settings import GuildConfig, GuildSettingsService


@dataclass(frozen=True, slots=True)
class Services:
    """Every service of the bot, built once in setup_hook around one Database."""

    db: Database
    guild_settings: GuildSettingsService
    bot_state: BotStateService

    @classmethod
    def build(cls, db: Database) -> "Services":
        return cls(db=db, guild_settings=GuildSettingsService(db), bot_state=BotStateService(db))


__all__ = ["BotStateService", "GuildConfig", "GuildSettingsService", "Services"]
