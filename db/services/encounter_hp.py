"""``/init hp`` in as few round trips as each database allows, never losing a concurrent change.

PostgreSQL: one statement in autocommit. It finds the combatant in the channel's encounter and
locks it (``FOR UPDATE``: the latest version, after any writer before it), and either updates a
monster's hit points or, for a PC, locks its character and rewrites the sheet's ``hit_points``
and ``death_saves`` objects, with the arithmetic in SQL. The arithmetic mirrors
``rules.combat.hit_points.apply`` and ``rules.combat.death_saves.after_hp_change``; the tests
compare the two on both databases.

SQLite: in the writer's transaction (BEGIN IMMEDIATE rides with the first statement): the
combatant and its sheet's figures in one statement, the change computed by ``rules.combat``,
one UPDATE (a PC's sheet through ``json_set``, not the whole sheet), COMMIT: three thread hops.

Neither path loads a sheet through the ORM.
"""

from dataclasses import dataclass
from typing import Any, NoReturn

from sqlalchemy import Row, TextualSelect, bindparam, text
from sqlalchemy.ext.asyncio import AsyncConnection

from db.engine import Database
from db.models import looks_like_id
from db.schemas.encounter import ActiveCondition
from db.types import PydanticJSON, UTCDateTime, utcnow
from rules import limits
from rules.combat.death_saves import after_hp_change
from rules.combat.hit_points import HP, HPChange, HPKind, apply
from rules.errors import ForbiddenError, InvalidInputError, NotFoundError

NO_ENCOUNTER = "No encounter in this channel: a GM starts one with /init start."
SHEET_TEMP_MAX = limits.HP_MAX  # db.schemas.character.HitPoints.temp


@dataclass(frozen=True, slots=True)
class Applied:
    """The combatant's row (its columns as before the change), the change, and a PC's saves after."""

    row: Any
    change: HPChange
    ac: int | None
    death_saves: tuple[int, int]


def not_found(target: str) -> NotFoundError:
    return NotFoundError(f"Nobody called “{target[:100]}” is in this encounter.")


def _params(guild_id: int, channel_id: int, target: str) -> dict[str, Any]:
    return {
        "guild": guild_id,
        "channel": channel_id,
        "target_id": target if looks_like_id(target) else None,
        "target_name": target.strip().lower(),
    }


# A combatant of the channel's encounter by id (what autocomplete sends) or name, the id first.
# A PC whose character was deleted (character_id set to NULL) has left the fight.
_TARGET_COLUMNS = (
    "c.id, c.seq, c.name, c.kind, c.owner_id, c.character_id, c.npc_id, c.initiative, c.dex_modifier,"
    " c.hp, c.max_hp, c.temp_hp, c.ac, c.hidden, c.went_down, c.concentration, c.conditions"
)
_TARGET_WHERE = """
    e.guild_id = :guild AND e.channel_id = :channel AND NOT c.removed
    AND NOT (c.kind = 'pc' AND c.character_id IS NULL)
    AND (c.id = :target_id OR lower(c.name) = :target_name)
"""
_TARGET_ORDER = "ORDER BY coalesce(c.id = :target_id, false) DESC LIMIT 1"
_HAS_ENCOUNTER = text("SELECT 1 FROM encounters WHERE guild_id = :guild AND channel_id = :channel")


def _hp_sql(kind: HPKind, cur: str, mx: str, tmp: str) -> tuple[str, str, str]:
    """SQL for (hit points, temporary ones, damage past the temporary ones) after the change."""
    if kind == "damage":
        absorbed = f"least({tmp}, :amount)"
        lost = f"(:amount - {absorbed})"
        return f"greatest(0, {cur} - {lost})", f"({tmp} - {absorbed})", lost
    if kind == "heal":
        return f"least({mx}, {cur} + :amount)", tmp, "0"
    return cur, f"greatest({tmp}, :amount)", "0"  # temp: the larger grant is kept


