"""availability and training: supporters away until a date, and the day they were trained

Revision ID: 0010
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

import models.types

revision = "0010"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("away_until", models.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("trained_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_column("trained_on")
        batch_op.drop_column("away_until")
