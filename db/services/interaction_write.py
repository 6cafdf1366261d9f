"""``/npc interact`` by ids on PostgreSQL as one statement in autocommit: one round trip.

The statement is its own transaction. Its first CTE finds the NPC by id in a campaign of the
guild (and the character by id in the guild); the entry's insert and the count's upsert (the
pair's total in ``npc_standings``, or the NPC's ``npc_log_counts``) select from it, so when it
finds nothing they insert nothing and the statement returns no row. The caller then takes the
transactional path, which tells which one is missing (or finds them by name). Data-modifying
CTEs all run, referenced or not, on one snapshot: the row lock of the pair's upsert keeps
concurrent writers from losing updates, and a foreign key ends a race with a delete
(IntegrityError, nothing written).

The entry's JSON is built by the caller with the names left out (``NAME_FROM_LOOKUP``); the
statement writes in the names it found: ``character_name`` and the speaker of the spoken line.
"""

from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import (
    JSON,
    ColumnElement,
    Executable,
    Table,
    bindparam,
    func,
    literal,
    literal_column,
    select,
    true,
)
from sqlalchemy import cast as sql_cast
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.dialects.postgresql import insert as pg_insert

from db.engine import Database
from db.models import NPC, Campaign, Character, NPCInteraction, NPCLogCount, NPCStanding

# The speaker of a spoken line until the statement writes in the NPC's name (a valid Name).
NAME_FROM_LOOKUP = "?"


@dataclass(frozen=True, slots=True)
class Logged:
    npc_name: str
    character_name: str | None
    total: int | None  # the pair's new total; None without a character


def add_to_pair_total(pair: Any) -> Any:
    """The pair's row inserted, or its total moved by the change and its count by one; returns
    the new total. ``pair`` is a PostgreSQL or SQLite INSERT into ``npc_standings``."""
    standings = cast(Table, NPCStanding.__table__)
    return pair.on_conflict_do_update(
        index_elements=[standings.c.npc_id, standings.c.character_id],
        set_={
            "total": standings.c.total + pair.excluded.total,
            "interactions": standings.c.interactions + 1,
            "character_name": pair.excluded.character_name,
        },
    ).returning(standings.c.total)


def _statement(with_character: bool, spoken: bool) -> Executable:
    entries, standings, counts = (
        cast(Table, model.__table__) for model in (NPCInteraction, NPCStanding, NPCLogCount)
    )  # cast: a mapped class's __table__ is typed as any FromClause
    lookup = (
        select(NPC.id.label("npc_id"), NPC.name.label("npc_name"))
        .join(Campaign, Campaign.id == NPC.campaign_id)
        .where(Campaign.guild_id == bindparam("guild_id"), NPC.id == bindparam("npc_id"))
    )
    if with_character:
        lookup = (
            lookup.add_columns(Character.id.label("hero_id"), Character.name.label("hero_name"))
            .join(Character, Character.guild_id == Campaign.guild_id)
            .where(Character.id == bindparam("character_id"))
        )
    found = lookup.cte("found")

    data: ColumnElement[Any] = bindparam("data", type_=JSONB)
    if with_character:
        data = func.jsonb_set(data, literal_column("'{character_name}'"), func.to_jsonb(found.c.hero_name))
    if spoken:
        data = func.jsonb_set(data, literal_column("'{dialogue,0,speaker}'"), func.to_jsonb(found.c.npc_name))
    hero_id = found.c.hero_id if with_character else literal(None, entries.c.character_id.type)
    columns = {
        "id": bindparam("id", type_=entries.c.id.type),
        "npc_id": found.c.npc_id,
        "character_id": hero_id,
        "interaction_type": bindparam("interaction_type", type_=entries.c.interaction_type.type),
        "summary": bindparam("summary", type_=entries.c.summary.type),
        "outcome": bindparam("outcome", type_=entries.c.outcome.type),
        "relationship_change": bindparam("relationship_change", type_=entries.c.relationship_change.type),
        "timestamp": bindparam("timestamp", type_=entries.c.timestamp.type),
        "data": sql_cast(data, JSON),
        "logged_by": bindparam("logged_by", type_=entries.c.logged_by.type),
    }
    entry = pg_insert(entries).from_select(list(columns), select(*columns.values()).select_from(found))
    if with_character:
        pair = pg_insert(standings).from_select(
            ["npc_id", "character_id", "character_name", "total", "interactions"],
            select(
                found.c.npc_id,
                found.c.hero_id,
                found.c.hero_name,
                bindparam("relationship_change", type_=standings.c.total.type),
                literal(1),
            ).select_from(found),
        )
        moved = add_to_pair_total(pair).cte("moved")
        return (
            select(found.c.npc_name, found.c.hero_name, moved.c.total)
            .add_cte(entry.cte("entry"))
            .select_from(found)
            .join(moved, true())
        )
    alone = pg_insert(counts).from_select(
        ["npc_id", "without_character"], select(found.c.npc_id, literal(1)).select_from(found)
    )
    count = alone.on_conflict_do_update(
        index_elements=[counts.c.npc_id], set_={"without_character": counts.c.without_character + 1}
    ).returning(counts.c.npc_id)
    counted = count.cte("counted")
    return (
        select(found.c.npc_name, literal(None).label("hero_name"), literal(None).label("total"))
        .add_cte(entry.cte("entry"))
        .select_from(found)
        .join(counted, true())
    )


_STATEMENTS = {(c, s): _statement(c, s) for c in (False, True) for s in (False, True)}


async def log_by_ids(db: Database, values: dict[str, Any], *, spoken: bool) -> Logged | None:
    """Log the entry of ``values`` (its columns, ``guild_id``, and ``data`` as JSON without the
    names) in one statement; None when the NPC or the character is not found by id in the guild.

    Raises IntegrityError when one of them was deleted meanwhile (nothing was written).
    """
    statement = _STATEMENTS[values["character_id"] is not None, spoken]
    rows = await db.one_statement(statement, values)
    if not rows:
        return None
    row = rows[0]
    return Logged(row.npc_name, row.hero_name, None if row.total is None else int(row.total))
