"""Encounters: initiative, turns and rounds, hit points and conditions in a fight, one per channel.

Locks: whatever changes the order or the turn (join, add, next, end) locks the encounter's row;
whatever changes one combatant (hp, condition, remove, reveal, and next's ticking of the
combatant whose turn ends) locks that combatant's row, and a PC's character row after it. So
players damaging one monster at the same moment queue on its row and both count, while damage
to different combatants and a turn passing do not wait for each other.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import JSON, Row, and_, bindparam, delete, func, or_, select, type_coerce, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.engine import Database
from db.models import NPC, Campaign, Character, Combatant, Encounter, looks_like_id, new_id
from db.schemas import FightRecord, NPCInteractionData, StatBlock
from db.schemas.campaign import MAX_ITEMS as MAX_FIGHTS
from db.schemas.encounter import ActiveCondition
from db.services import encounter_hp, encounter_turn
from db.services.base import Service
from db.services.encounter_hp import NO_ENCOUNTER
from db.services.guild_settings import GuildSettingsService
from db.services.lookups import active_campaign_id, default_character, find_character, flush_unique
from db.services.npcs import InteractionEntry, log_interaction, npcs_in_guild, resolve_npc
from db.types import utcnow
from rules import limits
from rules.abilities import ability_modifier
from rules.combat import initiative as order
from rules.combat.hit_points import AMOUNT_MAX, HPChange, HPKind, concentration_dc
from rules.compendium import srd_conditions, srd_monsters
from rules.dice.engine import RollOutcome
from rules.dice.engine import roll as roll_dice
from rules.errors import ConflictError, ForbiddenError, InvalidInputError, NotFoundError
from rules.ruleset import Ruleset
from rules.text import clean_name

MAX_COMBATANTS = 60
CONCENTRATING = "Concentrating"
# Still fighting: not removed, and not a PC whose character was deleted (its reference went NULL).
_IN_FIGHT = and_(
    Combatant.removed.is_(False), or_(Combatant.kind != "pc", Combatant.character_id.is_not(None))
)


@dataclass(frozen=True, slots=True)
class MonsterTemplate:
    """What a monster's stat block brings to a fight."""

    name: str
    hit_points: int
    armor_class: int
    dex_modifier: int
    initiative_modifier: int


def monster_template(typed: str, ruleset: Ruleset) -> MonsterTemplate:
    """An SRD monster of the ruleset by slug (as autocomplete sends it) or name, any case."""
    wanted = typed.strip().casefold()
    for monster in srd_monsters(ruleset):
        if monster.slug == typed or monster.name.casefold() == wanted:
            return MonsterTemplate(
                monster.name,
                monster.hit_points,
                monster.armor_class,
                monster.dex_modifier,
                monster.initiative_modifier,
            )
    raise NotFoundError(f"No {ruleset} monster called “{typed[:100]}”: pick one from the list.")


def monster_choices(typed: str, ruleset: Ruleset) -> list[tuple[str, str]]:
    """(label, slug) of the ruleset's monsters whose name contains what was typed, 25 at most."""
    wanted = typed.strip().casefold()
    found = [m for m in srd_monsters(ruleset) if wanted in m.name.casefold()]
    found.sort(key=lambda m: (not m.name.casefold().startswith(wanted), m.name))
    return [(f"{m.name} (CR {m.cr}, {m.hit_points} HP)", m.slug) for m in found[:25]]


def condition_names(ruleset: Ruleset) -> list[str]:
    """The SRD's conditions of the ruleset, and concentration (not a condition, but tracked like one)."""
    return [*(c.name for c in srd_conditions(ruleset)), CONCENTRATING]


def condition_name(typed: str, ruleset: Ruleset) -> str:
    wanted = typed.strip().casefold()
    for name in condition_names(ruleset):
        if name.casefold() == wanted:
            return name
    raise InvalidInputError(f"“{typed[:50]}” is not a condition: pick one from the list.")


