"""where each message went (nudges.posted_channel, posted_ts): clicks update only recorded messages

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("nudges", schema=None) as batch_op:
        batch_op.add_column(sa.Column("posted_channel", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("posted_ts", sa.String(length=32), nullable=True))
        batch_op.create_index(batch_op.f("ix_nudges_posted_ts"), ["posted_ts"], unique=False)
    # Offer DMs sent before this version were recorded on the offer: copy them to their nudge.
    op.execute(
        "UPDATE nudges SET posted_channel = (SELECT dm_channel FROM offers WHERE offers.id = nudges.offer_id), "
        "posted_ts = (SELECT dm_ts FROM offers WHERE offers.id = nudges.offer_id) "
        "WHERE kind = 'offer' AND sent_at IS NOT NULL AND offer_id IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("nudges", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_nudges_posted_ts"))
        batch_op.drop_column("posted_ts")
        batch_op.drop_column("posted_channel")
