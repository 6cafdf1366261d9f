"""Live play: encounters (one per channel) and their combatants; secret rolls; the GM channel.

New tables ``encounters`` and ``encounter_combatants`` (a PC combatant points at its character,
whose sheet keeps its hit points); ``dice_rolls.secret`` (shown to GMs only); and
``guild_settings.gm_channel_id`` (where secret rolls go). Self-contained: the downgrade drops
exactly these.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 01:25:13.686922+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "encounters",
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("channel_id", sa.BigInteger(), nullable=False),
        sa.Column("campaign_id", sa.String(length=36), nullable=True),
        sa.Column("started_by", sa.BigInteger(), nullable=False),
        sa.Column("round", sa.Integer(), server_default="0", nullable=False),
        sa.Column("turn_initiative", sa.Integer(), nullable=True),
        sa.Column("turn_dex", sa.Integer(), nullable=True),
        sa.Column("turn_seq", sa.Integer(), nullable=True),
        sa.Column("next_seq", sa.Integer(), server_default="0", nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_encounters_campaign_id_campaigns"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_encounters")),
        sa.UniqueConstraint("channel_id", name=op.f("uq_encounters_channel_id")),
    )
    with op.batch_alter_table("encounters", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_encounters_campaign_id"), ["campaign_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_encounters_guild_id"), ["guild_id"], unique=False)

    op.create_table(
        "encounter_combatants",
        sa.Column("encounter_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("character_id", sa.String(length=36), nullable=True),
        sa.Column("npc_id", sa.String(length=36), nullable=True),
        sa.Column("owner_id", sa.BigInteger(), nullable=True),
        sa.Column("monster", sa.String(length=100), nullable=True),
        sa.Column("initiative", sa.Integer(), nullable=False),
        sa.Column("dex_modifier", sa.Integer(), server_default="0", nullable=False),
        sa.Column("hp", sa.Integer(), nullable=True),
        sa.Column("max_hp", sa.Integer(), nullable=True),
        sa.Column("temp_hp", sa.Integer(), server_default="0", nullable=False),
        sa.Column("ac", sa.Integer(), nullable=True),
        sa.Column("hidden", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("removed", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("went_down", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("concentration", sa.String(length=100), nullable=True),
        sa.Column("conditions", sa.JSON(), server_default=sa.text("'[]'"), nullable=False),
        sa.Column("stats", sa.JSON(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.CheckConstraint(
            "kind IN ('pc', 'npc', 'monster', 'other')", name=op.f("ck_encounter_combatants_kind")
        ),
        sa.ForeignKeyConstraint(
            ["character_id"],
            ["characters.id"],
            name=op.f("fk_encounter_combatants_character_id_characters"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["encounter_id"],
            ["encounters.id"],
            name=op.f("fk_encounter_combatants_encounter_id_encounters"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["npc_id"], ["npcs.id"], name=op.f("fk_encounter_combatants_npc_id_npcs"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_encounter_combatants")),
    )
    with op.batch_alter_table("encounter_combatants", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_encounter_combatants_character_id"), ["character_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_encounter_combatants_npc_id"), ["npc_id"], unique=False)
        batch_op.create_index(
            "uq_encounter_combatants_encounter_id_seq", ["encounter_id", "seq"], unique=True
        )

    with op.batch_alter_table("dice_rolls", schema=None) as batch_op:
        batch_op.add_column(sa.Column("secret", sa.Boolean(), server_default=sa.false(), nullable=False))

    with op.batch_alter_table("guild_settings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("gm_channel_id", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("guild_settings", schema=None) as batch_op:
        batch_op.drop_column("gm_channel_id")

    with op.batch_alter_table("dice_rolls", schema=None) as batch_op:
        batch_op.drop_column("secret")

    with op.batch_alter_table("encounter_combatants", schema=None) as batch_op:
        batch_op.drop_index("uq_encounter_combatants_encounter_id_seq")
        batch_op.drop_index(batch_op.f("ix_encounter_combatants_npc_id"))
        batch_op.drop_index(batch_op.f("ix_encounter_combatants_character_id"))

    op.drop_table("encounter_combatants")
    with op.batch_alter_table("encounters", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_encounters_guild_id"))
        batch_op.drop_index(batch_op.f("ix_encounters_campaign_id"))

    op.drop_table("encounters")