@dataclass(frozen=True, slots=True)
class CombatantView:
    id: str
    seq: int
    name: str
    kind: str
    owner_id: int | None
    character_id: str | None
    npc_id: str | None
    initiative: int
    dex_modifier: int
    hp: int
    max_hp: int
    temp_hp: int
    ac: int | None
    hidden: bool
    went_down: bool
    concentration: str | None
    conditions: tuple[ActiveCondition, ...]
    death_saves: tuple[int, int] = (0, 0)

    @property
    def key(self) -> order.OrderKey:
        return order.order_key(self.initiative, self.dex_modifier, self.seq)

    @property
    def is_pc(self) -> bool:
        return self.kind == "pc"

    @property
    def concentrating(self) -> bool:
        return self.concentration is not None or any(c.name == CONCENTRATING for c in self.conditions)


@dataclass(frozen=True, slots=True)
class EncounterView:
    id: str
    channel_id: int
    round: int
    combatants: tuple[CombatantView, ...]  # in initiative order, removed ones left out
    current: CombatantView | None

    def visible(self) -> tuple[CombatantView, ...]:
        return tuple(c for c in self.combatants if not c.hidden)


@dataclass(frozen=True, slots=True)
class Joined:
    combatants: tuple[CombatantView, ...]
    rolls: tuple[RollOutcome | None, ...]  # None where the initiative was given


@dataclass(frozen=True, slots=True)
class TurnResult:
    round: int
    new_round: bool
    current: CombatantView  # whose turn it is now
    ended: tuple[tuple[str, str, bool], ...]  # (combatant, condition, combatant hidden) that ran out


@dataclass(frozen=True, slots=True)
class CombatHP:
    target: CombatantView
    change: HPChange
    concentration_dc: int | None  # a concentrating combatant was damaged


@dataclass(frozen=True, slots=True)
class ConditionResult:
    target: CombatantView
    condition: str
    removed: bool
    rounds: int | None


@dataclass(frozen=True, slots=True)
class EncounterSummary:
    rounds: int
    went_down: tuple[str, ...]
    characters: tuple[str, ...]
    npcs_remembering: tuple[str, ...] = field(default_factory=tuple)


def _view(row: Combatant | Row[Any], character: Character | Row[Any] | None) -> CombatantView:
    """A combatant as shown; a PC's hit points, AC and death saves from its sheet (``data``)."""
    if character is not None:
        sheet = character.data
        hp, max_hp, temp = sheet.hit_points.current, sheet.hit_points.max, sheet.hit_points.temp
        ac: int | None = sheet.armor_class
        saves = (sheet.death_saves.successes, sheet.death_saves.failures)
    else:
        hp, max_hp, temp, ac, saves = row.hp or 0, row.max_hp or 1, row.temp_hp, row.ac, (0, 0)
    return CombatantView(
        id=row.id,
        seq=row.seq,
        name=row.name,
        kind=row.kind,
        owner_id=row.owner_id,
        character_id=row.character_id,
        npc_id=row.npc_id,
        initiative=row.initiative,
        dex_modifier=row.dex_modifier,
        hp=hp,
        max_hp=max_hp,
        temp_hp=temp,
        ac=ac,
        hidden=row.hidden,
        went_down=row.went_down,
        concentration=row.concentration,
        conditions=tuple(row.conditions),
        death_saves=saves,
    )


def _view_with_sheet(row: Row[Any]) -> CombatantView:
    """A combatant of ``_TURN_READ``: a PC's figures from the sheet's, read with it."""
    view = _view(row, None)
    if row.character_id is None:
        return view
    return replace(
        view,
        hp=row.sheet_hp or 0,
        max_hp=row.sheet_max_hp or 1,
        temp_hp=row.sheet_temp_hp or 0,
        ac=row.sheet_ac,
        death_saves=(row.sheet_successes or 0, row.sheet_failures or 0),
    )


def _turn_key(encounter: Any) -> order.OrderKey | None:  # an Encounter or a row of its columns
    if encounter.turn_seq is None or encounter.turn_initiative is None or encounter.turn_dex is None:
        return None
    return order.order_key(encounter.turn_initiative, encounter.turn_dex, encounter.turn_seq)


def _initiative_roll(modifier: int, advantage: bool) -> RollOutcome:
    dice = "2d20kh1" if advantage else "1d20"
    return roll_dice(f"{dice}{modifier:+d}" if modifier else dice)


