"""Player characters: owned by a member, in a campaign of the guild (or none yet)."""

from dataclasses import dataclass
from datetime import datetime
from typing import cast

from pydantic import ValidationError
from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Campaign, Character
from db.schemas import CharacterFile, CharacterSheet
from db.schemas.character import ClassLevel, HitPoints
from db.services.base import Service
from db.services.lookups import (
    active_campaign_id,
    ensure_name_free,
    find_campaign,
    find_character,
    flush_unique,
    like_pattern,
)
from rules.errors import ForbiddenError, InvalidInputError, NotFoundError
from rules.json_file import load_json
from rules.text import clean_name, problems

MAX_SHEET_BYTES = 256 * 1024
MAX_CHARACTERS_PER_MEMBER = 50


@dataclass(frozen=True, slots=True)
class CharacterDetails:
    id: str
    name: str
    guild_id: int
    owner_id: int
    campaign_id: str | None
    campaign_name: str | None
    sheet: CharacterSheet
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, row: Character, campaign_name: str | None) -> "CharacterDetails":
        return cls(
            id=row.id,
            name=row.name,
            guild_id=row.guild_id,
            owner_id=row.owner_id,
            campaign_id=row.campaign_id,
            campaign_name=campaign_name,
            sheet=row.data,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )


@dataclass(frozen=True, slots=True)
class CharacterChoice:
    id: str
    name: str
    campaign_name: str | None


def sheet_problems(error: ValidationError) -> str:
    """Every problem of a sheet, one per line, as field path and reason."""
    return "\n".join(f"- {line}" for line in problems(error, root="sheet"))


def parse_character_file(payload: bytes) -> tuple[str, CharacterSheet]:
    """The name and sheet of an uploaded character file; every problem listed when it is invalid."""
    if len(payload) > MAX_SHEET_BYTES:
        raise InvalidInputError(f"The sheet is larger than {MAX_SHEET_BYTES // 1024} KiB.")
    data = load_json(payload, "sheet")
    if not isinstance(data, dict):
        raise InvalidInputError("A character sheet is a JSON object (see examples/character.json).")
    try:
        document = CharacterFile.model_validate(data)
    except ValidationError as error:
        raise InvalidInputError(f"The sheet has problems:\n{sheet_problems(error)}"[:1900]) from None
    return clean_name(document.name, "character"), document.sheet()


class CharacterService(Service):
    async def create(
        self,
        guild_id: int,
        owner_id: int,
        name: str,
        *,
        campaign: str | None = None,
        sheet: CharacterSheet | None = None,
    ) -> CharacterDetails:
        """A character in the given campaign, else the active one, else in none yet."""
        name = clean_name(name, "character")
        async with self.db.transaction() as session:
            owned = await session.scalar(
                select(func.count())
                .select_from(Character)
                .where(Character.guild_id == guild_id, Character.owner_id == owner_id)
            )
            if (owned or 0) >= MAX_CHARACTERS_PER_MEMBER:
                raise InvalidInputError(
                    f"A member can keep at most {MAX_CHARACTERS_PER_MEMBER} characters here."
                )
            target = None
            if campaign is not None or await active_campaign_id(session, guild_id):
                target = await find_campaign(session, guild_id, campaign)
            await _ensure_free_name(session, guild_id, target.id if target else None, name)
            row = Character(
                guild_id=guild_id,
                owner_id=owner_id,
                campaign_id=target.id if target else None,
                name=name,
                data=sheet or CharacterSheet(),
            )
            session.add(row)
            await flush_unique(session, _taken(name))
            return CharacterDetails.of(row, target.name if target else None)

    async def get(self, guild_id: int, character: str) -> CharacterDetails:
        async with self.db.transaction(write=False) as session:
            row = await find_character(session, guild_id, character)
            return await _view(session, row)

    async def default_for(self, guild_id: int, owner_id: int) -> CharacterDetails:
        """The member's character in the active campaign (or their only one)."""
        async with self.db.transaction(write=False) as session:
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
                return await _view(session, (in_active or rows)[0])
            if not rows:
                raise NotFoundError("You have no character here yet: make one with /character create.")
            raise NotFoundError("You have several characters and none in the active campaign: name one.")

    async def of_guild(self, guild_id: int, *, owner_id: int | None = None) -> list[CharacterDetails]:
        """The active campaign's characters, or all of one member's characters here."""
        async with self.db.transaction(write=False) as session:
            query = (
                select(Character).where(Character.guild_id == guild_id).order_by(func.lower(Character.name))
            )
            if owner_id is not None:
                query = query.where(Character.owner_id == owner_id)
            else:
                active = await active_campaign_id(session, guild_id)
                if active is None:
                    raise NotFoundError("This server has no active campaign: name a member to list theirs.")
                query = query.where(Character.campaign_id == active)
            return [await _view(session, row) for row in await session.scalars(query)]

    async def edit(
        self,
        guild_id: int,
        actor_id: int,
        actor_is_gm: bool,
        character: str,
        *,
        name: str | None = None,
        class_name: str | None = None,
        level: int | None = None,
        race: str | None = None,
        hp: int | None = None,
        max_hp: int | None = None,
    ) -> CharacterDetails:
        if all(v is None for v in (name, class_name, level, race, hp, max_hp)):
            raise InvalidInputError("Nothing to change: give at least one option to edit.")
        async with self.db.transaction() as session:
            row = await find_character(session, guild_id, character, lock=True)
            _require_owner_or_gm(row, actor_id, actor_is_gm)
            if name is not None:
                name = clean_name(name, "character")
                if name.lower() != row.name.lower():
                    await _ensure_free_name(session, guild_id, row.campaign_id, name)
                row.name = name
            sheet = row.data
            updates: dict[str, object] = {}
            if class_name is not None or level is not None:
                updates["classes"] = _main_class(sheet, class_name, level)
            if race is not None:
                updates["race"] = race.strip() or None
            if hp is not None or max_hp is not None:
                new_max = max_hp if max_hp is not None else sheet.hit_points.max
                new_current = hp if hp is not None else min(sheet.hit_points.current, new_max)
                updates["hit_points"] = {
                    "max": new_max,
                    "current": new_current,
                    "temp": sheet.hit_points.temp,
                }
            if updates:
                try:
                    row.data = CharacterSheet.model_validate({**sheet.model_dump(), **_dumped(updates)})
                except ValidationError as error:
                    raise InvalidInputError(f"That change is not valid:\n{sheet_problems(error)}") from None
            await flush_unique(session, _taken(row.name))
            return await _view(session, row)

    async def delete(self, guild_id: int, actor_id: int, actor_is_gm: bool, character_id: str) -> str:
        async with self.db.transaction() as session:
            row = await find_character(session, guild_id, character_id, by_name=False, lock=True)
            _require_owner_or_gm(row, actor_id, actor_is_gm)
            name = row.name
            await session.delete(row)  # interactions keep their entry; the character's name stays in them
            return name

    async def transfer(
        self, guild_id: int, actor_id: int, actor_is_gm: bool, character: str, new_owner_id: int
    ) -> CharacterDetails:
        """Hand a character to another member (by its player or a GM); its id, standings and log stay."""
        async with self.db.transaction() as session:
            row = await find_character(session, guild_id, character, lock=True)
            _require_owner_or_gm(row, actor_id, actor_is_gm)
            if row.owner_id == new_owner_id:
                raise InvalidInputError(f"{row.name} already belongs to that member.")
            owned = await session.scalar(
                select(func.count())
                .select_from(Character)
                .where(Character.guild_id == guild_id, Character.owner_id == new_owner_id)
            )
            if (owned or 0) >= MAX_CHARACTERS_PER_MEMBER:
                raise InvalidInputError(
                    f"That member has {MAX_CHARACTERS_PER_MEMBER} characters here already, the most allowed."
                )
            row.owner_id = new_owner_id
            await session.flush()
            return await _view(session, row)

    async def check_may_change(
        self, guild_id: int, actor_id: int, actor_is_gm: bool, character: str
    ) -> CharacterDetails:
        """The character, if this member may edit or delete it."""
        found = await self.get(guild_id, character)
        if not actor_is_gm and found.owner_id != actor_id:
            raise ForbiddenError("Only the character's player or a GM can change it.")
        return found

    async def autocomplete(
        self, guild_id: int, typed: str, *, owner_id: int | None = None
    ) -> list[CharacterChoice]:
        """One indexed query (guild_id), names containing what was typed, at most 25."""
        pattern = like_pattern(typed)
        async with self.db.transaction(write=False) as session:
            query = (
                select(Character.id, Character.name, Campaign.name.label("campaign"))
                .outerjoin(Campaign, Campaign.id == Character.campaign_id)
                .where(Character.guild_id == guild_id, func.lower(Character.name).like(pattern, escape="\\"))
                .order_by(func.lower(Character.name))
                .limit(25)
            )
            if owner_id is not None:
                query = query.where(Character.owner_id == owner_id)
            return [CharacterChoice(r.id, r.name, r.campaign) for r in await session.execute(query)]


