"""intake: safety events from hospital systems, their participants, roster NPI and employee id

Revision ID: 0011
Revises: 0010
"""
import sqlalchemy as sa
from alembic import op

import models.types

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("npi", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("employee_id", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint("uq_people_npi", ["npi"])
        batch_op.create_unique_constraint("uq_people_employee_id", ["employee_id"])
    with op.batch_alter_table("processed_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("answer", sa.Text(), nullable=True))
    op.create_table(
        "intake_bursts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started_at", models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_event_at", models.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intake_bursts")),
    )
    op.create_table(
        "safety_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_system", sa.String(length=100), nullable=False),
        sa.Column("source_event_id", sa.String(length=200), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("seriousness", sa.String(length=20), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("division", sa.String(length=100), nullable=True),
        sa.Column("received_at", models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("burst_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["burst_id"], ["intake_bursts.id"],
                                name=op.f("fk_safety_events_burst_id_intake_bursts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_safety_events")),
        sa.UniqueConstraint("source_system", "source_event_id", name="uq_safety_events_source"),
    )
    op.create_index(op.f("ix_safety_events_received_at"), "safety_events", ["received_at"])
    op.create_index(op.f("ix_safety_events_burst_id"), "safety_events", ["burst_id"])
    op.create_table(
        "safety_event_participants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("person_slack_id", sa.String(length=32), nullable=False),
        sa.Column("function", sa.String(length=20), nullable=False),
        sa.Column("result", sa.String(length=20), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("created_at", models.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["safety_events.id"], ondelete="CASCADE",
                                name=op.f("fk_safety_event_participants_event_id_safety_events")),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_safety_event_participants_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_safety_event_participants")),
        sa.UniqueConstraint("event_id", "person_slack_id", name="uq_safety_event_participants_person"),
    )
    for column in ("event_id", "person_slack_id", "case_id"):
        op.create_index(op.f(f"ix_safety_event_participants_{column}"), "safety_event_participants", [column])


def downgrade() -> None:
    op.drop_table("safety_event_participants")
    op.drop_table("safety_events")
    op.drop_table("intake_bursts")
    with op.batch_alter_table("processed_requests", schema=None) as batch_op:
        batch_op.drop_column("answer")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_constraint("uq_people_employee_id", type_="unique")
        batch_op.drop_constraint("uq_people_npi", type_="unique")
        batch_op.drop_column("employee_id")
        batch_op.drop_column("npi")
