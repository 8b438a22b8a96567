"""Coordinators change the roster from Slack: add a person, edit one, deactivate one (untick
"active"), with the same checks and the same words as the CSV import (bot/roster/csv_import.py).

The modal gives each value as the CSV would (text); `save_person` checks them all, and either
saves the person or names each bad field, changing nothing. Only active coordinators may. Each
change is audited (who changed the roster, when; never what it says). A new coordinator gets the
daily digest from their next DIGEST_AT, as after an import.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from bot.cases.policy import may_coordinate
from bot.coordination.digest import ensure_digests
from bot.core import audit
from bot.core.audit import AuditAction
from bot.core.services import Services
from bot.roster.actor import Actor
from bot.roster.csv_import import (
    DEFAULT_MAX_ACTIVE_CASES,
    BadValue,
    cohort_problem,
    email_owner_problem,
    parse_cell,
    slack_id_problem,
)
from bot.roster.people import person_by_slack_id, roles_of, set_roles
from bot.roster.roles import Role
from models.tables import Person

# The values the person modal edits, as the CSV calls them.
FIELDS = ("name", "email", "roles", "cohort", "division", "max_active_cases", "trained_on", "active", "npi",
          "employee_id")


@dataclass(frozen=True)
class PersonForm:
    """A person as the modal shows them; a blank one (new=True) for someone not on the roster yet."""

    slack_id: str
    new: bool
    name: str | None = None
    email: str | None = None
    roles: frozenset[Role] = frozenset()
    cohort: str | None = None
    division: str | None = None
    max_active_cases: int = DEFAULT_MAX_ACTIVE_CASES
    trained_on: date | None = None
    active: bool = True
    npi: str | None = None
    employee_id: str | None = None


class NotACoordinator(Exception):
    """Only active coordinators change the roster."""


class InvalidPerson(Exception):
    """Field-level problems, keyed by FIELDS (and "slack_id"); nothing was saved."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class Saved:
    slack_id: str
    created: bool


def person_form(svc: Services, coordinator: Actor, slack_id: str) -> PersonForm:
    """The person to edit (blank for someone not on the roster yet)."""
    coordinator.resolve()
    if not may_coordinate(coordinator):
        raise NotACoordinator(coordinator.slack_id)
    with svc.db.session() as session:
        person = person_by_slack_id(session, slack_id)
        if person is None:
            return PersonForm(slack_id, new=True)
        return PersonForm(slack_id, False, person.name, person.email, roles_of(person), person.cohort,
                          person.division, person.max_active_cases, person.trained_on, person.active,
                          person.npi, person.employee_id)


def _parse(raw: Mapping[str, str]) -> tuple[dict[str, object], dict[str, str]]:
    values: dict[str, object] = {}
    errors: dict[str, str] = {}
    for column in FIELDS:
        try:
            values[column] = parse_cell(column, raw.get(column, ""))
        except BadValue as problem:
            errors[column] = str(problem)
    return values, errors


def save_person(svc: Services, coordinator: Actor, slack_id: str, raw: Mapping[str, str]) -> Saved:
    """Add or change one person. Raises InvalidPerson naming each bad field (nothing changes), or
    NotACoordinator."""
    coordinator.resolve()
    if not may_coordinate(coordinator):
        raise NotACoordinator(coordinator.slack_id)
    values, errors = _parse(raw)
    if slack_id_problem(slack_id):
        errors["slack_id"] = slack_id_problem(slack_id)
    now = svc.clock.now()
    with svc.db.session() as session:
        email = values.get("email")
        if isinstance(email, str) and "email" not in errors:
            owner = session.scalar(select(Person.slack_id).where(Person.email == email))
            if email_owner_problem(owner, slack_id):
                errors["email"] = email_owner_problem(owner, slack_id)
        for column in ("npi", "employee_id"):
            value = values.get(column)
            if isinstance(value, str) and column not in errors:
                owner = session.scalar(select(Person.slack_id).where(getattr(Person, column) == value))
                if owner is not None and owner != slack_id:
                    errors[column] = f"This {column.replace('_', ' ')} belongs to {owner}, another person on the roster."
        if not {"roles", "cohort"} & errors.keys() and cohort_problem(values["roles"], values["cohort"]):
            errors["cohort"] = cohort_problem(values["roles"], values["cohort"])
        if errors:
            raise InvalidPerson(errors)
        person = person_by_slack_id(session, slack_id)
        created = person is None
        if created:
            person = Person(slack_id=slack_id, created_at=now)
            session.add(person)
        for column, value in values.items():
            if column == "roles":
                set_roles(person, value)  # type: ignore[arg-type]
            else:
                setattr(person, column, value)
        person.updated_at = now
        audit.record(session, now, coordinator.slack_id,
                     AuditAction.PERSON_ADDED if created else AuditAction.PERSON_CHANGED, None)
    ensure_digests(svc.db, svc.clock, svc.settings)
    return Saved(slack_id, created)