def _dumped(updates: dict[str, object]) -> dict[str, object]:
    # cast: "classes" is only ever set from _main_class, a list of ClassLevel.
    return {
        k: [c.model_dump() for c in cast(list[ClassLevel], v)] if k == "classes" else v
        for k, v in updates.items()
    }


def _main_class(sheet: CharacterSheet, class_name: str | None, level: int | None) -> list[ClassLevel]:
    """Set the first (main) class's name and/or level; other classes of a multiclass stay."""
    classes = list(sheet.classes)
    if classes:
        main = classes[0]
        classes[0] = ClassLevel(
            name=class_name.strip() if class_name else main.name,
            subclass=main.subclass,
            level=level if level is not None else main.level,
        )
    elif class_name:
        classes = [ClassLevel(name=class_name.strip(), level=level or 1)]
    elif level is not None:
        raise InvalidInputError("Give the character a class along with a level.")
    return classes


def new_sheet(class_name: str | None, level: int | None, race: str | None) -> CharacterSheet:
    """The sheet of /character create: the given class, level and race, everything else default."""
    classes = (
        [ClassLevel(name=class_name.strip(), level=level or 1)] if class_name and class_name.strip() else []
    )
    if level is not None and not classes:
        raise InvalidInputError("Give the character a class along with a level.")
    return CharacterSheet(classes=classes, race=(race or "").strip() or None, hit_points=HitPoints())


def _require_owner_or_gm(row: Character, actor_id: int, actor_is_gm: bool) -> None:
    if not actor_is_gm and row.owner_id != actor_id:
        raise ForbiddenError("Only the character's player or a GM can change it.")


async def _view(session: AsyncSession, row: Character) -> CharacterDetails:
    campaign = await session.get(Campaign, row.campaign_id) if row.campaign_id else None
    return CharacterDetails.of(row, campaign.name if campaign else None)


async def _ensure_free_name(session: AsyncSession, guild_id: int, campaign_id: str | None, name: str) -> None:
    in_campaign = Character.campaign_id == campaign_id if campaign_id else Character.campaign_id.is_(None)
    where = "this campaign" if campaign_id else "this server (outside any campaign)"
    await ensure_name_free(
        session,
        Character.name,
        name,
        and_(Character.guild_id == guild_id, in_campaign),
        lambda taken: f"There is already a character called {taken} in {where}.",
    )


def _taken(name: str) -> str:
    return f"There is already a character called {name} in this campaign."
