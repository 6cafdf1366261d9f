"""The migrated schema holds every column of the seed with its type, nullability and default.

The seed's tables and the bot's additions are written down in docs/architecture.md (Data model).
"""

import pytest
from pydantic import ValidationError
from sqlalchemy import JSON, BigInteger, Boolean, DateTime, Integer, String, Text, inspect
from sqlalchemy.dialects import postgresql

from db.engine import create_engine
from db.schemas import CampaignData

# table -> column -> (type, nullable, has a server default). From the seed, plus the bot's additions
# (docs/architecture.md, Data model).
SEED = {
    "characters": {
        "id": (String, False, False),
        "name": (String, False, False),
        "data": (JSON, False, False),
        "owner_id": (BigInteger, False, False),
        "campaign_id": (String, True, False),
        "guild_id": (BigInteger, False, False),
    },
    "campaigns": {
        "id": (String, False, False),
        "name": (String, False, False),
        "description": (Text, True, False),
        "setting": (Text, False, False),
        "tone": (String, False, True),
        "homebrew_rules": (JSON, True, True),
        "world_description": (Text, True, False),
        "world_art": (JSON, True, False),
        "is_template": (Boolean, False, True),
        "is_custom": (Boolean, False, True),
        "template_id": (String, True, False),
        "created_at": (DateTime, False, True),
        "updated_at": (DateTime, False, True),
        "data": (JSON, False, False),
        "guild_id": (BigInteger, True, False),
    },
    "npcs": {
        "id": (String, False, False),
        "name": (String, False, False),
        "race": (String, True, False),
        "occupation": (String, True, False),
        "location": (String, True, False),
        "campaign_id": (String, False, False),
        "personality": (JSON, False, True),
        "stats": (JSON, True, False),
        "relationships": (JSON, False, True),
        "created_at": (DateTime, False, True),
        "updated_at": (DateTime, False, True),
        "data": (JSON, False, False),
    },
    "npc_interactions": {
        "id": (String, False, False),
        "npc_id": (String, False, False),
        "character_id": (String, True, False),
        "interaction_type": (String, False, False),
        "summary": (Text, False, False),
        "outcome": (Text, True, False),
        "relationship_change": (Integer, False, True),
        "timestamp": (DateTime, False, True),
        "data": (JSON, False, False),
        "logged_by": (BigInteger, False, False),
    },
    "spells": {
        "id": (String, False, False),
        "name": (String, False, False),
        "level": (Integer, False, False),
        "school": (String, False, False),
        "casting_time": (String, False, False),
        "range": (String, False, False),
        "components": (JSON, False, False),
        "duration": (String, False, False),
        "description": (Text, False, False),
        "higher_levels": (Text, True, False),
        "ritual": (Boolean, False, True),
        "concentration": (Boolean, False, True),
        "damage_dice": (String, True, False),
        "save_type": (String, True, False),
        "spell_lists": (JSON, False, True),
        "data": (JSON, False, False),
        "ruleset": (String, True, False),  # NULL for homebrew (migration 0007)
        "source": (String, False, False),
        "guild_id": (BigInteger, True, False),
    },
}

# (table, columns) of each index the seed names, beside the primary keys.
SEED_INDEXES = [
    ("spells", ["name"]),
    ("npcs", ["campaign_id"]),
    ("npc_interactions", ["npc_id"]),
    ("npc_interactions", ["character_id"]),
]

FOREIGN_KEYS = {
    ("npcs", "campaign_id"): ("campaigns", "CASCADE"),
    ("npc_interactions", "npc_id"): ("npcs", "CASCADE"),
    ("npc_interactions", "character_id"): ("characters", "SET NULL"),
    ("characters", "campaign_id"): ("campaigns", "SET NULL"),
    ("guild_settings", "active_campaign_id"): ("campaigns", "SET NULL"),
}


def type_matches(reflected, expected) -> bool:
    if expected is JSON:
        return isinstance(reflected, JSON | postgresql.JSON)
    if expected is Text:
        # SQLite reflects TEXT; PostgreSQL TEXT too. Never a bounded VARCHAR.
        return isinstance(reflected, Text)
    if expected is String:
        return isinstance(reflected, String) and not isinstance(reflected, Text)
    if expected is Integer:
        return isinstance(reflected, Integer) and not isinstance(reflected, BigInteger)
    return isinstance(reflected, expected)


async def reflect(url: str):
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:

            def read(sync):
                inspector = inspect(sync)
                return {
                    table: {
                        "columns": {c["name"]: c for c in inspector.get_columns(table)},
                        "indexes": inspector.get_indexes(table),
                        "pk": inspector.get_pk_constraint(table)["constrained_columns"],
                        "fks": inspector.get_foreign_keys(table),
                    }
                    for table in inspector.get_table_names()
                }

            return await conn.run_sync(read)
    finally:
        await engine.dispose()


@pytest.mark.parametrize("table", sorted(SEED))
async def test_every_seed_column_is_present_as_specified(database_url, table):
    schema = await reflect(database_url)
    columns = schema[table]["columns"]
    assert schema[table]["pk"] == ["id"]
    for name, (type_, nullable, has_default) in SEED[table].items():
        assert name in columns, f"{table}.{name} missing"
        column = columns[name]
        assert type_matches(column["type"], type_), f"{table}.{name} is {column['type']!r}"
        assert column["nullable"] is nullable, f"{table}.{name} nullable={column['nullable']}"
        assert (column["default"] is not None) is has_default, f"{table}.{name} default={column['default']}"


async def test_seed_defaults_have_the_seed_values(database_url):
    schema = await reflect(database_url)

    def default(table, column):
        return str(schema[table]["columns"][column]["default"]).lower()

    assert "heroic" in default("campaigns", "tone")
    assert default("campaigns", "is_template") in ("0", "false", "'0'")
    assert default("campaigns", "is_custom") in ("1", "true", "'1'")
    assert "[]" in default("campaigns", "homebrew_rules")
    assert "{}" in default("npcs", "personality")
    assert "[]" in default("npcs", "relationships")
    assert "[]" in default("spells", "spell_lists")
    assert default("npc_interactions", "relationship_change") in ("0", "'0'")


async def test_seed_indexes_exist(database_url):
    schema = await reflect(database_url)
    for table, columns in SEED_INDEXES:
        assert any(ix["column_names"][: len(columns)] == columns for ix in schema[table]["indexes"]), (
            f"no index on {table}{columns}"
        )


async def test_foreign_keys_have_their_delete_rules(database_url):
    schema = await reflect(database_url)
    for (table, column), (target, ondelete) in FOREIGN_KEYS.items():
        fk = next(fk for fk in schema[table]["fks"] if fk["constrained_columns"] == [column])
        assert fk["referred_table"] == target
        assert fk["options"].get("ondelete") == ondelete, f"{table}.{column}: {fk['options']}"


def test_secret_facts_must_be_facts_of_the_world():
    CampaignData(world_state={"Baron": "dead"}, secret_facts=["Baron"])
    with pytest.raises(ValidationError, match="not in world_state"):
        CampaignData(world_state={"Baron": "dead"}, secret_facts=["Traitor"])
    with pytest.raises(ValidationError, match="appears twice"):
        CampaignData(world_state={"Baron": "dead"}, secret_facts=["Baron", "Baron"])
