"""Campaigns of a guild: create (or clone), choose, edit, delete, templates, house rules, quests."""

import uuid
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import NPC, Campaign, Character, GuildSettings, NPCInteraction
from db.schemas import CampaignData, HomebrewRule, Quest
from db.services.base import Service
from db.services.guild_settings import GuildSettingsCache, get_or_create
from db.services.lookups import (
    active_campaign_id,
    ensure_name_free,
    find_campaign,
    flush_unique,
    like_pattern,
)
from db.types import utcnow
from rules import limits
from rules.errors import ConflictError, InvalidInputError, NotFoundError
from rules.text import clean_name, clean_text

CLEAR = "-"  # the value of an optional field in /campaign edit that empties it
TONES = ("heroic", "dark", "gritty", "comedic", "mystery", "horror")
MAX_CAMPAIGNS_PER_GUILD = 200


@dataclass(frozen=True, slots=True)
class CampaignDetails:
    id: str
    guild_id: int | None
    name: str
    setting: str
    tone: str
    description: str | None
    world_description: str | None
    rules: tuple[str, ...]
    is_template: bool
    is_custom: bool
    template_id: str | None
    created_at: datetime
    updated_at: datetime
    data: CampaignData
    changes: tuple[str, ...] = ()  # what an edit changed, in words; empty otherwise

    @classmethod
    def of(cls, row: Campaign) -> "CampaignDetails":
        return cls(
            id=row.id,
            guild_id=row.guild_id,
            name=row.name,
            setting=row.setting,
            tone=row.tone,
            description=row.description,
            world_description=row.world_description,
            rules=tuple(rule.text for rule in row.homebrew_rules or ()),
            is_template=row.is_template,
            is_custom=row.is_custom,
            template_id=row.template_id,
            created_at=row.created_at,
            updated_at=row.updated_at,
            data=row.data,
        )

    @property
    def builtin(self) -> bool:
        return self.guild_id is None

    @property
    def open_quests(self) -> list[Quest]:
        return [q for q in self.data.quests if q.status == "open"]


@dataclass(frozen=True, slots=True)
class CampaignCounts:
    npcs: int
    interactions: int
    characters: int


@dataclass(frozen=True, slots=True)
class CampaignInfo:
    """Everything /campaign info shows: the campaign, what it holds, and whether it is the active one."""

    campaign: CampaignDetails
    counts: CampaignCounts
    active: bool


@dataclass(frozen=True, slots=True)
class CampaignChoice:
    """One autocomplete answer."""

    id: str
    name: str
    active: bool


