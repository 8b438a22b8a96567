"""due work priority, and indexes for claiming and matching: each nudge carries its kind's priority
(offers and urgent work first); claims read pending rows by priority and due time, and a channel's
earlier or held rows, from partial indexes; matching counts open load and finds each supporter's
last offer from indexes instead of reading the whole offer history

Revision ID: 0012
Revises: 0010
"""
import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

PENDING = sa.text("sent_at IS NULL AND cancelled_at IS NULL")
# The priorities the kinds declared when this revision was written (bot/outbox/registry.py), for the
# rows already pending; new rows get theirs when they are scheduled. Stored kind values never change.
FIRST = ("offer", "offer_reminder", "offer_timeout", "coordinator_unplaced", "safety_alert",
         "escalate_unaccepted", "coordinator_not_accepted")
LATER = ("coordinator_digest", "monthly_report", "monthly_report_dm", "purge_case")


def upgrade() -> None:
    with op.batch_alter_table("nudges", schema=None) as batch_op:
        batch_op.add_column(sa.Column("priority", sa.Integer(), server_default="1", nullable=False))
        batch_op.create_index("ix_nudges_claim", ["priority", "due_at", "id"], unique=False,
                              sqlite_where=PENDING, postgresql_where=PENDING)
        batch_op.create_index("ix_nudges_lane", ["recipient_slack_id", "due_at"], unique=False,
                              sqlite_where=PENDING, postgresql_where=PENDING)
    nudges = sa.table("nudges", sa.column("kind", sa.String), sa.column("priority", sa.Integer),
                      sa.column("sent_at"), sa.column("cancelled_at"))
    for priority, kinds in ((0, FIRST), (2, LATER)):
        op.execute(nudges.update()
                   .where(nudges.c.kind.in_(kinds), nudges.c.sent_at.is_(None), nudges.c.cancelled_at.is_(None))
                   .values(priority=priority))
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.create_index("ix_offers_supporter_sent", ["supporter_slack_id", "sent_at"], unique=False)
        batch_op.create_index("ix_offers_status_supporter", ["status", "supporter_slack_id"], unique=False)
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index("ix_cases_state_supporter", ["state", "supporter_slack_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_state_supporter")
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.drop_index("ix_offers_status_supporter")
        batch_op.drop_index("ix_offers_supporter_sent")
    with op.batch_alter_table("nudges", schema=None) as batch_op:
        batch_op.drop_index("ix_nudges_lane")
        batch_op.drop_index("ix_nudges_claim")
        batch_op.drop_column("priority")
