"""retention: division and cohort labels kept on the case, when it was purged; the audit trail
is append-only on PostgreSQL (only the retention job may remove identities from it)

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

import models.types

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

APPEND_ONLY = """
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND current_setting('peer_support.retention', true) = 'on' THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the audit trail is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
"""


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("clinician_division", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("clinician_cohort", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("purged_at", models.types.UTCDateTime(timezone=True), nullable=True))
    op.execute("UPDATE cases SET clinician_division = (SELECT division FROM people "
               "WHERE people.slack_id = cases.clinician_slack_id), clinician_cohort = (SELECT cohort FROM people "
               "WHERE people.slack_id = cases.clinician_slack_id)")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(APPEND_ONLY)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events")
        op.execute("DROP FUNCTION IF EXISTS audit_events_append_only()")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_column("purged_at")
        batch_op.drop_column("clinician_cohort")
        batch_op.drop_column("clinician_division")
