"""Player characters: owned by a member, in a campaign of the guild (or none yet)."""

from dataclasses import dataclass, replace
from datetime import datetime

from pydantic import ValidationError
from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Campaign, Character
from db.schemas import CharacterFile, CharacterSheet
from db.schemas.character import MAX_LEVEL, ClassLevel, HitPoints
from db.services.base import Service
from db.services.lookups import (
    active_campaign_id,
    default_character,
    ensure_name_free,
    find_campaign,
    find_character,
    flush_unique,
    like_pattern,
)
from db.services.sheet_changes import sheet_changes
from rules.abilities import Ability
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
    changes: tuple[str, ...] = ()  # what an edit changed, in words ("AC 10 → 16"); empty otherwise

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
    return "\n".join(f"- {line}" for line in problems(error, root="sheet", model=CharacterFile))


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
            return await _view(session, await default_character(session, guild_id, owner_id))

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
        abilities: dict[Ability, int] | None = None,
        armor_class: int | None = None,
        speed: int | None = None,
    ) -> CharacterDetails:
        """The character changed as asked, with ``changes`` saying what changed."""
        abilities = {a: v for a, v in (abilities or {}).items() if v is not None}
        if not abilities and all(
            v is None for v in (name, class_name, level, race, hp, max_hp, armor_class, speed)
        ):
            raise InvalidInputError("Nothing to change: give at least one option to edit.")
        async with self.db.transaction() as session:
            row = await find_character(session, guild_id, character, lock=True)
            _require_owner_or_gm(row, actor_id, actor_is_gm)
            changes: list[str] = []
            if name is not None:
                name = clean_name(name, "character")
                if name.lower() != row.name.lower():
                    await _ensure_free_name(session, guild_id, row.campaign_id, name)
                if name != row.name:
                    changes.append(f"name {row.name} → {name}")
                row.name = name
            sheet = row.data
            updates: dict[str, object] = {}
            if class_name is not None or level is not None:
                classes, change = _classes_edited(sheet, class_name, level)
                updates["classes"] = [c.model_dump() for c in classes]
                updates["unclassed_level"] = None if classes else level
                changes.append(change)
            if race is not None:
                updates["race"] = race.strip() or None
                changes.append(f"race {sheet.race or 'none'} → {updates['race'] or 'none'}")
            if hp is not None or max_hp is not None:
                new_max = max_hp if max_hp is not None else sheet.hit_points.max
                new_current = hp if hp is not None else min(sheet.hit_points.current, new_max)
                updates["hit_points"] = {
                    "max": new_max,
                    "current": new_current,
                    "temp": sheet.hit_points.temp,
                }
                changes.append(
                    f"HP {sheet.hit_points.current}/{sheet.hit_points.max} → {new_current}/{new_max}"
                )
            if abilities:
                scores: dict[str, object] = sheet.abilities.model_dump()
                scores.update((a, v) for a, v in abilities.items())
                updates["abilities"] = scores
                changes += [f"{a} {getattr(sheet.abilities, a)} → {v}" for a, v in abilities.items()]
            if armor_class is not None:
                updates["armor_class"] = armor_class
                changes.append(f"AC {sheet.armor_class} → {armor_class}")
            if speed is not None:
                updates["speed"] = speed
                changes.append(f"speed {sheet.speed} → {speed} ft.")
            if updates:
                try:
                    row.data = CharacterSheet.model_validate({**sheet.model_dump(), **updates})
                except ValidationError as error:
                    raise InvalidInputError(f"That change is not valid:\n{sheet_problems(error)}") from None
            await flush_unique(session, _taken(row.name))
            return replace(await _view(session, row), changes=tuple(changes))

    async def replace_sheet(
        self,
        guild_id: int,
        actor_id: int,
        actor_is_gm: bool,
        character: str,
        name: str,
        sheet: CharacterSheet,
    ) -> CharacterDetails:
        """The character's name and sheet replaced by a file's, in place (its player or a GM).

        The id stays, and with it the owner, the campaign, NPC standings and logs, party places
        and combatants. The row is loaded locked: a /character hp at the same moment is applied
        either before (and then ``changes`` names the HP it replaced) or after, on the new sheet.
        """
        name = clean_name(name, "character")
        async with self.db.transaction() as session:
            row = await find_character(session, guild_id, character, lock=True)
            _require_owner_or_gm(row, actor_id, actor_is_gm)
            if name.lower() != row.name.lower():
                await _ensure_free_name(session, guild_id, row.campaign_id, name)
            changes = sheet_changes(row.name, row.data, name, sheet)
            row.name, row.data = name, sheet
            await flush_unique(session, _taken(name))
            return replace(await _view(session, row), changes=tuple(changes))

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


def _classes_edited(
    sheet: CharacterSheet, class_name: str | None, level: int | None
) -> tuple[list[ClassLevel], str]:
    """The classes after an edit of class and/or level, and the change in words.

    One class (or none): ``class`` renames it, ``level`` sets it. A multiclass sheet changes only the
    level of the class ``class`` names; anything else is refused, as it cannot tell which class is meant.
    """
    classes = list(sheet.classes)
    name = class_name.strip() if class_name else None
    if len(classes) > 1:
        index = next(
            (i for i, c in enumerate(classes) if name and c.name.casefold() == name.casefold()), None
        )
        if index is None or level is None:
            held = " / ".join(f"{c.name} {c.level}" for c in classes)
            raise InvalidInputError(
                f"This character has several classes ({held}): to change one's level, name it with "
                "`class:` and give its new `level:`, e.g. "
                f"`class:{classes[-1].name} level:{min(classes[-1].level + 1, MAX_LEVEL)}`. "
                "To rename, add or remove a class, import the whole sheet with /character import."
            )
        old = classes[index]
        classes[index] = ClassLevel(name=old.name, subclass=old.subclass, level=level)
        return classes, f"{old.name} {old.level} → {level}"
    if classes:
        old = classes[0]
        new_class = ClassLevel(name=name or old.name, subclass=old.subclass, level=level or old.level)
        return [new_class], f"{old.name} {old.level} → {new_class.name} {new_class.level}"
    if name:
        new_level = level or sheet.unclassed_level or 1
        return [ClassLevel(name=name, level=new_level)], f"class {name} {new_level}"
    return [], f"level {sheet.level} → {level}"


def new_sheet(class_name: str | None, level: int | None, race: str | None) -> CharacterSheet:
    """The sheet of /character create: the given class, level and race, everything else default.

    A level without a class is kept as the sheet's ``unclassed_level``, until a class takes it.
    """
    classes = (
        [ClassLevel(name=class_name.strip(), level=level or 1)] if class_name and class_name.strip() else []
    )
    return CharacterSheet(
        classes=classes,
        unclassed_level=level if not classes else None,
        race=(race or "").strip() or None,
        hit_points=HitPoints(),
    )


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
