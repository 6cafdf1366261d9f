"""Homebrew spells belong to no ruleset, and their names are unique per guild.

A homebrew spell used to take the guild's ruleset when it was added, so changing the
ruleset hid it, and the same name could be added once per ruleset. Now its ``ruleset``
is NULL (it shows under both rulesets; SRD rows keep theirs, a CHECK says which is which)
and the unique index is on (guild_id, lower(name)).

Existing clashes are told apart first, deterministically: within a guild, the spells
sharing a name (whatever its case) are ordered by their old ruleset, then id; the first
keeps its name and the others become "Frost Lance (2)", "Frost Lance (3)", ... (cut to
fit 100 characters, and never taking another spell's name).

Downgrade gives every homebrew spell the ruleset 2014 (which ruleset each had is lost)
and restores the old index; the renamed spells keep their new names.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 01:40:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_INDEX = "uq_spells_guild_id_ruleset_lower_name"
INDEX = "uq_spells_guild_id_lower_name"
CHECK = "srd_ruleset"  # ck_spells_srd_ruleset with the naming convention
NAME_MAX = 100  # spells.name is String(100)


def _rename_clashes() -> None:
    bind = op.get_bind()
    rows = bind.execute(
        sa.text("SELECT id, guild_id, name FROM spells WHERE guild_id IS NOT NULL ORDER BY ruleset, id")
    ).all()
    taken = {(row.guild_id, row.name.lower()) for row in rows}
    kept: set[tuple[int, str]] = set()
    for row in rows:
        name, number = row.name, 1
        if (row.guild_id, name.lower()) in kept:
            while (row.guild_id, name.lower()) in taken:
                number += 1
                suffix = f" ({number})"
                name = row.name[: NAME_MAX - len(suffix)] + suffix
            taken.add((row.guild_id, name.lower()))
            bind.execute(sa.text("UPDATE spells SET name = :name WHERE id = :id"), {"name": name, "id": row.id})
        kept.add((row.guild_id, name.lower()))


def upgrade() -> None:
    _rename_clashes()
    op.drop_index(OLD_INDEX, table_name="spells")
    with op.batch_alter_table("spells", schema=None) as batch_op:
        batch_op.alter_column("ruleset", existing_type=sa.String(length=4), nullable=True)
    op.execute("UPDATE spells SET ruleset = NULL WHERE guild_id IS NOT NULL")
    with op.batch_alter_table("spells", schema=None) as batch_op:
        batch_op.create_check_constraint(CHECK, "(guild_id IS NULL) = (ruleset IS NOT NULL)")
    op.create_index(INDEX, "spells", ["guild_id", sa.text("lower(name)")], unique=True)


def downgrade() -> None:
    op.drop_index(INDEX, table_name="spells")
    with op.batch_alter_table("spells", schema=None) as batch_op:
        batch_op.drop_constraint(op.f(f"ck_spells_{CHECK}"), type_="check")
    op.execute("UPDATE spells SET ruleset = '2014' WHERE ruleset IS NULL")
    with op.batch_alter_table("spells", schema=None) as batch_op:
        batch_op.alter_column("ruleset", existing_type=sa.String(length=4), nullable=False)
    op.create_index(OLD_INDEX, "spells", ["guild_id", "ruleset", sa.text("lower(name)")], unique=True)
