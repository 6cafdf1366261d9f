"""Lookups every service shares: a guild's campaign or character by id or typed name, free names.

Whatever is asked, a row of another guild is "not found", with no hint that it exists.

``lock=True`` is how every read-modify-write is made safe: a service that loads a row to
change it (a JSON column above all) loads it locked. On PostgreSQL that is SELECT ... FOR
UPDATE, so concurrent writers of one row queue and each reads the previous one's commit;
SQLite has one writer at a time, which its write transactions take at BEGIN.
"""

from collections.abc import Callable
from typing import NamedTuple

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from db.models import Campaign, Character, GuildSettings, looks_like_id
from rules.errors import AmbiguousError, ConflictError, NotFoundError

NO_ACTIVE_CAMPAIGN = "This server has no active campaign: a GM can pick one with /campaign use."


def like_pattern(typed: str) -> str:
    """A LIKE pattern for names containing ``typed`` (escape character: backslash)."""
    escaped = typed.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


async def active_campaign_id(session: AsyncSession, guild_id: int) -> str | None:
    return await session.scalar(
        select(GuildSettings.active_campaign_id).where(GuildSettings.guild_id == guild_id)
    )


async def find_campaign(
    session: AsyncSession, guild_id: int, campaign: str | None, *, by_name: bool = True, lock: bool = False
) -> Campaign:
    """A campaign of this guild (never a template) by id, else by name; None means the active one."""
    if campaign is None:
        campaign = await active_campaign_id(session, guild_id)
        if campaign is None:
            raise NotFoundError(NO_ACTIVE_CAMPAIGN)
    # Text that cannot be an id (a typed name) skips the id query.
    row = await session.get(Campaign, campaign, with_for_update=lock) if looks_like_id(campaign) else None
    if (row is None or row.guild_id != guild_id or row.is_template) and by_name:
        query = select(Campaign).where(
            Campaign.guild_id == guild_id,
            Campaign.is_template.is_(False),
            func.lower(Campaign.name) == campaign.strip().lower(),
        )
        row = await session.scalar(query.with_for_update() if lock else query)
    if row is None or row.guild_id != guild_id or row.is_template:
        raise NotFoundError(f"No campaign called “{campaign[:100]}” in this server.")
    return row


class CharacterRef(NamedTuple):
    """A character's id and name, without loading (and validating) its sheet."""

    id: str
    name: str


async def find_character_ref(
    session: AsyncSession, guild_id: int, character: str, *, by_name: bool = True
) -> CharacterRef:
    """A character of this guild by id, else by its name: among namesakes the active campaign's.

    Text that cannot be an id (``looks_like_id``) goes straight to the name: one query either way
    (the active campaign is read in the same query). Namesakes none of which is in the active
    campaign raise ``AmbiguousError``, whose choices name each one's campaign.
    """
    columns = select(Character.id, Character.name).where(Character.guild_id == guild_id)
    row = None
    if looks_like_id(character):
        row = (await session.execute(columns.where(Character.id == character))).first()
    if row is None and by_name:
        named = (
            columns.add_columns(
                Campaign.name.label("campaign"),
                (GuildSettings.active_campaign_id == Character.campaign_id).label("in_active_campaign"),
            )
            .outerjoin(Campaign, Campaign.id == Character.campaign_id)
            .outerjoin(GuildSettings, GuildSettings.guild_id == Character.guild_id)
            .where(func.lower(Character.name) == character.strip().lower())
            .order_by(func.lower(Campaign.name))
        )
        matches = (await session.execute(named)).all()
        in_active = [m for m in matches if m.in_active_campaign]
        if len(matches) > 1 and len(in_active) != 1:
            raise AmbiguousError(
                f"Several characters are called {character[:100]}: pick one.",
                character,
                [(m.id, f"{m.name} ({m.campaign or 'no campaign'})"[:100]) for m in matches],
            )
        chosen = in_active or matches
        row = chosen[0] if chosen else None
    if row is None:
        raise NotFoundError(f"No character called “{character[:100]}” in this server.")
    return CharacterRef(row.id, row.name)


async def find_character(
    session: AsyncSession, guild_id: int, character: str, *, by_name: bool = True, lock: bool = False
) -> Character:
    """The whole character row (sheet included), found as ``find_character_ref`` finds it."""
    ref = await find_character_ref(session, guild_id, character, by_name=by_name)
    return await session.get_one(Character, ref.id, with_for_update=lock)


async def ensure_name_free(
    session: AsyncSession,
    name_column: InstrumentedAttribute[str],
    name: str,
    scope: ColumnElement[bool],
    conflict: Callable[[str], str],
) -> None:
    """Refuse a name that a row in ``scope`` already has, in any case; ``conflict`` words the refusal.

    The unique indexes still decide a race between two commands: see ``flush_unique``.
    """
    taken = await session.scalar(
        select(name_column).where(scope, func.lower(name_column) == name.lower()).limit(1)
    )
    if taken is not None:
        raise ConflictError(conflict(taken))


async def flush_unique(session: AsyncSession, conflict: str) -> None:
    """Flush; a unique name taken by a concurrent command since our check is still a clear conflict."""
    try:
        await session.flush()
    except IntegrityError:
        raise ConflictError(conflict) from None


async def default_character(session: AsyncSession, guild_id: int, owner_id: int) -> Character:
    """The member's character in the active campaign, else their only one (most recent first)."""
    active = await active_campaign_id(session, guild_id)
    rows = list(
        await session.scalars(
            select(Character)
            .where(Character.guild_id == guild_id, Character.owner_id == owner_id)
            .order_by(Character.updated_at.desc())
        )
    )
    in_active = [r for r in rows if active and r.campaign_id == active]
    if in_active or len(rows) == 1:
        return (in_active or rows)[0]
    if not rows:
        raise NotFoundError("You have no character here yet: make one with /character create.")
    raise NotFoundError("You have several characters and none in the active campaign: name one.")
