"""Who is acting in a request: their Slack id, and their roster entry and roles.

The handlers' middleware makes one `Actor` per request and hands it to the services; the
roster is read once, the first time a service asks for a role (so a form can open before
any database query). A service that needs roles calls `resolve()` before it opens its own
transaction (the look-up is a transaction of its own). Whatever a payload claims, what a
person may do is decided from this.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from bot.roster.people import person_by_slack_id, roles_of
from bot.roster.roles import Role
from models.db import Database


@dataclass(frozen=True)
class RosterFacts:
    """What the roster says of a person, as far as deciding what they may do goes."""

    roles: frozenset[Role]
    active: bool


class Actor:
    def __init__(self, slack_id: str, lookup: Callable[[str], RosterFacts | None]):
        self.slack_id = slack_id
        self._lookup = lookup

    @cached_property
    def facts(self) -> RosterFacts | None:
        """The roster entry (None for someone not on the roster), read once."""
        return self._lookup(self.slack_id)

    def resolve(self) -> Actor:
        """Read the roster entry now, if it was not read yet."""
        _ = self.facts
        return self

    @property
    def roles(self) -> frozenset[Role]:
        """The roles the person holds while active on the roster; none otherwise."""
        facts = self.facts
        return facts.roles if facts is not None and facts.active else frozenset()

    def has(self, role: Role) -> bool:
        return role in self.roles

    def __repr__(self) -> str:  # never a name: ids only
        return f"Actor({self.slack_id!r})"


def roster_lookup(db: Database) -> Callable[[str], RosterFacts | None]:
    def lookup(slack_id: str) -> RosterFacts | None:
        with db.read() as session:
            person = person_by_slack_id(session, slack_id)
            return RosterFacts(roles_of(person), person.active) if person is not None else None

    return lookup


def actor_for(db: Database, slack_id: str) -> Actor:
    """The acting person `slack_id`, looked up on the roster when first needed."""
    return Actor(slack_id, roster_lookup(db))
