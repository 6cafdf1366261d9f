"""Standings as stored running totals: npc_standings per (NPC, character), npc_log_counts per NPC.

Every interaction used to re-sum the pair's whole log and rewrite the NPC's relationships JSON
under the NPC's row lock, so its cost grew with the log and writers of one NPC queued. Now one
upsert per interaction moves the pair's total. The upgrade fills both tables from the log (the
truth): each pair's sum and count; a relationship element with no logged entries left (a deleted
character's: its entries lost their character_id) keeps its score as the total. The JSON column
stays, emptied (docs/architecture.md, Relationships). The pair index, which served the re-sum,
gets the id too, so a pair's history pages through the index alone as the NPC's does. The
downgrade writes the JSON back from the table (clamped scores, name snapshots) before dropping
both tables.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-08 20:10:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCORE_MIN, SCORE_MAX = -100, 100  # rules/relationships.py, as of this revision

npcs = sa.table("npcs", sa.column("id", sa.String), sa.column("relationships", sa.JSON))
standings = sa.table(
    "npc_standings",
    sa.column("npc_id", sa.String),
    sa.column("character_id", sa.String),
    sa.column("character_name", sa.String),
    sa.column("total", sa.Integer),
    sa.column("interactions", sa.Integer),
)


def _create_tables() -> None:
    op.create_table(
        "npc_standings",
        sa.Column("npc_id", sa.String(length=36), nullable=False),
        sa.Column("character_id", sa.String(length=36), nullable=False),
        sa.Column("character_name", sa.String(length=100), nullable=True),
        sa.Column("total", sa.Integer(), server_default="0", nullable=False),
        sa.Column("interactions", sa.Integer(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["npc_id"], ["npcs.id"], name=op.f("fk_npc_standings_npc_id_npcs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("npc_id", "character_id", name=op.f("pk_npc_standings")),
    )
    op.create_index("ix_npc_standings_character_id", "npc_standings", ["character_id"], unique=False)
    op.create_table(
        "npc_log_counts",
        sa.Column("npc_id", sa.String(length=36), nullable=False),
        sa.Column("without_character", sa.Integer(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["npc_id"], ["npcs.id"], name=op.f("fk_npc_log_counts_npc_id_npcs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("npc_id", name=op.f("pk_npc_log_counts")),
    )


def _backfill() -> None:
    bind = op.get_bind()
    # Each pair of the log: its sum and count, under the character's name.
    bind.execute(
        sa.text(
            "INSERT INTO npc_standings (npc_id, character_id, character_name, total, interactions) "
            "SELECT i.npc_id, i.character_id, c.name, SUM(i.relationship_change), COUNT(*) "
            "FROM npc_interactions i JOIN characters c ON c.id = i.character_id "
            "GROUP BY i.npc_id, i.character_id, c.name"
        )
    )
    bind.execute(
        sa.text(
            "INSERT INTO npc_log_counts (npc_id, without_character) "
            "SELECT npc_id, COUNT(*) FROM npc_interactions WHERE character_id IS NULL GROUP BY npc_id"
        )
    )
    # Elements the log no longer attributes (deleted characters): their score is all there is.
    logged = {tuple(row) for row in bind.execute(sa.select(standings.c.npc_id, standings.c.character_id))}
    kept = []
    for npc_id, elements in bind.execute(sa.select(npcs.c.id, npcs.c.relationships)):
        for element in elements or []:
            if (npc_id, element["character_id"]) not in logged:
                logged.add((npc_id, element["character_id"]))
                kept.append(
                    {
                        "npc_id": npc_id,
                        "character_id": element["character_id"],
                        "character_name": element.get("character_name"),
                        "total": element["score"],
                        "interactions": 0,
                    }
                )
    if kept:
        bind.execute(sa.insert(standings), kept)
    bind.execute(sa.update(npcs).values(relationships=[]))


PAIR_INDEX_BEFORE = "ix_npc_interactions_npc_id_character_id_timestamp"
PAIR_INDEX = "ix_npc_interactions_npc_id_character_id_timestamp_id"


def upgrade() -> None:
    _create_tables()
    _backfill()
    op.drop_index(PAIR_INDEX_BEFORE, table_name="npc_interactions")
    op.create_index(PAIR_INDEX, "npc_interactions", ["npc_id", "character_id", "timestamp", "id"], unique=False)


def downgrade() -> None:
    bind = op.get_bind()
    by_npc: dict[str, list[dict[str, object]]] = {}
    rows = bind.execute(
        sa.select(
            standings.c.npc_id, standings.c.character_id, standings.c.character_name, standings.c.total
        ).order_by(standings.c.npc_id, standings.c.character_id)
    )
    for npc_id, character_id, name, total in rows:
        element: dict[str, object] = {
            "character_id": character_id,
            "score": max(SCORE_MIN, min(SCORE_MAX, total)),
            "character_name": name,
        }
        by_npc.setdefault(npc_id, []).append(element)
    update = (
        sa.update(npcs).where(npcs.c.id == sa.bindparam("npc")).values(relationships=sa.bindparam("value"))
    )
    if by_npc:
        bind.execute(update, [{"npc": npc_id, "value": elements} for npc_id, elements in by_npc.items()])
    op.drop_index(PAIR_INDEX, table_name="npc_interactions")
    op.create_index(PAIR_INDEX_BEFORE, "npc_interactions", ["npc_id", "character_id", "timestamp"], unique=False)
    op.drop_table("npc_log_counts")
    op.drop_index("ix_npc_standings_character_id", table_name="npc_standings")
    op.drop_table("npc_standings")
