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


def upgrade() -> None:
    with op.batch_alter_table("nudges", schema=None) as batch_op:
        batch_op.add_column(sa.Column("priority", sa.Integer(), server_default="1", nullable=False))
        batch_op.create_index("ix_nudges_claim", ["priority", "due_at", "id"], unique=False,
                              sqlite_where=PENDING, postgresql_where=PENDING)
        batch_op.create_index("ix_nudges_lane", ["recipient_slack_id", "due_at"], unique=False,
                              sqlite_where=PENDING, postgresql_where=PENDING)
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
