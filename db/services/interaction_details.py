"""What /npc interact logs beyond its columns: a roll (against a DC), a consequence, a location.

Checked and cleaned before the interaction's transaction (``InteractionDetails.cleaned``); a roll
of dice is rolled then, a check from a sheet once the character's sheet is read (``roll``). The
roll is kept in the guild's roll history as well (``/rolls``) under the id its record names: the
session's recap counts its natural 20 or 1 from the record, part of the campaign (and of its
export), and leaves that row out.
"""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Character, new_id
from db.schemas.interaction import RollRecord
from db.services.dice import store_roll
from db.services.lookups import CharacterRef
from rules import limits
from rules.dice.engine import RollOutcome
from rules.dice.engine import roll as roll_dice
from rules.dice.sheet_rolls import SHEET_ROLLS, resolve_roll_id, sheet_roll
from rules.errors import InvalidInputError, NotFoundError
from rules.text import clean_text


@dataclass(frozen=True, slots=True)
class InteractionDetails:
    """The optional /npc interact options, as typed."""

    roll: str | None = None  # a check from the character's sheet ("skill:persuasion") or dice
    dc: int | None = None
    consequence: str | None = None
    location: str | None = None
    channel_id: int = 0  # where it was rolled, for the roll history

    def cleaned(self, *, has_character: bool) -> "CleanDetails":
        """Refuse what cannot be logged, before anything is read or written; roll dice now."""
        if self.dc is not None:
            if self.roll is None:
                raise InvalidInputError("A DC needs a roll to meet it: give roll: too.")
            if not limits.DC_MIN <= self.dc <= limits.DC_MAX:
                raise InvalidInputError(f"A DC is between {limits.DC_MIN} and {limits.DC_MAX}.")
        consequence = clean_text(self.consequence, "consequence", limits.INTERACTION_CONSEQUENCE)
        location = clean_text(self.location, "location", limits.NPC_DETAIL, one_line=True)
        check, outcome = None, None
        if self.roll is not None:
            check = _sheet_check(self.roll)
            if check is None:
                outcome = _roll_dice(self.roll)
            elif not has_character:
                raise InvalidInputError(
                    f"{SHEET_ROLLS[check]} is rolled from a character's sheet: give character: too, "
                    "or roll dice, e.g. 1d20+5."
                )
        return CleanDetails(check, outcome, self.dc, consequence, location, self.channel_id)


@dataclass(frozen=True, slots=True)
class RolledCheck:
    record: RollRecord
    outcome: RollOutcome


@dataclass(frozen=True, slots=True)
class CleanDetails:
    check: str | None  # a sheet roll id, rolled in the transaction
    outcome: RollOutcome | None  # dice already rolled
    dc: int | None
    consequence: str | None
    location: str | None
    channel_id: int

    async def roll(self, session: AsyncSession, hero: CharacterRef | None) -> RolledCheck | None:
        """The roll: the dice rolled already, or the check with the modifier of ``hero``'s sheet."""
        outcome, label = self.outcome, None
        if self.check is not None and hero is not None:
            sheet = await session.scalar(select(Character.data).where(Character.id == hero.id))
            if sheet is None:  # deleted since it was found: the entry's insert would fail as well
                raise NotFoundError(f"{hero.name} was just deleted: nothing was logged.")
            expression, label = sheet_roll(sheet, self.check)
            outcome = roll_dice(expression)
        if outcome is None:
            return None
        record = RollRecord(
            expression=outcome.expression,
            total=outcome.total,
            label=label,
            dc=self.dc,
            crit=outcome.crit,
            roll_id=new_id(),
        )
        return RolledCheck(record, outcome)


def _roll_dice(typed: str) -> RollOutcome:
    """Dice typed as the roll: pure CPU, bounded, so rolled before the transaction."""
    try:
        return roll_dice(typed)
    except InvalidInputError as error:
        raise InvalidInputError(f"{error} Or pick a check from the list, e.g. Persuasion (CHA).") from None


def _sheet_check(typed: str) -> str | None:
    """The sheet roll ``typed`` names (an id from autocomplete, "persuasion", "dex save"), else None."""
    try:
        return resolve_roll_id(typed.strip())
    except InvalidInputError:
        return None


async def keep_roll(
    session: AsyncSession,
    rolled: RolledCheck,
    details: CleanDetails,
    *,
    guild_id: int,
    user_id: int,
    npc_name: str,
    hero: CharacterRef | None,
) -> None:
    """The roll in the guild's history, public as the interaction's reply is."""
    what = rolled.record.label or "roll"
    said = f"{hero.name}: {what} with {npc_name}" if hero else f"{what} with {npc_name}"
    await store_roll(
        session,
        guild_id,
        details.channel_id,
        user_id,
        rolled.outcome,
        clean_text(said[: limits.ROLL_REASON], "reason", limits.ROLL_REASON, one_line=True),
        hero.id if hero else None,
        private=False,
        roll_id=rolled.record.roll_id,
    )