class CampaignService(Service):
    # --- reads -----------------------------------------------------------------------------

    async def of_guild(self, guild_id: int) -> tuple[list[CampaignDetails], str | None]:
        """The guild's campaigns (not its templates) by name, and the active campaign's id."""
        async with self.db.transaction(write=False) as session:
            rows = await session.scalars(
                select(Campaign)
                .where(Campaign.guild_id == guild_id, Campaign.is_template.is_(False))
                .order_by(func.lower(Campaign.name))
            )
            settings = await session.get(GuildSettings, guild_id)
            return [CampaignDetails.of(r) for r in rows], settings.active_campaign_id if settings else None

    async def get(self, guild_id: int, campaign: str | None) -> CampaignDetails:
        """A campaign by id or name (as typed), or the active one when none is given."""
        async with self.db.transaction(write=False) as session:
            return CampaignDetails.of(await find_campaign(session, guild_id, campaign))

    async def info(self, guild_id: int, campaign: str | None) -> CampaignInfo:
        """A campaign (as ``get`` finds it) with its counts and whether it is active, in one read."""
        async with self.db.transaction(write=False) as session:
            row = await find_campaign(session, guild_id, campaign)
            counts = await _counts(session, row.id)
            active = await active_campaign_id(session, guild_id)
            return CampaignInfo(CampaignDetails.of(row), counts, active == row.id)

    async def counts(self, campaign_id: str) -> CampaignCounts:
        async with self.db.transaction(write=False) as session:
            return await _counts(session, campaign_id)

    async def autocomplete(
        self, guild_id: int, typed: str, *, templates: bool = False
    ) -> list[CampaignChoice]:
        """One indexed query: the guild's campaigns whose name contains what was typed."""
        pattern = like_pattern(typed)
        async with self.db.transaction(write=False) as session:
            active = await active_campaign_id(session, guild_id)
            rows = await session.execute(
                select(Campaign.id, Campaign.name)
                .where(
                    Campaign.guild_id == guild_id,
                    Campaign.is_template.is_(templates),
                    func.lower(Campaign.name).like(pattern, escape="\\"),
                )
                .order_by(func.lower(Campaign.name))
                .limit(25)
            )
            return [CampaignChoice(r.id, r.name, r.id == active) for r in rows]

    async def templates(self, guild_id: int) -> list[CampaignDetails]:
        """Built-in templates first, then this guild's own."""
        async with self.db.transaction(write=False) as session:
            rows = await session.scalars(
                select(Campaign)
                .where(
                    Campaign.is_template.is_(True),
                    or_(Campaign.guild_id.is_(None), Campaign.guild_id == guild_id),
                )
                .order_by(Campaign.guild_id.is_not(None), func.lower(Campaign.name))
            )
            return [CampaignDetails.of(r) for r in rows]

    # --- writes ----------------------------------------------------------------------------

    async def create(
        self,
        guild_id: int,
        *,
        name: str,
        setting: str,
        tone: str | None = None,
        description: str | None = None,
        template: str | None = None,
    ) -> tuple[CampaignDetails, bool]:
        """A new campaign (cloned from a template when given); returns it and whether it became active."""
        name = clean_name(name, "campaign")
        setting = clean_text(
            setting, "setting", limits.CAMPAIGN_SETTING, required=True, empty="A campaign needs a setting."
        )
        tone = clean_text(tone, "tone", limits.CAMPAIGN_TONE)
        description = clean_text(description, "description", limits.CAMPAIGN_DESCRIPTION)
        async with self.db.transaction() as session:
            count = await session.scalar(
                select(func.count()).select_from(Campaign).where(Campaign.guild_id == guild_id)
            )
            if (count or 0) >= MAX_CAMPAIGNS_PER_GUILD:
                raise InvalidInputError(f"A server can keep at most {MAX_CAMPAIGNS_PER_GUILD} campaigns.")
            await ensure_name_free(session, Campaign.name, name, Campaign.guild_id == guild_id, _taken)
            campaign = Campaign(guild_id=guild_id, name=name, setting=setting, data=CampaignData())
            if template:
                source = await self._find_template(session, guild_id, template)
                campaign.template_id = source.id
                campaign.is_custom = False
                campaign.tone = tone or source.tone
                campaign.description = description or source.description
                campaign.world_description = source.world_description
                campaign.homebrew_rules = list(source.homebrew_rules or [])
            else:
                campaign.tone = tone or "heroic"
                campaign.description = description
            session.add(campaign)
            await flush_unique(session, _taken(name))
            settings = await get_or_create(session, guild_id)
            became_active = settings.active_campaign_id is None
            if became_active:
                settings.active_campaign_id = campaign.id
            created = CampaignDetails.of(campaign), became_active
        # The guild's settings row was written (maybe created): what this process cached goes.
        GuildSettingsCache.of(self.db).invalidate(guild_id)
        return created

    async def use(self, guild_id: int, campaign: str) -> CampaignDetails:
        async with self.db.transaction() as session:
            row = await find_campaign(session, guild_id, campaign)
            settings = await get_or_create(session, guild_id)
            settings.active_campaign_id = row.id
            used = CampaignDetails.of(row)
        GuildSettingsCache.of(self.db).invalidate(guild_id)
        return used

    async def edit(
        self,
        guild_id: int,
        campaign: str,
        *,
        name: str | None = None,
        setting: str | None = None,
        tone: str | None = None,
        description: str | None = None,
        world_description: str | None = None,
    ) -> CampaignDetails:
        for what, value in (("description", description), ("world_description", world_description)):
            if value is not None and not value.strip():
                raise InvalidInputError(f"To clear `{what}`, give `{CLEAR}` as its value.")
        cleaned = {
            "setting": clean_text(setting, "setting", limits.CAMPAIGN_SETTING),
            "tone": clean_text(tone, "tone", limits.CAMPAIGN_TONE),
            "description": _cleared_or(description, "description", limits.CAMPAIGN_DESCRIPTION),
            "world_description": _cleared_or(
                world_description, "world description", limits.WORLD_DESCRIPTION
            ),
        }
        changes = {key: value for key, value in cleaned.items() if value is not None}
        if name is not None:
            changes["name"] = clean_name(name, "campaign")
        if not changes:
            raise InvalidInputError("Nothing to change: give at least one option to edit.")
        async with self.db.transaction() as session:
            row = await find_campaign(session, guild_id, campaign, lock=True)
            if "name" in changes and changes["name"].lower() != row.name.lower():
                await ensure_name_free(
                    session, Campaign.name, changes["name"], Campaign.guild_id == guild_id, _taken
                )
            said: list[str] = []
            for key, value in changes.items():
                stored = None if value == CLEAR else value
                label = key.replace("_", " ").capitalize()
                if stored == getattr(row, key):
                    continue
                if stored is None:
                    said.append(f"{label}: cleared")
                elif key in ("name", "tone"):
                    said.append(f"{label}: {getattr(row, key)} → {stored}")
                else:
                    said.append(f"{label}: {stored}")
                setattr(row, key, stored)
            await flush_unique(session, _taken(row.name))
            return replace(
                CampaignDetails.of(row), changes=tuple(said) or ("nothing new: it already read so",)
            )

    async def delete(self, guild_id: int, campaign_id: str) -> tuple[str, CampaignCounts]:
        """Remove the campaign with its NPCs and their interactions, in one transaction."""
        async with self.db.transaction() as session:
            row = await find_campaign(session, guild_id, campaign_id, by_name=False, lock=True)
            counts = await _counts(session, row.id)
            name = row.name
            await session.delete(row)  # ON DELETE: NPCs and interactions cascade, characters stay
            return name, counts

    async def save_template(self, guild_id: int, campaign: str) -> CampaignDetails:
        """A copy of the campaign as one of this guild's templates (quests and log not copied)."""
        async with self.db.transaction() as session:
            row = await find_campaign(session, guild_id, campaign)
            name = clean_name(f"{row.name} (template)"[: limits.NAME], "campaign")
            await ensure_name_free(session, Campaign.name, name, Campaign.guild_id == guild_id, _taken)
            copy = Campaign(
                guild_id=guild_id,
                name=name,
                setting=row.setting,
                tone=row.tone,
                description=row.description,
                world_description=row.world_description,
                homebrew_rules=list(row.homebrew_rules or []),
                world_art=row.world_art,
                is_template=True,
                is_custom=row.is_custom,
                template_id=row.template_id,
                data=CampaignData(),
            )
            session.add(copy)
            await flush_unique(session, _taken(name))
            return CampaignDetails.of(copy)

    async def add_rule(self, guild_id: int, text: str, campaign: str | None = None) -> CampaignDetails:
        text = clean_text(
            text, "rule", limits.HOUSE_RULE, required=True, empty="A house rule needs some text."
        )
        async with self.db.transaction() as session:
            row = await find_campaign(session, guild_id, campaign, lock=True)
            rules = list(row.homebrew_rules or [])
            if len(rules) >= limits.HOUSE_RULES:
                raise InvalidInputError(f"A campaign can have at most {limits.HOUSE_RULES} house rules.")
            row.homebrew_rules = [*rules, HomebrewRule(text=text)]
            return CampaignDetails.of(row)

    async def remove_rule(
        self, guild_id: int, number: int, campaign: str | None = None
    ) -> tuple[str, CampaignDetails]:
        async with self.db.transaction() as session:
            row = await find_campaign(session, guild_id, campaign, lock=True)
            rules = list(row.homebrew_rules or [])
            if not 1 <= number <= len(rules):
                raise InvalidInputError(
                    f"There is no rule {number}; this campaign has {len(rules)} (see /campaign info)."
                )
            removed = rules.pop(number - 1)
            row.homebrew_rules = rules
            return removed.text, CampaignDetails.of(row)

    # --- quests ----------------------------------------------------------------------------

    async def add_quest(
        self, guild_id: int, title: str, details: str | None = None
    ) -> tuple[CampaignDetails, Quest]:
        title = clean_text(
            title, "quest title", limits.QUEST_TITLE, required=True, empty="A quest needs a title."
        )
        details = clean_text(details, "quest details", limits.QUEST_DETAILS)
        async with self.db.transaction() as session:
            row = await find_campaign(session, guild_id, None, lock=True)
            if any(q.title.lower() == title.lower() and q.status == "open" for q in row.data.quests):
                raise ConflictError(f"There is already an open quest called {title}.")
            quest = Quest(id=str(uuid.uuid4()), title=title, details=details, created_at=utcnow())
            row.data = row.data.model_copy(update={"quests": [*row.data.quests, quest]})
            return CampaignDetails.of(row), quest

    async def complete_quest(self, guild_id: int, quest: str) -> tuple[CampaignDetails, Quest]:
        async with self.db.transaction() as session:
            row = await find_campaign(session, guild_id, None, lock=True)
            target = _find_quest(row.data.quests, quest)
            if target.status == "done":
                raise ConflictError(f"The quest {target.title} is already done.")
            done = target.model_copy(update={"status": "done", "closed_at": utcnow()})
            quests = [done if q.id == target.id else q for q in row.data.quests]
            row.data = row.data.model_copy(update={"quests": quests})
            return CampaignDetails.of(row), done

    # --- lookups ---------------------------------------------------------------------------

    async def _find_template(self, session: AsyncSession, guild_id: int, template: str) -> Campaign:
        row = await session.get(Campaign, template)
        if row is None or not row.is_template or row.guild_id not in (None, guild_id):
            row = await session.scalar(
                select(Campaign).where(
                    Campaign.is_template.is_(True),
                    or_(Campaign.guild_id.is_(None), Campaign.guild_id == guild_id),
                    func.lower(Campaign.name) == template.strip().lower(),
                )
            )
        if row is None:
            raise NotFoundError(f"No template called “{template[:100]}”: see /campaign templates.")
        return row


