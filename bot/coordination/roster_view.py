"""The roster as coordinators read it: each person with the number of cases they hold."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import func, select

from bot.cases.vocabulary import HELD_CASE_STATES
from bot.roster.people import roles_of
from models.db import Database
from models.tables import Case, Person


@dataclass(frozen=True)
class RosterEntry:
    slack_id: str
    name: str | None
    email: str | None
    roles: tuple[str, ...]
    cohort: str | None
    division: str | None
    max_active_cases: int
    active: bool
    paused_until: datetime | None
    open_cases: int


def list_roster(db: Database) -> list[RosterEntry]:
    """Everyone on the roster with the number of cases they hold, by name then Slack id."""
    with db.session() as session:
        held = dict(
            session.execute(
                select(Case.supporter_slack_id, func.count())
                .where(Case.state.in_(list(HELD_CASE_STATES)), Case.supporter_slack_id.is_not(None))
                .group_by(Case.supporter_slack_id)
            ).all()
        )
        people = session.scalars(select(Person)).all()
    # Sorted here rather than in SQL so the order is the same on SQLite and
    # PostgreSQL (NULL placement and collation differ); people without a name last.
    people = sorted(people, key=lambda p: (p.name is None, (p.name or "").casefold(), p.slack_id))
    return [
        RosterEntry(
            slack_id=p.slack_id,
            name=p.name,
            email=p.email,
            roles=tuple(sorted(roles_of(p))),
            cohort=p.cohort,
            division=p.division,
            max_active_cases=p.max_active_cases,
            active=p.active,
            paused_until=p.paused_until,
            open_cases=held.get(p.slack_id, 0),
        )
        for p in people
    ]


def format_roster_line(entry: RosterEntry, now: datetime | None = None) -> str:
    """One line for the CLI; `-` marks a missing value.

    The status is `inactive`, `paused until YYYY-MM-DD` (UTC date) or `active`.
    Given `now`, a pause that has already ended shows as `active`.
    """
    if not entry.active:
        status = "inactive"
    elif entry.paused_until is not None and (now is None or entry.paused_until > now):
        status = f"paused until {entry.paused_until.astimezone(timezone.utc).date().isoformat()}"
    else:
        status = "active"
    return "  ".join(
        [
            entry.slack_id,
            entry.name or "-",
            f"roles={';'.join(entry.roles) or '-'}",
            f"cohort={entry.cohort or '-'}",
            f"division={entry.division or '-'}",
            f"capacity={entry.max_active_cases}",
            f"open={entry.open_cases}",
            status,
        ]
    )
