"""Playing from a sheet: hit points, spell slots, rests, death saves and casting.

Each call is one unit of work on one character's row, loaded locked (``lock=True``): concurrent
changes of one sheet queue and none is lost. The game itself is in ``rules/combat``.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from pydantic import ValidationError
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.engine import Database
from db.models import Character, Combatant, Encounter
from db.schemas import CharacterSheet, HitDie, SlotLevel
from db.schemas import Pool as SheetPool
from db.services.base import Service
from db.services.characters import sheet_problems
from db.services.guild_settings import GuildSettingsService
from db.services.lookups import find_character
from db.services.spells import SpellDetails, SpellService, _visible_spell
from rules.combat import resources, spellcasting
from rules.combat.death_saves import DeathSaveResult, after_hp_change, death_save
from rules.combat.hit_points import HP, HPChange, HPKind, apply
from rules.dice.engine import RollOutcome
from rules.dice.engine import roll as roll_dice
from rules.errors import ForbiddenError, InvalidInputError, NotFoundError

RestKind = Literal["short", "long"]


@dataclass(frozen=True, slots=True)
class SheetChange:
    """A character after a change, and who may see it."""

    character_id: str
    name: str
    owner_id: int
    sheet: CharacterSheet


@dataclass(frozen=True, slots=True)
class HPResult(SheetChange):
    change: HPChange


@dataclass(frozen=True, slots=True)
class SlotResult(SheetChange):
    level: int
    action: resources.SlotAction


@dataclass(frozen=True, slots=True)
class RestResult(SheetChange):
    kind: RestKind
    hp_before: int
    hit_dice_rolls: tuple[RollOutcome, ...]
    healed: int


@dataclass(frozen=True, slots=True)
class DeathSaveOutcome(SheetChange):
    roll: RollOutcome
    result: DeathSaveResult


@dataclass(frozen=True, slots=True)
class CastResult(SheetChange):
    spell: SpellDetails
    slot_level: int | None  # None: no slot spent (a cantrip or a ritual)
    ritual: bool
    save_dc: int
    attack_bonus: int
    effect: spellcasting.SpellEffect | None
    roll: RollOutcome | None


def require_owner_or_gm(row: Character, actor_id: int, actor_is_gm: bool) -> None:
    if not actor_is_gm and row.owner_id != actor_id:
        raise ForbiddenError("Only the character's player or a GM can do that.")


def store_sheet(row: Character, sheet: dict[str, object]) -> CharacterSheet:
    """Validate and assign a changed sheet (a new value: SQLAlchemy does not see in-place changes)."""
    try:
        row.data = CharacterSheet.model_validate(sheet)
    except ValidationError as error:
        raise InvalidInputError(f"That change is not valid:\n{sheet_problems(error)}"[:1900]) from None
    return row.data


def change_hp(row: Character, amount: int, kind: HPKind, *, critical: bool = False) -> HPChange:
    """Apply damage, healing or temporary hit points to a locked character row's sheet.

    The death saves follow (rules.combat.death_saves.after_hp_change): damage at 0 fails them,
    massive damage kills, and back above 0 they reset.
    """
    sheet = row.data
    hp = sheet.hit_points
    change = apply(HP(hp.current, hp.max, hp.temp), amount, kind)
    successes, failures = after_hp_change(
        hp.current,
        hp.max,
        change.past_temp,
        sheet.death_saves.successes,
        sheet.death_saves.failures,
        revived=change.revived,
        critical=critical,
    )
    updates: dict[str, object] = {
        "hit_points": {"max": hp.max, "current": change.after.current, "temp": change.after.temp},
        "death_saves": {"successes": successes, "failures": failures},
    }
    store_sheet(row, {**sheet.model_dump(), **updates})
    return change


def _pools(pools: Mapping[HitDie, SheetPool] | Mapping[SlotLevel, SheetPool]) -> dict[str, resources.Pool]:
    return {key: resources.Pool(p.max, p.used) for key, p in pools.items()}


def _dumped(pools: dict[str, resources.Pool]) -> dict[str, dict[str, int]]:
    return {key: {"max": p.max, "used": p.used} for key, p in pools.items()}


class SheetPlayService(Service):
    def __init__(self, db: Database, spells: SpellService, guild_settings: GuildSettingsService) -> None:
        super().__init__(db)
        self.spells = spells
        self.guild_settings = guild_settings

    async def _locked(
        self, session: AsyncSession, guild_id: int, actor_id: int, actor_is_gm: bool, character: str
    ) -> Character:
        row = await find_character(session, guild_id, character, lock=True)
        require_owner_or_gm(row, actor_id, actor_is_gm)
        return row

    async def hp(
        self,
        guild_id: int,
        actor_id: int,
        actor_is_gm: bool,
        character: str,
        amount: int,
        kind: HPKind,
        *,
        critical: bool = False,
    ) -> HPResult:
        if amount < 0:
            raise InvalidInputError("The amount cannot be negative: use kind:heal or kind:damage.")
        async with self.db.transaction() as session:
            row = await self._locked(session, guild_id, actor_id, actor_is_gm, character)
            change = change_hp(row, amount, kind, critical=critical)
            return HPResult(row.id, row.name, row.owner_id, row.data, change)

    async def slots(
        self,
        guild_id: int,
        actor_id: int,
        actor_is_gm: bool,
        character: str,
        level: int,
        action: resources.SlotAction,
    ) -> SlotResult:
        async with self.db.transaction() as session:
            row = await self._locked(session, guild_id, actor_id, actor_is_gm, character)
            _spend(row, level, action)
            return SlotResult(row.id, row.name, row.owner_id, row.data, level, action)

    async def rest(
        self,
        guild_id: int,
        actor_id: int,
        actor_is_gm: bool,
        character: str,
        kind: RestKind,
        hit_dice: int = 0,
    ) -> RestResult:
        if hit_dice < 0:
            raise InvalidInputError("The number of hit dice cannot be negative.")
        if kind == "long" and hit_dice:
            raise InvalidInputError("Hit dice are spent on a short rest; a long rest gives some back.")
        async with self.db.transaction() as session:
            row = await self._locked(session, guild_id, actor_id, actor_is_gm, character)
            sheet = row.data
            before = sheet.hit_points.current
            dump = sheet.model_dump()
            rolls: list[RollOutcome] = []
            if kind == "long":
                dump["hit_points"] = {**dump["hit_points"], "current": sheet.hit_points.max, "temp": 0}
                dump["hit_dice"] = _dumped(resources.long_rest_hit_dice(_pools(sheet.hit_dice)))
                dump["death_saves"] = {"successes": 0, "failures": 0}
                if sheet.spellcasting is not None:
                    slots = sheet.spellcasting.slots.items()
                    dump["spellcasting"]["slots"] = {level: {"max": p.max, "used": 0} for level, p in slots}
            elif hit_dice:
                if sheet.hit_points.current == 0:
                    raise InvalidInputError("A character at 0 hit points cannot spend hit dice.")
                pools, spent = resources.spend_hit_dice(_pools(sheet.hit_dice), hit_dice)
                con = sheet.modifier("CON")
                rolls = [roll_dice(f"1{die}{con:+d}" if con else f"1{die}") for die in spent]
                gained = sum(max(0, r.total) for r in rolls)
                dump["hit_dice"] = _dumped(pools)
                current = min(sheet.hit_points.max, before + gained)
                dump["hit_points"] = {**dump["hit_points"], "current": current}
            stored = store_sheet(row, dump)
            healed = stored.hit_points.current - before
            return RestResult(row.id, row.name, row.owner_id, stored, kind, before, tuple(rolls), healed)

    async def death_save(
        self, guild_id: int, actor_id: int, actor_is_gm: bool, character: str
    ) -> DeathSaveOutcome:
        async with self.db.transaction() as session:
            row = await self._locked(session, guild_id, actor_id, actor_is_gm, character)
            sheet = row.data
            if sheet.hit_points.current > 0:
                raise InvalidInputError(f"{row.name} is not at 0 hit points: no death save to roll.")
            saves = sheet.death_saves
            if saves.failures >= 3:
                raise InvalidInputError(f"{row.name} is dead: three death saves failed.")
            if saves.successes >= 3:
                raise InvalidInputError(f"{row.name} is stable: no more death saves until hurt again.")
            outcome = roll_dice("1d20")
            result = death_save(outcome.total, saves.successes, saves.failures)
            dump = sheet.model_dump()
            dump["death_saves"] = {"successes": result.successes, "failures": result.failures}
            if result.regained_hp:
                dump["hit_points"] = {**dump["hit_points"], "current": result.regained_hp}
            stored = store_sheet(row, dump)
            return DeathSaveOutcome(row.id, row.name, row.owner_id, stored, outcome, result)

    async def cast(
        self,
        guild_id: int,
        actor_id: int,
        actor_is_gm: bool,
        character: str,
        spell: str,
        *,
        level: int | None = None,
        ritual: bool = False,
        channel_id: int | None = None,
    ) -> CastResult:
        """Spend the slot (none for a cantrip or ritual) and roll the spell's dice at that level.

        A concentration spell cast by a combatant of this channel's encounter marks it as
        concentrating on that spell, so damage to it reminds of the Constitution save.
        """
        ruleset = (await self.guild_settings.settings(guild_id)).ruleset
        found = self.spells.resolve(spell, guild_id, ruleset)
        if found.kind != "found":
            raise NotFoundError(f"No spell called “{spell[:100]}” here: pick one from the list.")
        async with self.db.transaction() as session:
            row = await self._locked(session, guild_id, actor_id, actor_is_gm, character)
            sheet = row.data
            casting = sheet.spellcasting
            if casting is None:
                raise InvalidInputError(f"{row.name}'s sheet has no spellcasting: import a sheet with it.")
            details = await _visible_spell(session, found.spell.id, guild_id)
            listed = {name.casefold() for name in (*casting.known, *casting.prepared)}
            if listed and details.name.casefold() not in listed:
                raise InvalidInputError(
                    f"{details.name} is not among {row.name}'s known or prepared spells: nothing was spent."
                )
            slot = spellcasting.slot_level_for(details.level, level, ritual, details.ritual)
            if slot is not None:
                _spend(row, slot, "use")
            modifier = sheet.modifier(casting.ability)
            effect = spellcasting.effect(
                spell_level=details.level,
                slot_level=slot or details.level,
                character_level=sheet.level,
                modifier=modifier,
                damage_at_slot_level=details.data.damage_at_slot_level,
                damage_at_character_level=details.data.damage_at_character_level,
                heal_at_slot_level=details.data.heal_at_slot_level,
                damage_dice=details.damage_dice,
            )
            outcome = roll_dice(effect.expression) if effect else None
            if details.concentration and channel_id is not None:
                in_channel = select(Encounter.id).where(Encounter.channel_id == channel_id)
                await session.execute(
                    update(Combatant)
                    .where(
                        Combatant.character_id == row.id,
                        Combatant.removed.is_(False),
                        Combatant.encounter_id.in_(in_channel.scalar_subquery()),
                    )
                    .values(concentration=details.name)
                )
            return CastResult(
                row.id,
                row.name,
                row.owner_id,
                row.data,
                details,
                slot,
                ritual,
                spellcasting.spell_save_dc(sheet.proficiency_bonus, modifier),
                spellcasting.spell_attack_bonus(sheet.proficiency_bonus, modifier),
                effect,
                outcome,
            )


def _spend(row: Character, level: int, action: resources.SlotAction) -> None:
    sheet = row.data
    slots = sheet.spellcasting.slots if sheet.spellcasting is not None else {}
    pool = resources.change_slot(_pools(slots), level, action)
    dump = sheet.model_dump()
    dump["spellcasting"]["slots"][str(level)] = {"max": pool.max, "used": pool.used}
    store_sheet(row, dump)
