"""follow-through: escalation clocks on cases, expiry streaks and time zones on people, nudge dedupe keys

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

import models.types

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("waiting_since", models.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("escalated_unaccepted_at", models.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("escalated_no_contact_at", models.types.UTCDateTime(timezone=True), nullable=True))
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("expiry_streak", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("tz_checked_at", models.types.UTCDateTime(timezone=True), nullable=True))
    with op.batch_alter_table("nudges", schema=None) as batch_op:
        batch_op.add_column(sa.Column("dedupe_key", sa.String(length=160), nullable=True))
        batch_op.add_column(sa.Column("about_slack_id", sa.String(length=32), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_nudges_dedupe_key"), ["dedupe_key"])
    op.execute("UPDATE cases SET waiting_since = created_at")


def downgrade() -> None:
    with op.batch_alter_table("nudges", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_nudges_dedupe_key"), type_="unique")
        batch_op.drop_column("about_slack_id")
        batch_op.drop_column("dedupe_key")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_column("tz_checked_at")
        batch_op.drop_column("expiry_streak")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_column("escalated_no_contact_at")
        batch_op.drop_column("escalated_unaccepted_at")
        batch_op.drop_column("waiting_since")
