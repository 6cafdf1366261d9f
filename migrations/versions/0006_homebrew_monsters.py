"""homebrew_monsters: each guild's own monsters (/homebrew monster-import), stat block as JSON.

Self-contained: one new table and its unique index; the downgrade drops both.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 02:10:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "homebrew_monsters",
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("ruleset", sa.String(length=4), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.CheckConstraint("ruleset IN ('2014', '2024')", name=op.f("ck_homebrew_monsters_ruleset")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_homebrew_monsters")),
    )
    op.create_index(
        "uq_homebrew_monsters_guild_id_ruleset_lower_name",
        "homebrew_monsters",
        ["guild_id", "ruleset", sa.literal_column("lower(name)")],
        unique=True,
    )


def downgrade() -> None:
    op.drop_index("uq_homebrew_monsters_guild_id_ruleset_lower_name", table_name="homebrew_monsters")
    op.drop_table("homebrew_monsters")
