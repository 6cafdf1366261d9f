"""``/init next`` on PostgreSQL in one statement, in autocommit, when no condition has to tick.

The statement locks the encounter's row (``FOR UPDATE``: the turn as the last writer left it),
finds the next combatant in the order of ``rules.combat.initiative`` (initiative, then DEX,
then who joined first; past the last, a new round) and moves the turn. It declines, changing
nothing, when the ending combatant has conditions with a duration (they tick under that
combatant's lock, in the service's transaction), when the actor may not end the turn, or when
the encounter is empty or missing: the service then takes its transaction path, which says why.
"""

from typing import Any

from sqlalchemy import text

from db.engine import Database
from db.schemas.encounter import ActiveCondition
from db.types import PydanticJSON

_NEXT = text(
    """
WITH e AS (
    SELECT id, round, turn_initiative AS ti, turn_dex AS td, turn_seq AS ts FROM encounters
    WHERE guild_id = :guild AND channel_id = :channel
    FOR UPDATE
),
fighting AS (
    SELECT c.* FROM encounter_combatants c JOIN e ON c.encounter_id = e.id
    WHERE NOT c.removed AND NOT (c.kind = 'pc' AND c.character_id IS NULL)
),
ending AS (
    SELECT f.owner_id, f.conditions FROM fighting f JOIN e
        ON (f.initiative, f.dex_modifier, f.seq) = (e.ti, e.td, e.ts)
),
may AS (
    SELECT (:gm OR EXISTS (SELECT 1 FROM ending WHERE owner_id = :actor))
        AND NOT EXISTS (
            SELECT 1 FROM ending, json_array_elements(ending.conditions) x
            WHERE x ->> 'rounds' IS NOT NULL
        ) AS ok
),
nxt AS (
    SELECT f.*, ((-f.initiative, -f.dex_modifier, f.seq) > (-e.ti, -e.td, e.ts)) IS TRUE AS same_round
    FROM fighting f, e
    ORDER BY same_round DESC, f.initiative DESC, f.dex_modifier DESC, f.seq
    LIMIT 1
),
moved AS (
    UPDATE encounters SET
        round = CASE WHEN n.same_round THEN e.round ELSE e.round + 1 END,
        turn_initiative = n.initiative, turn_dex = n.dex_modifier, turn_seq = n.seq,
        updated_at = now()
    FROM e, nxt n, may
    WHERE encounters.id = e.id AND may.ok
    RETURNING encounters.round
)
SELECT n.id, n.seq, n.name, n.kind, n.owner_id, n.character_id, n.npc_id, n.initiative,
    n.dex_modifier, n.hp, n.max_hp, n.temp_hp, n.ac, n.hidden, n.went_down, n.concentration,
    n.conditions, NOT n.same_round AS new_round, moved.round AS moved_round,
    (ch.data -> 'hit_points' ->> 'current')::int AS sheet_hp,
    (ch.data -> 'hit_points' ->> 'max')::int AS sheet_max_hp,
    (ch.data -> 'hit_points' ->> 'temp')::int AS sheet_temp_hp,
    (ch.data ->> 'armor_class')::int AS sheet_ac,
    (ch.data -> 'death_saves' ->> 'successes')::int AS sheet_successes,
    (ch.data -> 'death_saves' ->> 'failures')::int AS sheet_failures
FROM moved, nxt n LEFT JOIN characters ch ON ch.id = n.character_id
"""
).columns(conditions=PydanticJSON(list[ActiveCondition]))


async def try_next(db: Database, guild_id: int, channel_id: int, actor_id: int, actor_is_gm: bool) -> Any:
    """The combatant whose turn it now is (with ``new_round``, ``moved_round`` and its sheet's
    figures), or None when the statement declined and changed nothing."""
    params = {"guild": guild_id, "channel": channel_id, "gm": actor_is_gm, "actor": actor_id}
    rows = await db.one_statement(_NEXT, params)
    return rows[0] if rows else None
