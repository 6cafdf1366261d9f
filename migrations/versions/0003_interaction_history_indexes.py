"""Interaction history indexes: (npc_id, timestamp, id) for paging, (npc_id, character_id, timestamp) per pair.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 17:50:00+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_npc_interactions_npc_id_timestamp", table_name="npc_interactions")
    op.create_index(
        "ix_npc_interactions_npc_id_timestamp_id", "npc_interactions", ["npc_id", "timestamp", "id"], unique=False
    )
    op.create_index(
        "ix_npc_interactions_npc_id_character_id_timestamp",
        "npc_interactions",
        ["npc_id", "character_id", "timestamp"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_npc_interactions_npc_id_character_id_timestamp", table_name="npc_interactions")
    op.drop_index("ix_npc_interactions_npc_id_timestamp_id", table_name="npc_interactions")
    op.create_index(
        "ix_npc_interactions_npc_id_timestamp", "npc_interactions", ["npc_id", "timestamp"], unique=False
    )