class EncounterService(Service):
    def __init__(self, db: Database, guild_settings: GuildSettingsService | None = None) -> None:
        super().__init__(db)
        self.guild_settings = guild_settings or GuildSettingsService(db)

    def _ruleset(self, guild_id: int) -> Ruleset:
        # The guild's ruleset as this process knows it (no query); the compendium is per ruleset.
        return "2014" if self.guild_settings.known_ruleset(guild_id) == "2014" else "2024"

    def condition_choices(self, guild_id: int, typed: str) -> list[str]:
        wanted = typed.strip().casefold()
        return [n for n in condition_names(self._ruleset(guild_id)) if wanted in n.casefold()][:25]

    def monster_choices(self, guild_id: int, typed: str) -> list[tuple[str, str]]:
        return monster_choices(typed, self._ruleset(guild_id))

    # --- reads -----------------------------------------------------------------------------

    async def get(self, guild_id: int, channel_id: int) -> EncounterView:
        async with self.db.transaction(write=False) as session:
            encounter = await _encounter(session, guild_id, channel_id)
            return await _describe(session, encounter)

    async def targets(
        self, guild_id: int, channel_id: int, typed: str, *, viewer_is_gm: bool
    ) -> list[CombatantView]:
        """This encounter's combatants whose name contains what was typed (hidden ones for GMs only)."""
        wanted = typed.strip().casefold()
        async with self.db.transaction(write=False) as session:
            encounter = await _encounter(session, guild_id, channel_id)
            found = await _describe(session, encounter)
        return [
            c for c in found.combatants if wanted in c.name.casefold() and (viewer_is_gm or not c.hidden)
        ][:25]

    # --- the encounter ---------------------------------------------------------------------

    async def start(self, guild_id: int, channel_id: int, actor_id: int) -> EncounterView:
        async with self.db.transaction() as session:
            taken = await session.scalar(select(Encounter.id).where(Encounter.channel_id == channel_id))
            if taken is not None:
                raise ConflictError(_already())
            row = Encounter(
                guild_id=guild_id,
                channel_id=channel_id,
                campaign_id=await active_campaign_id(session, guild_id),
                started_by=actor_id,
            )
            session.add(row)
            await flush_unique(session, _already())
            return EncounterView(row.id, channel_id, 0, (), None)

    async def join(
        self,
        guild_id: int,
        channel_id: int,
        actor_id: int,
        actor_is_gm: bool,
        character: str | None,
        *,
        initiative: int | None = None,
        advantage: bool = False,
    ) -> Joined:
        async with self.db.transaction() as session:
            encounter = await _encounter(session, guild_id, channel_id, lock=True)
            if character is None:
                hero = await default_character(session, guild_id, actor_id)
            else:
                hero = await find_character(session, guild_id, character)
            if not actor_is_gm and hero.owner_id != actor_id:
                raise ForbiddenError("You can join only with your own character.")
            rows = await _active_rows(session, encounter.id)
            if any(r.character_id == hero.id for r in rows):
                raise ConflictError(f"{hero.name} is already in this encounter.")
            _room_for(rows, 1)
            modifier = hero.data.initiative_modifier
            outcome = None if initiative is not None else _initiative_roll(modifier, advantage)
            row = Combatant(
                id=new_id(),
                encounter_id=encounter.id,
                seq=_next_seq(encounter),
                name=_free_name(hero.name, rows),
                kind="pc",
                character_id=hero.id,
                owner_id=hero.owner_id,
                initiative=initiative if initiative is not None else outcome.total,  # type: ignore[union-attr]
                dex_modifier=hero.data.modifier("DEX"),
            )
            session.add(row)
            await session.flush()
            return Joined((_view(row, hero),), (outcome,))

    async def add(
        self,
        guild_id: int,
        channel_id: int,
        name: str,
        *,
        monster: str | None = None,
        npc: str | None = None,
        count: int = 1,
        initiative: int | None = None,
        hp: int | None = None,
        ac: int | None = None,
        hidden: bool = False,
    ) -> Joined:
        """Plain combatants, ``count`` of a monster ("Goblin 1"...), or an NPC with its stat block."""
        name = clean_name(name, "combatant")
        if not 1 <= count <= 20:
            raise InvalidInputError("Add 1 to 20 combatants at once.")
        if monster is not None and npc is not None:
            raise InvalidInputError("Give a monster or an NPC, not both.")
        for value, what in ((hp, "hp"), (ac, "ac")):
            if value is not None and not 0 <= value <= limits.HP_MAX * 10:
                raise InvalidInputError(f"{what} must be between 0 and {limits.HP_MAX * 10}.")
        if hp == 0:
            raise InvalidInputError("A combatant joins with at least 1 hit point.")
        template = monster_template(monster, self._ruleset(guild_id)) if monster is not None else None
        async with self.db.transaction() as session:
            encounter = await _encounter(session, guild_id, channel_id, lock=True)
            npc_row: Any = None
            stats: StatBlock | None = None
            if npc is not None:
                if count != 1:
                    raise InvalidInputError("An NPC is one person: add it with count 1.")
                npc_row = await resolve_npc(
                    session, guild_id, npc, npcs_in_guild(guild_id, NPC.id, NPC.name, NPC.stats)
                )
                stats = npc_row.stats
            max_hp = hp or (template.hit_points if template else stats.hit_points if stats else None)
            if max_hp is None:
                raise InvalidInputError("Give hp: this combatant has no stat block to take it from.")
            armour = (
                ac
                if ac is not None
                else (template.armor_class if template else stats.armor_class if stats else None)
            )
            dex = template.dex_modifier if template else ability_modifier(stats.abilities.DEX) if stats else 0
            bonus = template.initiative_modifier if template else dex
            rows = await _active_rows(session, encounter.id)
            if npc_row is not None and any(r.npc_id == npc_row.id for r in rows):
                raise ConflictError(f"{npc_row.name} is already in this encounter.")
            _room_for(rows, count)
            added: list[Combatant] = []
            rolls: list[RollOutcome | None] = []
            for combatant_name in order.numbered_names(name, count, [r.name for r in rows]):
                outcome = None if initiative is not None else _initiative_roll(bonus, False)
                row = Combatant(
                    id=new_id(),
                    encounter_id=encounter.id,
                    seq=_next_seq(encounter),
                    name=combatant_name,
                    kind="npc" if npc_row is not None else "monster" if template else "other",
                    npc_id=npc_row.id if npc_row is not None else None,
                    monster=template.name if template else None,
                    initiative=initiative if initiative is not None else outcome.total,  # type: ignore[union-attr]
                    dex_modifier=dex,
                    hp=max_hp,
                    max_hp=max_hp,
                    ac=armour,
                    hidden=hidden,
                    stats=stats,
                )
                session.add(row)
                added.append(row)
                rolls.append(outcome)
            await session.flush()
            return Joined(tuple(_view(r, None) for r in added), tuple(rolls))

    async def next_turn(self, guild_id: int, channel_id: int, actor_id: int, actor_is_gm: bool) -> TurnResult:
        """The turn passes: the ending combatant's conditions tick, the next one acts, rounds count.

        PostgreSQL: one statement in autocommit (db/services/encounter_turn.py) unless the
        ending combatant's conditions tick. Otherwise, under the encounter's lock: one read (its
        turn, the order, the PCs' sheet figures), the ticking under the combatant's lock, one
        write of the turn.
        """
        if self.db.backend == "postgresql":
            moved = await encounter_turn.try_next(self.db, guild_id, channel_id, actor_id, actor_is_gm)
            if moved is not None:
                return TurnResult(moved.moved_round, moved.new_round, _view_with_sheet(moved), ())
        async with self.db.transaction() as session:
            conn = await session.connection()
            found = (await conn.execute(_TURN_READ, {"guild": guild_id, "channel": channel_id})).all()
            if not found:
                raise NotFoundError(NO_ENCOUNTER)
            encounter = found[0]
            rows = sorted(
                (r for r in found if r.id is not None),
                key=lambda r: order.order_key(r.initiative, r.dex_modifier, r.seq),
            )
            if not rows:
                raise InvalidInputError("Nobody is in this encounter yet: /init join or /init add first.")
            keys = [order.order_key(r.initiative, r.dex_modifier, r.seq) for r in rows]
            turn_key = _turn_key(encounter)
            ending = next((r for r, k in zip(rows, keys, strict=True) if k == turn_key), None)
            if not actor_is_gm and (ending is None or ending.owner_id != actor_id):
                raise ForbiddenError("Only the GM or the player whose turn it is can end the turn.")
            ended: list[tuple[str, str, bool]] = []
            if ending is not None and any(c.rounds is not None for c in ending.conditions):
                # The conditions read above were not locked (/init condition locks only the
                # combatant): tick them from the locked row.
                row = await _locked_combatant(session, ending.id)
                if row is not None:
                    kept, gone = order.tick(order.Timed(c.name, c.rounds) for c in row.conditions)
                    row.conditions = [ActiveCondition(name=c.name, rounds=c.rounds) for c in kept]
                    ended = [(row.name, name, row.hidden) for name in gone]
                    await session.flush()
            turn = order.next_turn(keys, turn_key, encounter.round)
            current = rows[turn.index]
            await conn.execute(
                _SET_TURN,
                {
                    "row": encounter.encounter,
                    "new_round": turn.round,
                    "new_initiative": current.initiative,
                    "new_dex": current.dex_modifier,
                    "new_seq": current.seq,
                },
            )
            return TurnResult(turn.round, turn.new_round, _view_with_sheet(current), tuple(ended))

    async def hp(
        self,
        guild_id: int,
        channel_id: int,
        actor_id: int,
        actor_is_gm: bool,
        target: str,
        amount: int,
        kind: HPKind = "damage",
        *,
        critical: bool = False,
    ) -> CombatHP:
        """A combatant's hit points (a PC's are its sheet's): one statement on PostgreSQL, in
        autocommit; three hops on SQLite (db/services/encounter_hp.py). ``critical``: the damage
        is a critical hit's (two death save failures at 0 hit points)."""
        if amount < 0:
            raise InvalidInputError("The amount cannot be negative: use kind:heal or kind:damage.")
        if amount > AMOUNT_MAX:
            raise InvalidInputError(f"The amount is at most {AMOUNT_MAX:,}.")
        if kind == "set":
            raise InvalidInputError("In a fight the kind is damage, heal or temp.")
        request = encounter_hp.HPRequest(
            guild_id, channel_id, actor_id, actor_is_gm, target, amount, kind, critical
        )
        if self.db.backend == "postgresql":
            applied = await encounter_hp.apply_postgresql(self.db, request)
        else:
            async with self.db.transaction() as session:
                applied = await encounter_hp.apply_sqlite(await session.connection(), request)
        change = applied.change
        view = replace(
            _view(applied.row, None),
            hp=change.after.current,
            max_hp=change.after.max,
            temp_hp=change.after.temp,
            ac=applied.ac,
            death_saves=applied.death_saves,
        )
        dc = concentration_dc(change.damage_taken) if view.concentrating and change.damage_taken else None
        return CombatHP(view, change, dc)

    async def condition(
        self,
        guild_id: int,
        channel_id: int,
        actor_id: int,
        actor_is_gm: bool,
        target: str,
        condition: str,
        *,
        rounds: int | None = None,
        remove: bool = False,
    ) -> ConditionResult:
        name = condition_name(condition, self._ruleset(guild_id))
        if rounds is not None and not 1 <= rounds <= 1000:
            raise InvalidInputError("A duration is 1 to 1000 rounds (leave it out: until removed).")
        async with self.db.transaction() as session:
            encounter = await _encounter(session, guild_id, channel_id)
            row = await _target(session, encounter.id, target, actor_is_gm, lock=True)
            _require_owner_of_pc(row, actor_id, actor_is_gm)
            others = [c for c in row.conditions if c.name.casefold() != name.casefold()]
            if remove:
                if len(others) == len(row.conditions):
                    raise InvalidInputError(f"{row.name} is not {name}.")
                row.conditions = others
                if name == CONCENTRATING:
                    row.concentration = None
            else:
                row.conditions = [*others, ActiveCondition(name=name, rounds=rounds)]
            await session.flush()
            character = await _character_of(session, row)
            return ConditionResult(_view(row, character), name, remove, rounds)

    async def remove(
        self, guild_id: int, channel_id: int, actor_id: int, actor_is_gm: bool, target: str
    ) -> CombatantView:
        async with self.db.transaction() as session:
            encounter = await _encounter(session, guild_id, channel_id)
            row = await _target(session, encounter.id, target, actor_is_gm, lock=True)
            _require_owner_of_pc(row, actor_id, actor_is_gm)
            if not actor_is_gm and row.kind != "pc":
                raise ForbiddenError("Only the GM can remove a monster or an NPC.")
            row.removed = True
            await session.flush()
            return _view(row, await _character_of(session, row))

    async def reveal(self, guild_id: int, channel_id: int, target: str) -> CombatantView:
        async with self.db.transaction() as session:
            encounter = await _encounter(session, guild_id, channel_id)
            row = await _target(session, encounter.id, target, True, lock=True)
            if not row.hidden:
                raise InvalidInputError(f"{row.name} is not hidden.")
            row.hidden = False
            await session.flush()
            return _view(row, await _character_of(session, row))

    async def end(self, guild_id: int, channel_id: int, actor_id: int) -> EncounterSummary:
        """Close the encounter: its summary, and a ``combat`` entry in each fighting NPC's log."""
        async with self.db.transaction() as session:
            encounter = await _encounter(session, guild_id, channel_id, lock=True)
            rows = list(
                await session.scalars(
                    select(Combatant).where(Combatant.encounter_id == encounter.id).order_by(Combatant.seq)
                )
            )
            # A combatant still hidden was never seen: the public summary, the NPC logs and the
            # recap's fight (all read by players) leave it out, as they would its name.
            seen = [r for r in rows if not r.hidden]
            characters = [r.name for r in seen if r.kind == "pc"]
            went_down = [r.name for r in seen if r.went_down]
            remembering: list[str] = []
            for row in seen:
                if row.npc_id is None:
                    continue
                remembering.append(row.name)
                await log_interaction(
                    session, _combat_entry(row, characters, encounter, actor_id), _combat_data()
                )
            await session.execute(delete(Encounter).where(Encounter.id == encounter.id))
            await _remember_fight(session, encounter, [r.name for r in seen], went_down)
            return EncounterSummary(encounter.round, tuple(went_down), tuple(characters), tuple(remembering))


