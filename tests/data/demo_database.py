"""The demo data set (tests/data/demo_cases.py) written into a database as the bot would have stored it:
cases, offers and the audit events the metrics read, plus a roster of supporters. No names; the
Slack ids are placeholders. Tests use it to check the report's queries, and it makes the README's
example chart:

    python tests/data/demo_database.py sqlite:///demo.sqlite3
    DATABASE_URL=sqlite:///demo.sqlite3 peer-support report --from 2024-01-01 --to 2025-06-30 --chart docs/report-example.png
"""
from __future__ import annotations

import sys
from datetime import datetime, timedelta
from pathlib import Path

if __name__ == "__main__":  # run as a script: the repository and tests/ on the path
    sys.path[:0] = [str(Path(__file__).resolve().parents[2]), str(Path(__file__).resolve().parents[1])]

from bot.cases.vocabulary import CaseState, OfferStatus  # noqa: E402
from bot.coordination.metrics import CaseFacts  # noqa: E402
from bot.core.audit import AuditAction  # noqa: E402
from bot.roster.availability import UNTIL_RESUMED  # noqa: E402
from bot.roster.roles import Role  # noqa: E402
from data.demo_cases import AS_OF, SUPPORTER_COUNTS, demo_cases  # noqa: E402
from models.db import Database  # noqa: E402
from models.tables import AuditEvent, Case, Offer, Person, PersonRole  # noqa: E402

DEMO_SUPPORTER = "UDEMOSUP{:03d}"
DEMO_CLINICIAN = "UDEMOCLIN{:04d}"


def _state(facts: CaseFacts) -> CaseState:
    if facts.closed_at is not None:
        return CaseState.CLOSED
    if any(o.status == OfferStatus.OPEN for o in facts.offers):
        return CaseState.OFFERED
    if facts.contacted_at is not None:
        return CaseState.CONTACTED
    return CaseState.ACCEPTED if facts.first_accepted_at is not None else CaseState.UNPLACED


def _supporters(now: datetime) -> list[Person]:
    people = []
    for status, _load, count in SUPPORTER_COUNTS:
        for _ in range(count):
            person = Person(slack_id=DEMO_SUPPORTER.format(len(people) + 1), cohort="faculty", max_active_cases=3,
                            active=status != "inactive", created_at=now, updated_at=now,
                            paused_until=UNTIL_RESUMED if status == "paused" else None,
                            away_until=now + timedelta(days=14) if status == "away" else None)
            person.role_rows = [PersonRole(role=Role.SUPPORTER)]
            people.append(person)
    return people


def _case(number: int, facts: CaseFacts, holder: str) -> tuple[Case, list[Offer], list[AuditEvent]]:
    state = _state(facts)
    held = state in (CaseState.ACCEPTED, CaseState.CONTACTED)
    case = Case(
        clinician_slack_id=DEMO_CLINICIAN.format(number), source=facts.source, urgency="few_days", state=state,
        outcome=facts.outcome, clinician_division=facts.division, clinician_cohort=facts.cohort,
        created_at=facts.created_at, updated_at=facts.closed_at or facts.created_at,
        offered_at=facts.first_offered_at, closed_at=facts.closed_at,
        accepted_at=facts.first_accepted_at if held else None, contacted_at=facts.contacted_at if held else None,
        supporter_slack_id=holder if held else None, waiting_since=facts.created_at,
    )
    offers = [Offer(supporter_slack_id=holder, status=o.status, decline_reason=o.decline_reason, sent_at=o.sent_at,
                    deadline_at=o.sent_at + timedelta(hours=4), answered_at=o.answered_at, match_reason="")
              for o in facts.offers]
    events = []
    if facts.first_accepted_at is not None:
        events.append(AuditEvent(actor=holder, action=AuditAction.OFFER_ACCEPTED, at=facts.first_accepted_at))
    if facts.contacted_at is not None:
        events.append(AuditEvent(actor=holder, action=AuditAction.CASE_CONTACTED, at=facts.contacted_at))
    for i in range(facts.check_ins_done):
        checked = (facts.contacted_at or facts.created_at) + timedelta(days=7 * (i + 1))
        events.append(AuditEvent(actor=holder, action=AuditAction.CASE_CHECKED_IN, at=checked))
    return case, offers, events


def load_demo(db: Database, now: datetime = AS_OF) -> int:
    """Write the demo cases and a roster of supporters; return how many cases were written."""
    with db.session() as session:
        supporters = _supporters(now)
        session.add_all(supporters)
        holders = [p.slack_id for p in supporters if p.active]
        for number, facts in enumerate(demo_cases(), start=1):
            case, offers, events = _case(number, facts, holders[number % len(holders)])
            session.add(case)
            session.flush()
            for row in (*offers, *events):
                row.case_id = case.id
            session.add_all([*offers, *events])
    return number


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tests/data/demo_database.py DATABASE_URL (an empty database)")
    database = Database(sys.argv[1])
    database.upgrade()
    with database.session() as check:
        if check.query(Case.id).first() is not None:
            sys.exit("that database already has cases; use an empty one")
    print(f"{load_demo(database, datetime.now(AS_OF.tzinfo))} demo cases written to {sys.argv[1]}")
    database.dispose()
