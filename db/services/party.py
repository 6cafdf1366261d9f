"""The active campaign's party: a roster of its characters (``campaigns.data.party``, ids in order).

A character deleted (or no longer in the campaign) leaves its id behind: /party show skips it,
and the next change of the roster drops it, under the same lock as the change.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Campaign, Character, Combatant, Encounter, looks_like_id
from db.schemas import CharacterSheet
from db.schemas.character import ClassLevel
from db.schemas.encounter import ActiveCondition
from db.services.base import Service
from db.services.characters import CharacterChoice
from db.services.lookups import find_campaign, like_pattern
from rules import limits
from rules.errors import ConflictError, ForbiddenError, InvalidInputError, NotFoundError


@dataclass(frozen=True, slots=True)
class MemberVitals:
    """What only a GM sees of a member: the sheet's figures and the conditions of open fights."""

    sheet: CharacterSheet
    conditions: tuple[ActiveCondition, ...]
    concentration: tuple[str, ...]  # spells concentrated on, from the combatant rows


@dataclass(frozen=True, slots=True)
class PartyMember:
    id: str
    name: str
    owner_id: int
    classes: tuple[ClassLevel, ...]
    level: int
    vitals: MemberVitals | None  # None in a player's view


@dataclass(frozen=True, slots=True)
class Party:
    campaign_name: str
    members: tuple[PartyMember, ...]  # in the order they joined
    gone: int  # ids of characters deleted since, dropped at the roster's next change


@dataclass(frozen=True, slots=True)
class PartyChange:
    campaign_name: str
    character_name: str
    joined: bool  # False: left
    size: int  # members after the change


class PartyService(Service):
    async def add(self, guild_id: int, actor_id: int, actor_is_gm: bool, character: str) -> PartyChange:
        """A character of the active campaign joins its party (its player or a GM)."""
        async with self.db.transaction() as session:
            row = await find_campaign(session, guild_id, None, lock=True)
            found = await _campaign_character(session, guild_id, row, character)
            _require_owner_or_gm(found, actor_id, actor_is_gm, "add")
            party = await _still_here(session, row)
            if found.id in party:
                raise ConflictError(f"{found.name} is already in the party of {row.name}.")
            if len(party) >= limits.PARTY:
                raise InvalidInputError(f"A party has at most {limits.PARTY} members: remove one first.")
            party.append(found.id)
            row.data = row.data.model_copy(update={"party": party})
            return PartyChange(row.name, found.name, joined=True, size=len(party))

    async def remove(self, guild_id: int, actor_id: int, actor_is_gm: bool, character: str) -> PartyChange:
        """A member leaves the party (its player or a GM)."""
        async with self.db.transaction() as session:
            row = await find_campaign(session, guild_id, None, lock=True)
            found = await _campaign_character(session, guild_id, row, character)
            _require_owner_or_gm(found, actor_id, actor_is_gm, "remove")
            party = await _still_here(session, row)
            if found.id not in party:
                raise NotFoundError(f"{found.name} is not in the party of {row.name}: see /party show.")
            party.remove(found.id)
            row.data = row.data.model_copy(update={"party": party})
            return PartyChange(row.name, found.name, joined=False, size=len(party))

    async def show(self, guild_id: int, *, gm: bool) -> Party:
        """The roster; a GM's view adds each member's vitals (``MemberVitals``)."""
        async with self.db.transaction(write=False) as session:
            row = await find_campaign(session, guild_id, None)
            ids = row.data.party
            characters = {
                c.id: c
                for c in await session.scalars(
                    select(Character).where(Character.id.in_(ids), Character.campaign_id == row.id)
                )
            }
            fights = await _in_fights(session, guild_id, list(characters)) if gm and characters else {}
            members = tuple(
                _member(characters[i], fights.get(i, []) if gm else None) for i in ids if i in characters
            )
            return Party(row.name, members, gone=len(ids) - len(members))

    async def choices(
        self, guild_id: int, typed: str, *, members: bool, owner_id: int | None = None
    ) -> list[CharacterChoice]:
        """For autocomplete: the active campaign's characters in the party (``members``) or not yet.

        ``owner_id`` keeps one player's characters only (what a player may add or remove).
        """
        async with self.db.transaction(write=False) as session:
            row = await find_campaign(session, guild_id, None)
            party = set(row.data.party)
            query = (
                select(Character.id, Character.name)
                .where(
                    Character.campaign_id == row.id,
                    func.lower(Character.name).like(like_pattern(typed), escape="\\"),
                )
                .order_by(func.lower(Character.name))
            )
            if owner_id is not None:
                query = query.where(Character.owner_id == owner_id)
            found = [c for c in await session.execute(query) if (c.id in party) == members]
            return [CharacterChoice(c.id, c.name, row.name) for c in found[:25]]


