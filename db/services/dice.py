"""Dice rolls of a guild: roll (and keep the history row in the same call), read recent rolls."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Character, DiceRoll, new_id
from db.services.base import Service
from db.services.lookups import find_character
from db.types import utcnow
from rules import limits
from rules.dice.engine import Crit, RollOutcome
from rules.dice.engine import roll as roll_dice
from rules.dice.sheet_rolls import Advantage, resolve_roll_id, sheet_roll
from rules.errors import ForbiddenError, InvalidInputError, NotFoundError
from rules.text import clean_text


@dataclass(frozen=True, slots=True)
class RollEntry:
    id: str
    guild_id: int
    channel_id: int
    user_id: int
    character_id: str | None
    expression: str
    total: int
    detail: str
    reason: str | None
    rolled_at: datetime
    # Known for a roll just made; the history table has no column for it, so rows read back say None.
    crit: Crit | None = None
    natural: int | None = None
    summarised: bool = False
    secret: bool = False
    note: str | None = None  # the engine's explanation of a surprising result

    @classmethod
    def of(cls, row: DiceRoll, outcome: RollOutcome | None = None) -> "RollEntry":
        return cls(
            id=row.id,
            guild_id=row.guild_id,
            channel_id=row.channel_id,
            user_id=row.user_id,
            character_id=row.character_id,
            expression=row.expression,
            total=row.total,
            detail=row.detail,
            reason=row.reason,
            rolled_at=row.rolled_at,
            crit=outcome.crit if outcome else None,
            natural=outcome.natural if outcome else None,
            summarised=outcome.summarised if outcome else False,
            secret=row.secret,
            note=outcome.note if outcome else None,
        )


def recent_query(
    guild_id: int, user_id: int | None, limit: int, viewer_id: int | None = None, viewer_is_gm: bool = False
) -> Select[DiceRoll]:
    """Newest first; ix_dice_rolls_guild_id_rolled_at (or ..._user_id_rolled_at) serves filter and order.

    With a viewer, private rolls are left out unless they are the viewer's own, and secret
    rolls unless the viewer is a GM.
    """
    query = select(DiceRoll).where(DiceRoll.guild_id == guild_id)
    if user_id is not None:
        query = query.where(DiceRoll.user_id == user_id)
    if viewer_id is not None:
        query = query.where(or_(DiceRoll.private.is_(False), DiceRoll.user_id == viewer_id))
        if not viewer_is_gm:
            query = query.where(DiceRoll.secret.is_(False))
    return query.order_by(DiceRoll.rolled_at.desc()).limit(limit)


class DiceService(Service):
    async def roll(
        self,
        guild_id: int,
        channel_id: int,
        user_id: int,
        expression: str,
        reason: str | None = None,
        character_id: str | None = None,
        private: bool = False,
        secret: bool = False,
    ) -> RollEntry:
        """Roll ``expression`` (d20 notation) and store it in the guild's history.

        A private roll is kept too, but only its roller sees it in the history; a secret one
        only the GMs.
        """
        reason = clean_text(reason, "reason", limits.ROLL_REASON, one_line=True)
        outcome = roll_dice(expression)  # pure CPU, bounded: done before the write lock is taken
        async with self.db.transaction() as session:
            if character_id is not None:
                character = await session.get(Character, character_id)
                if character is None or character.guild_id != guild_id:
                    raise NotFoundError("That character does not exist in this server.")
                _require_own(character, user_id)
            return await store_roll(
                session, guild_id, channel_id, user_id, outcome, reason, character_id, private, secret
            )

    async def roll_from_sheet(
        self,
        guild_id: int,
        channel_id: int,
        user_id: int,
        character: str,
        roll_id: str,
        advantage: Advantage = "normal",
        *,
        secret: bool = False,
        actor_is_gm: bool = False,
    ) -> RollEntry:
        """Roll initiative, a check, save or skill from a character's sheet (by id or name).

        Its player's only, or any character of the guild for a GM rolling in secret. The
        character is read and the roll kept in one unit of work.
        """
        async with self.db.transaction() as session:
            row = await find_character(session, guild_id, character)
            expression, label = sheet_roll(row.data, resolve_roll_id(roll_id), advantage)
            reason = clean_text(
                f"{row.name}: {label}"[: limits.ROLL_REASON], "reason", limits.ROLL_REASON, one_line=True
            )
            outcome = roll_dice(expression)  # pure CPU, bounded by the engine
            if not (secret and actor_is_gm):
                _require_own(row, user_id)
            return await store_roll(
                session, guild_id, channel_id, user_id, outcome, reason, row.id, False, secret
            )

    async def recent(
        self,
        guild_id: int,
        user_id: int | None = None,
        limit: int = 10,
        *,
        viewer_id: int | None = None,
        viewer_is_gm: bool = False,
    ) -> list[RollEntry]:
        """The guild's latest rolls (of one member, if given), newest first, as ``viewer_id`` may see them."""
        if not 1 <= limit <= limits.RECENT_ROLLS:
            raise InvalidInputError(f"Ask for 1 to {limits.RECENT_ROLLS} rolls, not {limit}.")
        async with self.db.transaction(write=False) as session:
            rows = (
                await session.scalars(recent_query(guild_id, user_id, limit, viewer_id, viewer_is_gm))
            ).all()
            return [RollEntry.of(row) for row in rows]


def _require_own(character: Character, user_id: int) -> None:
    if character.owner_id != user_id:
        raise ForbiddenError(
            "You can roll only for your own characters (a GM may roll any, with secret:True)."
        )


async def store_roll(
    session: AsyncSession,
    guild_id: int,
    channel_id: int,
    user_id: int,
    outcome: RollOutcome,
    reason: str | None,
    character_id: str | None,
    private: bool,
    secret: bool = False,
    roll_id: str | None = None,
) -> RollEntry:
    """Keep a roll in the guild's history (under ``roll_id`` when another record names it)."""
    row = DiceRoll(
        id=roll_id or new_id(),
        guild_id=guild_id,
        channel_id=channel_id,
        user_id=user_id,
        character_id=character_id,
        expression=outcome.expression,
        total=outcome.total,
        detail=outcome.detail,
        reason=reason,
        private=private,
        crit=outcome.crit,
        secret=secret,
        rolled_at=utcnow(),
    )
    session.add(row)
    await session.flush()
    return RollEntry.of(row, outcome)
