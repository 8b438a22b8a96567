"""Looking people up on the roster, and changing their roles."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.roster.roles import Role, known_roles
from models.tables import Person, PersonRole


def roles_of(person: Person | None) -> frozenset[Role]:
    return known_roles(person.roles) if person is not None else frozenset()


def set_roles(person: Person, roles: Iterable[Role]) -> None:
    """Give the person exactly these roles."""
    wanted = {Role(role) for role in roles}
    person.role_rows = [row for row in person.role_rows if row.role in wanted] + [
        PersonRole(role=role) for role in sorted(wanted - roles_of(person))
    ]


def person_by_slack_id(session: Session, slack_id: str | None) -> Person | None:
    if not slack_id:
        return None
    return session.scalar(select(Person).where(Person.slack_id == slack_id))


def people_with_role(session: Session, role: Role) -> list[Person]:
    return list(session.scalars(
        select(Person).join(PersonRole).where(PersonRole.role == role).order_by(Person.id)
    ))


def active_coordinators(session: Session) -> list[Person]:
    return [p for p in people_with_role(session, Role.COORDINATOR) if p.active]