# --- helpers -------------------------------------------------------------------------------


async def _remember_fight(
    session: AsyncSession, encounter: Encounter, fighters: list[str], downed: list[str]
) -> None:
    """Keep the fight in its campaign's log of fights, for the recap of the session it ended in."""
    if encounter.campaign_id is None:
        return
    campaign = await session.get(Campaign, encounter.campaign_id, with_for_update=True)
    if campaign is None:
        return
    fight = FightRecord(ended_at=utcnow(), rounds=encounter.round, fighters=fighters, downed=downed)
    fights = [*campaign.data.fights, fight][-MAX_FIGHTS:]
    campaign.data = campaign.data.model_copy(update={"fights": fights})


def _already() -> str:
    return "This channel already has an encounter: a GM ends it with /init end first."


async def _encounter(
    session: AsyncSession, guild_id: int, channel_id: int, *, lock: bool = False
) -> Encounter:
    query = select(Encounter).where(Encounter.channel_id == channel_id, Encounter.guild_id == guild_id)
    found = await session.scalar(query.with_for_update() if lock else query)
    if found is None:
        raise NotFoundError(NO_ENCOUNTER)
    return found


async def _active_rows(session: AsyncSession, encounter_id: str) -> list[Combatant]:
    query = select(Combatant).where(Combatant.encounter_id == encounter_id, _IN_FIGHT)
    return list(await session.scalars(query))


