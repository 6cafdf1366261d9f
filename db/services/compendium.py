"""The compendium for the bot: SRD monsters, conditions and items, looked up in the guild's ruleset.

Everything is answered from memory (rules/compendium/cache.py); only the guild's ruleset may
need one query, once per process.
"""

from dataclasses import dataclass

from db.services.guild_settings import GuildSettingsService
from rules.compendium.cache import Compendium, CompendiumEntry, Kind, Record, Resolved
from rules.compendium.challenge import parse_cr
from rules.compendium.models import SIZES, Monster


@dataclass(frozen=True, slots=True)
class Lookup:
    """A typed name looked up: the ruleset used and what it resolved to."""

    ruleset: str
    resolved: Resolved


class CompendiumService:
    def __init__(self, compendium: Compendium, guild_settings: GuildSettingsService) -> None:
        self.compendium = compendium
        self.guild_settings = guild_settings

    def load(self) -> int:
        """Read both SRDs into memory (at start); returns the number of records."""
        return self.compendium.load_srd()

    def autocomplete(
        self, kind: Kind, query: str, guild_id: int, ruleset: str | None = None
    ) -> list[CompendiumEntry]:
        """Names matching what was typed, ``ruleset`` (default: the guild's, as known) first."""
        ruleset = ruleset or self.guild_settings.known_ruleset(guild_id)
        return self.compendium.search(kind, query, guild_id=guild_id, ruleset=ruleset)

    async def look_up(self, kind: Kind, text: str, guild_id: int, ruleset: str | None = None) -> Lookup:
        config = await self.guild_settings.settings(guild_id)  # no query once cached
        chosen = ruleset or config.ruleset
        resolved = self.compendium.resolve(
            kind, text, guild_id=guild_id, ruleset=chosen, only_ruleset=ruleset is not None
        )
        return Lookup(chosen, resolved)

    async def ruleset(self, guild_id: int, ruleset: str | None) -> str:
        return ruleset or (await self.guild_settings.settings(guild_id)).ruleset

    def monsters(
        self,
        guild_id: int,
        ruleset: str,
        *,
        cr: str | None = None,
        creature_type: str | None = None,
        size: str | None = None,
        query: str | None = None,
    ) -> list[Monster]:
        """/monsters: every monster of a ruleset this guild sees matching all the filters, by name.

        Raises ValueError for a CR that is not on the scale.
        """
        wanted_cr = parse_cr(cr) if cr else None
        found = []
        for record in self.compendium.records("monster", guild_id, ruleset):
            assert isinstance(record, Monster)
            if wanted_cr is not None and (record.summon or record.challenge != wanted_cr):
                continue
            if creature_type and record.creature_type != creature_type.lower():
                continue
            if size and record.size != size:
                continue
            if query and query.casefold() not in record.name.casefold():
                continue
            found.append(record)
        return found

    def record(self, entry_id: str, guild_id: int) -> Record | None:
        return self.compendium.get(entry_id, guild_id)


__all__ = ["SIZES", "CompendiumService", "Lookup"]