def _find_quest(quests: list[Quest], typed: str) -> Quest:
    for quest in quests:
        if quest.id == typed:
            return quest
    matches = [q for q in quests if q.title.lower() == typed.strip().lower()]
    open_matches = [q for q in matches if q.status == "open"]
    if open_matches or matches:
        return (open_matches or matches)[0]
    raise NotFoundError(f"No quest called “{typed[:100]}” in the active campaign.")


async def _counts(session: AsyncSession, campaign_id: str) -> CampaignCounts:
    npcs = await session.scalar(select(func.count()).select_from(NPC).where(NPC.campaign_id == campaign_id))
    interactions = await session.scalar(
        select(func.count())
        .select_from(NPCInteraction)
        .join(NPC, NPC.id == NPCInteraction.npc_id)
        .where(NPC.campaign_id == campaign_id)
    )
    characters = await session.scalar(
        select(func.count()).select_from(Character).where(Character.campaign_id == campaign_id)
    )
    return CampaignCounts(npcs=npcs or 0, interactions=interactions or 0, characters=characters or 0)


def _cleared_or(value: str | None, what: str, limit: int) -> str | None:
    """An optional field's new text; ``CLEAR`` (kept as is) asks to empty it."""
    if value is not None and value.strip() == CLEAR:
        return CLEAR
    return clean_text(value, what, limit)


def _taken(name: str) -> str:
    return f"This server already has a campaign called {name}."
