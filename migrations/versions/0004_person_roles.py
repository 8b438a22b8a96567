"""roles as rows of their own (person_roles) instead of a ';'-joined string on people

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

ROLES = ("supporter", "lead", "coordinator")


def upgrade() -> None:
    op.create_table(
        "person_roles",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_person_roles_person_id_people"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("person_id", "role", name=op.f("pk_person_roles")),
    )
    with op.batch_alter_table("person_roles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_roles_role"), ["role"], unique=False)
    people = sa.table("people", sa.column("id", sa.Integer), sa.column("roles", sa.String))
    rows = op.get_bind().execute(sa.select(people.c.id, people.c.roles)).all()
    copied = [
        {"person_id": person_id, "role": role}
        for person_id, roles in rows
        for role in sorted({part.strip().lower() for part in (roles or "").split(";")} & set(ROLES))
    ]
    if copied:
        op.bulk_insert(sa.table("person_roles", sa.column("person_id", sa.Integer), sa.column("role", sa.String)),
                       copied)
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_column("roles")


def downgrade() -> None:
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("roles", sa.String(length=100), nullable=False, server_default=""))
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT person_id, role FROM person_roles ORDER BY role")).all()
    joined: dict[int, list[str]] = {}
    for person_id, role in rows:
        joined.setdefault(person_id, []).append(role)
    for person_id, roles in joined.items():
        bind.execute(sa.text("UPDATE people SET roles = :roles WHERE id = :id"), {"roles": ";".join(roles), "id": person_id})
    with op.batch_alter_table("person_roles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_roles_role"))
    op.drop_table("person_roles")