async def _describe(session: AsyncSession, encounter: Encounter) -> EncounterView:
    """The encounter in order, PCs' hit points from their sheets (one query for all of them)."""
    found = await session.execute(
        select(Combatant, Character)
        .outerjoin(Character, Character.id == Combatant.character_id)
        .where(Combatant.encounter_id == encounter.id, _IN_FIGHT)
    )
    combatants = sorted((_view(row, character) for row, character in found), key=lambda c: c.key)
    key = _turn_key(encounter)
    current = next((c for c in combatants if c.key == key), None) if key is not None else None
    return EncounterView(encounter.id, encounter.channel_id, encounter.round, tuple(combatants), current)


async def _locked_combatant(session: AsyncSession, combatant_id: str) -> Combatant | None:
    return await session.get(Combatant, combatant_id, with_for_update=True, populate_existing=True)


async def _target(
    session: AsyncSession, encounter_id: str, target: str, viewer_is_gm: bool, *, lock: bool
) -> Combatant:
    """A combatant of this encounter by id (autocomplete) or name; a hidden one only for the GM."""
    query = select(Combatant).where(Combatant.encounter_id == encounter_id, _IN_FIGHT)
    if lock:
        query = query.with_for_update()
    row = None
    if looks_like_id(target):
        row = await session.scalar(query.where(Combatant.id == target))
    if row is None:
        row = await session.scalar(query.where(func.lower(Combatant.name) == target.strip().lower()))
    if row is None or (row.hidden and not viewer_is_gm):
        raise NotFoundError(f"Nobody called “{target[:100]}” is in this encounter.")
    return row


