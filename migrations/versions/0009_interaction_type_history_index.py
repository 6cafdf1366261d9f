"""Type-filtered history index: (npc_id, interaction_type, timestamp, id).

``/npc history`` with a type used the NPC's ``(npc_id, timestamp, id)`` index and read every
entry's row to test its type, for the page and for the count. This index holds a type filter's
page order and ids, so its page and its count (now capped: ``COUNTED_PAGES_AHEAD`` in
``db/services/npcs.py``) walk the index alone. Only an index: nothing to backfill.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 02:10:00+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_npc_interactions_npc_id_interaction_type_timestamp_id",
        "npc_interactions",
        ["npc_id", "interaction_type", "timestamp", "id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_npc_interactions_npc_id_interaction_type_timestamp_id", table_name="npc_interactions")