def _postgresql(kind: HPKind) -> TextualSelect:
    mon_hp, mon_temp, _ = _hp_sql(kind, "coalesce(c.hp, 0)", "coalesce(c.max_hp, 1)", "c.temp_hp")
    pc_hp, pc_temp, pc_lost = _hp_sql(kind, "s.cur", "s.mx", "s.tmp")
    sql = f"""
WITH target AS (
    SELECT {_TARGET_COLUMNS}
    FROM encounter_combatants c JOIN encounters e ON e.id = c.encounter_id
    WHERE {_TARGET_WHERE}
    {_TARGET_ORDER}
    FOR UPDATE OF c
),
mon AS (
    UPDATE encounter_combatants c
    SET hp = {mon_hp}, temp_hp = {mon_temp},
        went_down = c.went_down OR (coalesce(c.hp, 0) > 0 AND {mon_hp} = 0)
    FROM target t
    WHERE c.id = t.id AND t.character_id IS NULL AND (:gm OR NOT t.hidden)
    RETURNING c.hp AS new_hp, c.temp_hp AS new_temp
),
locked AS (
    -- The sheet parsed once (each operator on a json column parses its text again). Locked,
    -- so it is the latest version, and stays so until this statement commits.
    SELECT ch.id, ch.owner_id, ch.data::jsonb AS j
    FROM characters ch JOIN target t ON ch.id = t.character_id
    WHERE ch.guild_id = :guild AND (:gm OR NOT t.hidden)
    FOR UPDATE OF ch
),
sheet AS (
    SELECT l.id, l.owner_id, l.j, (:gm OR l.owner_id = :actor) AS allowed,
        (l.j -> 'hit_points' ->> 'current')::int AS cur,
        (l.j -> 'hit_points' ->> 'max')::int AS mx,
        coalesce((l.j -> 'hit_points' ->> 'temp')::int, 0) AS tmp,
        coalesce((l.j -> 'death_saves' ->> 'successes')::int, 0) AS sv_s,
        coalesce((l.j -> 'death_saves' ->> 'failures')::int, 0) AS sv_f,
        (l.j ->> 'armor_class')::int AS sheet_ac
    FROM locked l
),
calc AS (
    SELECT s.*, {pc_hp} AS ncur, {pc_temp} AS ntmp, {pc_lost} AS lost FROM sheet s
),
saves AS (
    SELECT k.*,
        CASE WHEN k.cur = 0 AND k.ncur > 0 THEN 0
             WHEN k.lost > 0 AND k.cur = 0 AND k.sv_s >= 3 THEN 0
             ELSE k.sv_s END AS ns,
        CASE WHEN k.cur = 0 AND k.ncur > 0 THEN 0
             WHEN k.lost <= 0 THEN k.sv_f
             WHEN k.cur > 0 THEN CASE WHEN k.lost - k.cur >= k.mx THEN 3 ELSE k.sv_f END
             WHEN k.lost >= k.mx THEN 3
             ELSE least(3, k.sv_f + :fails) END AS nf
    FROM calc k
),
pc AS (
    UPDATE characters ch
    SET data = jsonb_set(
            jsonb_set(
                v.j, '{{hit_points}}',
                coalesce(v.j -> 'hit_points', '{{}}'::jsonb)
                    || jsonb_build_object('current', v.ncur, 'temp', v.ntmp)
            ),
            '{{death_saves}}',
            coalesce(v.j -> 'death_saves', '{{}}'::jsonb)
                || jsonb_build_object('successes', v.ns, 'failures', v.nf)
        )::json,
        updated_at = :now
    FROM saves v
    WHERE ch.id = v.id AND v.allowed AND v.ntmp <= {SHEET_TEMP_MAX}
    RETURNING ch.id AS written
),
down AS (
    UPDATE encounter_combatants c SET went_down = true
    FROM target t, saves v, pc
    WHERE c.id = t.id AND v.cur > 0 AND v.ncur = 0 AND NOT t.went_down
)
SELECT t.*, mon.new_hp, mon.new_temp, v.allowed, v.cur, v.mx, v.tmp, v.sv_s, v.sv_f,
    v.ns, v.nf, v.sheet_ac, pc.written
FROM target t LEFT JOIN mon ON true LEFT JOIN saves v ON true LEFT JOIN pc ON true
"""
    return text(sql).bindparams(_NOW).columns(conditions=PydanticJSON(list[ActiveCondition]))


@dataclass(frozen=True, slots=True)
class HPRequest:
    """One /init hp: who asks, in which channel, for which combatant, and the change."""

    guild_id: int
    channel_id: int
    actor_id: int
    actor_is_gm: bool
    target: str
    amount: int
    kind: HPKind
    critical: bool


_NOW = bindparam("now", type_=UTCDateTime())
_PG: dict[HPKind, TextualSelect] = {kind: _postgresql(kind) for kind in ("damage", "heal", "temp")}


async def apply_postgresql(db: Database, request: HPRequest) -> Applied:
    """One statement, its own transaction (``Database.one_statement``)."""
    params = {
        **_params(request.guild_id, request.channel_id, request.target),
        "gm": request.actor_is_gm,
        "actor": request.actor_id,
        "amount": request.amount,
        "fails": 2 if request.critical else 1,
        "now": utcnow(),
    }
    rows = await db.one_statement(_PG[request.kind], params)
    if not rows or (rows[0].hidden and not request.actor_is_gm):
        async with db.transaction(write=False) as session:
            await _missing(await session.connection(), request.guild_id, request.channel_id, request.target)
    row = rows[0]
    if row.character_id is None:
        before = HP(row.hp or 0, row.max_hp or 1, row.temp_hp)
        after = HP(row.new_hp, row.max_hp or 1, row.new_temp)
        return Applied(row, HPChange(before, after, request.kind, request.amount), row.ac, (0, 0))
    if row.cur is None:  # the character was deleted in the meantime
        raise not_found(request.target)
    if not row.allowed:
        raise ForbiddenError("Only the character's player or a GM can do that.")
    if row.written is None:
        raise InvalidInputError(f"A sheet holds at most {SHEET_TEMP_MAX} temporary hit points.")
    before = HP(row.cur, row.mx, row.tmp)
    after = apply(
        before, request.amount, request.kind
    ).after  # what the statement wrote (the same arithmetic)
    return Applied(row, HPChange(before, after, request.kind, request.amount), row.sheet_ac, (row.ns, row.nf))


