"""Who holds which role on the roster."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.vocabulary import Role
from models.tables import Person


def roles_of(person: Person | None) -> frozenset[str]:
    if person is None or not person.roles:
        return frozenset()
    return frozenset(r for r in person.roles.split(";") if r)


def person_by_slack_id(session: Session, slack_id: str) -> Person | None:
    return session.scalar(select(Person).where(Person.slack_id == slack_id))


def people_with_role(session: Session, role: Role) -> list[Person]:
    people = session.scalars(select(Person).where(Person.roles.contains(role.value))).all()
    return [p for p in people if role.value in roles_of(p)]


def active_coordinators(session: Session) -> list[Person]:
    return [p for p in people_with_role(session, Role.COORDINATOR) if p.active]