async def _character_of(session: AsyncSession, row: Combatant) -> Character | None:
    return await session.get(Character, row.character_id) if row.character_id else None


def _require_owner_of_pc(row: Combatant, actor_id: int, actor_is_gm: bool) -> None:
    if row.kind == "pc" and not actor_is_gm and row.owner_id != actor_id:
        raise ForbiddenError("Only the character's player or a GM can do that.")


def _room_for(rows: Sequence[Combatant], count: int) -> None:
    if len(rows) + count > MAX_COMBATANTS:
        raise InvalidInputError(f"An encounter holds at most {MAX_COMBATANTS} combatants.")


def _next_seq(encounter: Encounter) -> int:
    seq = encounter.next_seq
    encounter.next_seq = seq + 1
    return seq


def _free_name(name: str, rows: Sequence[Combatant]) -> str:
    return order.numbered_names(name, 1, [r.name for r in rows])[0]


def _combat_entry(
    row: Combatant, characters: list[str], encounter: Encounter, logged_by: int
) -> InteractionEntry:
    foes = ", ".join(characters) if characters else "no player characters"
    rounds = f"{encounter.round} round{'s' if encounter.round != 1 else ''}"
    fate = " and went down" if row.went_down else ""
    summary = f"Fought {foes} for {rounds}{fate}."[: limits.INTERACTION_SUMMARY]
    return InteractionEntry(
        id=new_id(),
        npc_id=row.npc_id or "",
        interaction_type="combat",
        summary=summary,
        outcome=None,
        relationship_change=0,
        timestamp=utcnow(),
        logged_by=logged_by,
        character_id=None,
        character_name=None,
        character_removed=False,
    )


