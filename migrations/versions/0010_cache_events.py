"""cache_events: the log of cached-data changes that processes sharing one SQLite file poll.

Each process keeps caches in memory (the spell index, guild settings); a change made by one
process must reach the others' within a second (docs/architecture.md, Caches). On PostgreSQL
that is LISTEN/NOTIFY and this table stays empty; on SQLite the changing transaction adds a
row here and every process reads the rows after the last it saw. AUTOINCREMENT keeps ids
from being reused after the oldest rows are pruned.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 01:30:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "cache_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cache_events")),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table("cache_events")