_SQLITE_TARGET = text(
    f"""
SELECT {_TARGET_COLUMNS}, ch.owner_id AS sheet_owner,
    json_extract(ch.data, '$.hit_points.current') AS cur,
    json_extract(ch.data, '$.hit_points.max') AS mx,
    coalesce(json_extract(ch.data, '$.hit_points.temp'), 0) AS tmp,
    coalesce(json_extract(ch.data, '$.death_saves.successes'), 0) AS sv_s,
    coalesce(json_extract(ch.data, '$.death_saves.failures'), 0) AS sv_f,
    json_extract(ch.data, '$.armor_class') AS sheet_ac
FROM encounter_combatants c JOIN encounters e ON e.id = c.encounter_id
LEFT JOIN characters ch ON ch.id = c.character_id AND ch.guild_id = :guild
WHERE {_TARGET_WHERE}
{_TARGET_ORDER}
"""
).columns(conditions=PydanticJSON(list[ActiveCondition]))
_SQLITE_MONSTER = text(
    "UPDATE encounter_combatants SET hp = :hp, temp_hp = :temp, went_down = went_down OR :down WHERE id = :id"
)
_SQLITE_SHEET = text(
    "UPDATE characters SET data = json_set(data, '$.hit_points.current', :hp, '$.hit_points.temp', :temp,"
    " '$.death_saves.successes', :successes, '$.death_saves.failures', :failures), updated_at = :now"
    " WHERE id = :id"
).bindparams(_NOW)
_SQLITE_WENT_DOWN = text("UPDATE encounter_combatants SET went_down = 1 WHERE id = :id")


async def apply_sqlite(conn: AsyncConnection, request: HPRequest) -> Applied:
    """In the writer's transaction: SQLite has one writer at a time, so read, compute, write."""
    found = (
        await conn.execute(_SQLITE_TARGET, _params(request.guild_id, request.channel_id, request.target))
    ).first()
    row = await _found(conn, found, request.guild_id, request.channel_id, request.target, request.actor_is_gm)
    if row.character_id is None:
        change = apply(HP(row.hp or 0, row.max_hp or 1, row.temp_hp), request.amount, request.kind)
        await conn.execute(
            _SQLITE_MONSTER,
            {
                "id": row.id,
                "hp": change.after.current,
                "temp": change.after.temp,
                "down": change.dropped_to_zero,
            },
        )
        return Applied(row, change, row.ac, (0, 0))
    if row.cur is None:
        raise not_found(request.target)
    if not request.actor_is_gm and row.sheet_owner != request.actor_id:
        raise ForbiddenError("Only the character's player or a GM can do that.")
    change = apply(HP(row.cur, row.mx, row.tmp), request.amount, request.kind)
    if change.after.temp > SHEET_TEMP_MAX:
        raise InvalidInputError(f"A sheet holds at most {SHEET_TEMP_MAX} temporary hit points.")
    saves = after_hp_change(
        row.cur,
        row.mx,
        change.past_temp,
        row.sv_s,
        row.sv_f,
        revived=change.revived,
        critical=request.critical,
    )
    values = {"hp": change.after.current, "temp": change.after.temp, "now": utcnow()}
    await conn.execute(
        _SQLITE_SHEET, {**values, "successes": saves[0], "failures": saves[1], "id": row.character_id}
    )
    if change.dropped_to_zero and not row.went_down:
        await conn.execute(_SQLITE_WENT_DOWN, {"id": row.id})
    return Applied(row, change, row.sheet_ac, saves)


async def _found(
    conn: AsyncConnection,
    row: Row[Any] | None,
    guild_id: int,
    channel_id: int,
    target: str,
    viewer_is_gm: bool,
) -> Row[Any]:
    """The combatant that answered (hidden combatants are nobody to players)."""
    if row is not None and (viewer_is_gm or not row.hidden):
        return row
    await _missing(conn, guild_id, channel_id, target)


async def _missing(conn: AsyncConnection, guild_id: int, channel_id: int, target: str) -> NoReturn:
    """No encounter here, or nobody of that name in it."""
    if (await conn.execute(_HAS_ENCOUNTER, {"guild": guild_id, "channel": channel_id})).first() is None:
        raise NotFoundError(NO_ENCOUNTER)
    raise not_found(target)