def _combat_data() -> NPCInteractionData:
    return NPCInteractionData()


# --- statements of the hot paths (/init hp, /init next), built once -------------------------

_COMBATANT_COLUMNS = tuple(c for c in Combatant.__table__.c if c.key != "stats")
_SHEET_HP = type_coerce(Character.data, JSON)["hit_points"]
_SHEET_SAVES = type_coerce(Character.data, JSON)["death_saves"]
# /init next's one read, under the encounter's lock: the encounter's turn, every combatant still
# fighting (none: one row of NULLs) and the figures of each PC's sheet it may show.
_TURN_READ = (
    select(
        Encounter.id.label("encounter"),
        Encounter.round,
        Encounter.turn_initiative,
        Encounter.turn_dex,
        Encounter.turn_seq,
        *_COMBATANT_COLUMNS,
        _SHEET_HP["current"].as_integer().label("sheet_hp"),
        _SHEET_HP["max"].as_integer().label("sheet_max_hp"),
        _SHEET_HP["temp"].as_integer().label("sheet_temp_hp"),
        type_coerce(Character.data, JSON)["armor_class"].as_integer().label("sheet_ac"),
        _SHEET_SAVES["successes"].as_integer().label("sheet_successes"),
        _SHEET_SAVES["failures"].as_integer().label("sheet_failures"),
    )
    .select_from(Encounter)
    .outerjoin(Combatant, and_(Combatant.encounter_id == Encounter.id, _IN_FIGHT))
    .outerjoin(Character, Character.id == Combatant.character_id)
    .where(Encounter.guild_id == bindparam("guild"), Encounter.channel_id == bindparam("channel"))
    .with_for_update(of=Encounter)
)
_SET_TURN = (
    update(Encounter)
    .where(Encounter.id == bindparam("row"))
    .values(
        round=bindparam("new_round"),
        turn_initiative=bindparam("new_initiative"),
        turn_dex=bindparam("new_dex"),
        turn_seq=bindparam("new_seq"),
        updated_at=func.now(),
    )
)
