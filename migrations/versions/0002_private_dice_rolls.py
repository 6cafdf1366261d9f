"""Private dice rolls: /rolls shows them to their roller only.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 17:45:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("dice_rolls", schema=None) as batch_op:
        batch_op.add_column(sa.Column("private", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("dice_rolls", schema=None) as batch_op:
        batch_op.drop_column("private")
