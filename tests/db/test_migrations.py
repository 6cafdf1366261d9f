"""Migrations: up, down, up again on an empty database; no drift from the models."""

import asyncio
import json
from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import DateTime, bindparam, inspect, text

from db import migrate
from db.engine import create_engine
from db.models import Base

TABLES = {
    "alembic_version",
    "bot_state",
    "cache_events",
    "campaigns",
    "characters",
    "dice_rolls",
    "guild_settings",
    "homebrew_monsters",
    "npc_interactions",
    "npc_log_counts",
    "npc_standings",
    "encounters",
    "encounter_combatants",
    "npcs",
    "spells",
}


async def table_names(engine) -> set[str]:
    async with engine.connect() as conn:
        return set(await conn.run_sync(lambda sync: inspect(sync).get_table_names()))


async def test_upgrade_downgrade_upgrade(empty_database_url):
    engine = create_engine(empty_database_url)
    try:
        await migrate.upgrade(engine)
        assert await table_names(engine) == TABLES
        assert await migrate.current_revision(engine) == migrate.head_revision()

        await migrate.downgrade(engine, "base")
        assert await table_names(engine) == {"alembic_version"}
        assert await migrate.current_revision(engine) is None

        await migrate.upgrade(engine)
        assert await table_names(engine) == TABLES
    finally:
        await engine.dispose()


# SQLite cannot reflect the lower(name) unique indexes, so Alembic skips them there (and
# says so); PostgreSQL compares them, and test_models proves they work on both.
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based index")
async def test_autogenerate_finds_no_difference_between_models_and_migrations(empty_database_url):
    engine = create_engine(empty_database_url)
    try:
        await migrate.upgrade(engine)
        async with engine.connect() as conn:
            diff = await conn.run_sync(
                lambda sync: compare_metadata(
                    MigrationContext.configure(sync, opts={"compare_type": True}), Base.metadata
                )
            )
        assert diff == []
    finally:
        await engine.dispose()


async def test_upgrade_at_head_is_a_no_op(empty_database_url):
    engine = create_engine(empty_database_url)
    try:
        await migrate.upgrade(engine)
        await migrate.upgrade(engine)
        assert await migrate.current_revision(engine) == migrate.head_revision()
    finally:
        await engine.dispose()


async def test_processes_starting_together_on_a_fresh_database_all_migrate(empty_database_url):
    """Three engines (as three processes) migrate one empty database at once: all succeed, once."""
    engines = [create_engine(empty_database_url) for _ in range(3)]
    try:
        await asyncio.gather(*(migrate.upgrade(engine) for engine in engines))
        for engine in engines:
            assert await migrate.current_revision(engine) == migrate.head_revision()
        assert await table_names(engines[0]) == TABLES
    finally:
        for engine in engines:
            await engine.dispose()


async def test_0004_tells_apart_unassigned_characters_that_share_a_name(empty_database_url):
    engine = create_engine(empty_database_url)
    try:
        await migrate.upgrade(engine, "0003")
        async with engine.begin() as conn:
            for number, name in enumerate(("Tess", "tess", "Tess", "Other")):
                await conn.execute(
                    text(
                        "INSERT INTO characters (id, name, data, guild_id, owner_id, created_at, updated_at) "
                        "VALUES (:id, :name, '{}', 1, 10, :at, :at)"
                    ).bindparams(bindparam("at", type_=DateTime(timezone=True))),
                    {"id": f"c{number}", "name": name, "at": datetime(2026, 1, 1, 0, number, tzinfo=UTC)},
                )
        await migrate.upgrade(engine)
        async with engine.connect() as conn:
            names = (await conn.execute(text("SELECT name FROM characters ORDER BY id"))).scalars().all()
        assert names == ["Tess", "tess (2)", "Tess (3)", "Other"]
    finally:
        await engine.dispose()


async def _insert(conn, table: str, **values) -> None:
    columns = ", ".join(values)
    await conn.execute(
        text(f"INSERT INTO {table} ({columns}) VALUES ({', '.join(f':{c}' for c in values)})").bindparams(
            *(
                bindparam(c, type_=DateTime(timezone=True))
                for c in values
                if c.endswith("_at") or c == "timestamp"
            )
        ),
        values,
    )


