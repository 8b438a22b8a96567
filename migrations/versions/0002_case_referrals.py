"""case referrals: every lead who referred a colleague, so a second referral joins the open case

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

import models.types

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_referrals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("referrer_slack_id", sa.String(length=32), nullable=False),
        sa.Column("referrer_may_be_named", sa.Boolean(), nullable=False),
        sa.Column("created_at", models.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_referrals_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_referrals")),
    )
    with op.batch_alter_table("case_referrals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_referrals_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_referrals_referrer_slack_id"), ["referrer_slack_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("case_referrals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_referrals_referrer_slack_id"))
        batch_op.drop_index(batch_op.f("ix_case_referrals_case_id"))
    op.drop_table("case_referrals")
