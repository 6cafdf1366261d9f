"""Characters outside any campaign have unique names per guild too (a partial unique index).

The index on (campaign_id, lower(name)) treats NULL campaigns as all different, so two
concurrent /character create without a campaign could both win. Names that already
clash are told apart first ("Tess (2)"), so the index can be built on any database.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 21:40:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "uq_characters_guild_id_lower_name_unassigned"
NAME_MAX = 100  # characters.name is String(100)


def _rename_clashes() -> None:
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT id, guild_id, name FROM characters WHERE campaign_id IS NULL ORDER BY created_at, id"
        )
    ).all()
    taken: set[tuple[int, str]] = set()
    for row in rows:
        name, number = row.name, 1
        while (row.guild_id, name.lower()) in taken:
            number += 1
            suffix = f" ({number})"
            name = row.name[: NAME_MAX - len(suffix)] + suffix
        taken.add((row.guild_id, name.lower()))
        if name != row.name:
            bind.execute(sa.text("UPDATE characters SET name = :name WHERE id = :id"), {"name": name, "id": row.id})


def upgrade() -> None:
    _rename_clashes()
    op.create_index(
        INDEX,
        "characters",
        ["guild_id", sa.text("lower(name)")],
        unique=True,
        postgresql_where=sa.text("campaign_id IS NULL"),
        sqlite_where=sa.text("campaign_id IS NULL"),
    )


def downgrade() -> None:
    op.drop_index(INDEX, table_name="characters")