async def test_0005_fills_the_standings_from_the_log_and_empties_the_json(empty_database_url):
    """Upgraded from 0004 with logged interactions: each pair's total is its log's sum (unclamped),
    a deleted character's element keeps its score, and the counts add up to the log."""
    at = datetime(2026, 1, 1, tzinfo=UTC)
    engine = create_engine(empty_database_url)
    try:
        await migrate.upgrade(engine, "0004")
        async with engine.begin() as conn:
            await _insert(
                conn,
                "campaigns",
                id="k1",
                name="Saga",
                setting="S",
                tone="heroic",
                data="{}",
                guild_id=1,
                is_template=False,
                is_custom=True,
                created_at=at,
                updated_at=at,
            )
            for character in ("pip", "tess"):
                await _insert(
                    conn,
                    "characters",
                    id=character,
                    name=character.title(),
                    data="{}",
                    guild_id=1,
                    owner_id=10,
                    campaign_id="k1",
                    created_at=at,
                    updated_at=at,
                )
            # The JSON cache as interact left it: Pip's is stale, "gone" was a deleted character's.
            relationships = (
                '[{"character_id": "pip", "score": 3, "character_name": "Pip"},'
                ' {"character_id": "gone", "score": -40, "character_name": "Old Gil"}]'
            )
            await _insert(
                conn,
                "npcs",
                id="n1",
                name="Bob",
                campaign_id="k1",
                personality="{}",
                relationships=relationships,
                data="{}",
                created_at=at,
                updated_at=at,
            )
            await _insert(
                conn,
                "npcs",
                id="n2",
                name="Ann",
                campaign_id="k1",
                personality="{}",
                relationships="[]",
                data="{}",
                created_at=at,
                updated_at=at,
            )
            changes = [("n1", "pip", 10)] * 12 + [("n1", "pip", -5), ("n1", "tess", -7), ("n2", "tess", 4)]
            changes += [("n1", None, 0)] * 3  # two without a character, one of the deleted character's
            for number, (npc, character, change) in enumerate(changes):
                await _insert(
                    conn,
                    "npc_interactions",
                    id=f"i{number}",
                    npc_id=npc,
                    character_id=character,
                    interaction_type="social",
                    summary="s",
                    relationship_change=change,
                    timestamp=at,
                    data="{}",
                    logged_by=5,
                )
        await migrate.upgrade(engine)
        async with engine.connect() as conn:
            standings = (
                await conn.execute(
                    text(
                        "SELECT npc_id, character_id, character_name, total, interactions "
                        "FROM npc_standings ORDER BY npc_id, character_id"
                    )
                )
            ).all()
            counts = (await conn.execute(text("SELECT npc_id, without_character FROM npc_log_counts"))).all()
            emptied = (await conn.execute(text("SELECT relationships FROM npcs ORDER BY id"))).scalars().all()
            logged = dict(
                (
                    await conn.execute(text("SELECT npc_id, count(*) FROM npc_interactions GROUP BY npc_id"))
                ).all()
            )
        assert [tuple(row) for row in standings] == [
            ("n1", "gone", "Old Gil", -40, 0),
            ("n1", "pip", "Pip", 115, 13),  # the log's sum, unclamped: the card shows 100
            ("n1", "tess", "Tess", -7, 1),
            ("n2", "tess", "Tess", 4, 1),
        ]
        assert [tuple(row) for row in counts] == [("n1", 3)]
        assert all(value in ("[]", []) for value in emptied)
        by_npc = {"n1": sum(r.interactions for r in standings if r.npc_id == "n1") + 3, "n2": 1}
        assert by_npc == logged

        await migrate.downgrade(engine, "0004")
        async with engine.connect() as conn:
            rows = (await conn.execute(text("SELECT id, relationships FROM npcs ORDER BY id"))).all()
        restored = {npc: json.loads(value) if isinstance(value, str) else value for npc, value in rows}
        assert restored["n1"] == [
            {"character_id": "gone", "score": -40, "character_name": "Old Gil"},
            {"character_id": "pip", "score": 100, "character_name": "Pip"},
            {"character_id": "tess", "score": -7, "character_name": "Tess"},
        ]
        assert restored["n2"] == [{"character_id": "tess", "score": 4, "character_name": "Tess"}]
    finally:
        await engine.dispose()


async def test_0007_takes_homebrew_out_of_rulesets_and_tells_clashing_names_apart(empty_database_url):
    """Two guilds' homebrew from 0005: same-name spells of one guild (one per ruleset, any case)
    are renamed deterministically, every homebrew row loses its ruleset, and a new clash is refused."""
    engine = create_engine(empty_database_url)
    spell = "level, school, casting_time, range, components, duration, description, data, source"
    values = "1, 'Evocation', '1 action', 'Self', '[]', 'Instantaneous', 'x', '{}', 'homebrew'"
    try:
        await migrate.upgrade(engine, "0005")
        async with engine.begin() as conn:
            for spell_id, guild, ruleset, name in (
                ("b", 1, "2024", "Frost Lance"),
                ("a", 1, "2014", "frost lance"),
                ("c", 1, "2024", "Frost Lance (2)"),
                ("d", 2, "2024", "Frost Lance"),
            ):
                await conn.execute(
                    text(
                        f"INSERT INTO spells (id, guild_id, ruleset, name, {spell}) "
                        f"VALUES (:id, :guild, :ruleset, :name, {values})"
                    ),
                    {"id": spell_id, "guild": guild, "ruleset": ruleset, "name": name},
                )
        await migrate.upgrade(engine)
        async with engine.connect() as conn:
            rows = (await conn.execute(text("SELECT id, name, ruleset FROM spells ORDER BY id"))).all()
        assert [tuple(r) for r in rows] == [
            ("a", "frost lance", None),
            ("b", "Frost Lance (3)", None),
            ("c", "Frost Lance (2)", None),
            ("d", "Frost Lance", None),
        ]
        with pytest.raises(Exception, match=r"(?i)unique"):
            async with engine.begin() as conn:
                await conn.execute(
                    text(
                        f"INSERT INTO spells (id, guild_id, name, {spell}) VALUES ('e', 2, :name, {values})"
                    ),
                    {"name": "FROST LANCE"},
                )
        await migrate.downgrade(engine, "0005")
        async with engine.connect() as conn:
            rulesets = (await conn.execute(text("SELECT DISTINCT ruleset FROM spells"))).scalars().all()
        assert rulesets == ["2014"]
    finally:
        await engine.dispose()
