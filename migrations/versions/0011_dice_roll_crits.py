"""Natural 20s and 1s kept with each roll: a session's recap tells them.

A roll's crit ("critical" or "fumble", when one d20 decides it) was known only while the reply was
built. Rolls made before this revision have none (NULL), as the history could not tell.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 02:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("dice_rolls", schema=None) as batch_op:
        batch_op.add_column(sa.Column("crit", sa.String(length=8), nullable=True))
        batch_op.create_check_constraint(op.f("ck_dice_rolls_crit"), "crit IS NULL OR crit IN ('critical', 'fumble')")


def downgrade() -> None:
    with op.batch_alter_table("dice_rolls", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_dice_rolls_crit"), type_="check")
        batch_op.drop_column("crit")