@dataclass(frozen=True, slots=True)
class _Found:
    id: str
    name: str
    owner_id: int


async def _campaign_character(session: AsyncSession, guild_id: int, campaign: Campaign, typed: str) -> _Found:
    """A character of this campaign by id or name; one elsewhere in the guild is named as such."""
    wanted = typed.strip()
    if not wanted:
        raise InvalidInputError("Name a character of the campaign, or pick one from the list.")
    by_id = Character.id == wanted if looks_like_id(wanted) else None
    by_name = func.lower(Character.name) == wanted.lower()
    query = select(Character.id, Character.name, Character.owner_id, Character.campaign_id).where(
        Character.guild_id == guild_id, or_(by_name, by_id) if by_id is not None else by_name
    )
    rows = list(await session.execute(query))
    # Names are unique within a campaign, so at most one row is this campaign's.
    here = next((r for r in rows if r.campaign_id == campaign.id), None)
    if here is not None:
        return _Found(here.id, here.name, here.owner_id)
    if rows:
        raise InvalidInputError(
            f"{rows[0].name} is not a character of {campaign.name}: "
            "only the active campaign's characters can join its party."
        )
    raise NotFoundError(f"No character called “{wanted[:100]}” in this server.")


def _require_owner_or_gm(found: _Found, actor_id: int, actor_is_gm: bool, verb: str) -> None:
    if not actor_is_gm and found.owner_id != actor_id:
        raise ForbiddenError(f"Only {found.name}'s player or a GM can {verb} {found.name}.")


async def _still_here(session: AsyncSession, campaign: Campaign) -> list[str]:
    """The roster without ids of characters deleted or gone from the campaign, in order."""
    party = campaign.data.party
    if not party:
        return []
    present = set(
        await session.scalars(
            select(Character.id).where(Character.id.in_(party), Character.campaign_id == campaign.id)
        )
    )
    return [i for i in party if i in present]


async def _in_fights(
    session: AsyncSession, guild_id: int, character_ids: Sequence[str]
) -> dict[str, list[tuple[list[ActiveCondition], str | None]]]:
    """Each character's conditions and concentration in every open encounter of the guild."""
    rows = await session.execute(
        select(Combatant.character_id, Combatant.conditions, Combatant.concentration)
        .join(Encounter, Encounter.id == Combatant.encounter_id)
        .where(
            Encounter.guild_id == guild_id,
            Combatant.character_id.in_(character_ids),
            Combatant.removed.is_(False),
        )
        .order_by(Combatant.seq)
    )
    fights: dict[str, list[tuple[list[ActiveCondition], str | None]]] = {}
    for character_id, conditions, concentration in rows:
        if character_id is not None:  # always, by the query; the column is nullable
            fights.setdefault(character_id, []).append((conditions, concentration))
    return fights


def _member(row: Character, fights: list[tuple[list[ActiveCondition], str | None]] | None) -> PartyMember:
    sheet = row.data
    vitals = None
    if fights is not None:
        # One character in two channels' fights: each condition once, the first duration seen.
        conditions: dict[str, ActiveCondition] = {}
        for held, _ in fights:
            for condition in held:
                conditions.setdefault(condition.name.casefold(), condition)
        spells = tuple(dict.fromkeys(spell for _, spell in fights if spell))
        vitals = MemberVitals(sheet, tuple(conditions.values()), spells)
    return PartyMember(row.id, row.name, row.owner_id, tuple(sheet.classes), sheet.level, vitals)
