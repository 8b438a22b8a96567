"""The roster written back out as CSV, in the import's format (bot/roster/csv_import.py): importing
the file again changes nothing. Nothing here logs: the roster is personal data."""
from __future__ import annotations

import csv
import io

from sqlalchemy import select

from bot.roster.csv_import import COLUMNS
from bot.roster.people import roles_of
from models.db import Database
from models.tables import Person


def _row(person: Person) -> list[str]:
    values = {
        "slack_id": person.slack_id,
        "email": person.email or "",
        "name": person.name or "",
        "roles": ";".join(sorted(roles_of(person))),
        "cohort": person.cohort or "",
        "division": person.division or "",
        "max_active_cases": str(person.max_active_cases),
        "active": "yes" if person.active else "no",
        "trained_on": person.trained_on.isoformat() if person.trained_on else "",
        "npi": person.npi or "",
        "employee_id": person.employee_id or "",
    }
    return [values[column] for column in COLUMNS]


def export_roster(db: Database) -> str:
    """Everyone on the roster, one line each by Slack id, with the import's header."""
    with db.session() as session:
        people = list(session.scalars(select(Person).order_by(Person.slack_id)))
        rows = [_row(person) for person in people]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return out.getvalue()
