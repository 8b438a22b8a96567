"""What the benchmark puts in the database before the bot starts: rosters (as CSV for
`peer-support roster import`), a backlog of due work (through the outbox's own `schedule`), and
past cases (through the bot's models), as a deployment that has run for a while would have them."""
from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from sqlalchemy import text, func, insert, select, update

DIVISIONS = [f"Division {n:02d}" for n in range(1, 21)]
COORDINATOR = "UBCOORD0001"
CHUNK = 5_000


def supporter_id(n: int) -> str:
    return f"UBSUP{n:06d}"


def clinician_id(tag: str, n: int) -> str:
    """A clinician the roster does not know (unique per tag and number)."""
    return f"UCL{tag}{n:06d}".upper()


def roster_csv(supporters: int, capacity: int = 3) -> str:
    """One coordinator and `supporters` supporters over 20 divisions, four in five of them faculty."""
    lines = ["slack_id,email,name,roles,cohort,division,max_active_cases,active",
             f"{COORDINATOR},,Bench Coordinator,coordinator,,,0,yes"]
    for n in range(supporters):
        cohort = "trainee" if n % 5 == 4 else "faculty"
        lines.append(f"{supporter_id(n)},,Supporter {n},supporter,{cohort},{DIVISIONS[n % len(DIVISIONS)]},"
                     f"{capacity},yes")
    return "\n".join(lines) + "\n"


def open_db(url: str):
    from models.db import Database

    db = Database(url)
    db.upgrade()
    return db


class _Rows:
    """Stands in for a session to `queue.schedule`: it collects the rows the outbox makes (with
    whatever the outbox sets on them), to be inserted in bulk. No dedupe key is used here."""

    def __init__(self):
        self.rows = []

    def add(self, row) -> None:
        self.rows.append(row)

    def scalar(self, *args, **kwargs):
        return None

    def take(self) -> list[dict]:
        from models.tables import Nudge

        columns = [column.key for column in Nudge.__table__.columns if column.key != "id"]
        rows = [{key: getattr(row, key) for key in columns} for row in self.rows]
        self.rows = []
        return rows


def _next_id(session, model) -> int:
    return (session.scalar(select(func.max(model.id))) or 0) + 1


def _fix_sequence(session, table: str) -> None:
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy import text

        session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"))


def seed_backlog(url: str, pending: int, due: int, channels: int) -> dict:
    """`due` accepted cases over `channels` supporters, each with its contact nudge (made due later by
    `make_due`), and `pending - due` more nudges due over the next 30 days. Due work for one channel
    is spread through the order, as it comes due in life. Rows are made by the outbox's `schedule`
    and inserted in bulk."""
    from bot.cases.clocks import CaseClockWork
    from bot.cases.vocabulary import CaseState, Source
    from bot.follow_through.contact import FollowThroughWork
    from bot.outbox import queue
    from models.tables import Case, Nudge

    db = open_db(url)
    now = datetime.now(timezone.utc)
    far = now + timedelta(days=365)
    rng = random.Random(12)
    with db.session() as session:
        first = _next_id(session, Case)
        case_ids = list(range(first, first + due))
        accepted = now - timedelta(hours=25)
        for start in range(0, due, CHUNK):
            session.execute(insert(Case), [
                dict(id=case_ids[n], clinician_slack_id=clinician_id("bk", n), source=Source.SELF,
                     urgency="few_days", contact_preference="phone", state=CaseState.ACCEPTED,
                     supporter_slack_id=supporter_id(n % channels), created_at=accepted, offered_at=accepted,
                     accepted_at=accepted, waiting_since=accepted, updated_at=accepted, excluded_slack_ids="",
                     referrer_may_be_named=False)
                for n in range(start, min(due, start + CHUNK))])
        _fix_sequence(session, "cases")
        rows = _Rows()
        for n, case_id in enumerate(case_ids):
            queue.schedule(rows, CaseClockWork.CONTACT_NUDGE, far, now, case_id=case_id,
                           recipient=supporter_id(n % channels))
        for n in range(pending - due):
            case_id = case_ids[n % len(case_ids)]
            queue.schedule(rows, FollowThroughWork.CHECK_IN, now + timedelta(seconds=rng.randint(3600, 30 * 86400)),
                           now, case_id=case_id, recipient=supporter_id((n % len(case_ids)) % channels))
        made = rows.take()
        for start in range(0, len(made), CHUNK):
            session.execute(insert(Nudge), made[start:start + CHUNK])
    _gather_statistics(db)
    db.dispose()
    return {"cases": len(case_ids), "pending": pending, "due": due, "channels": channels}


def _gather_statistics(db) -> None:
    """What autovacuum does to a table that grew over weeks: a database that came to hold this
    backlog in life has its planner statistics. Without them, rows inserted in bulk a second ago
    leave PostgreSQL guessing, and the claim's plan scans (about 500 ms a claim instead of 8 ms)."""
    if db.dialect == "postgresql":
        with db.session() as session:
            session.execute(text("ANALYZE"))


def make_due(url: str) -> float:
    """Bring every seeded contact nudge due now (as if the day had come); returns time.monotonic()
    right after it is committed."""
    import time

    from bot.cases.clocks import CaseClockWork
    from bot.outbox import queue
    from models.tables import Nudge

    db = open_db(url)
    now = datetime.now(timezone.utc)
    with db.session() as session:
        session.execute(update(Nudge).where(Nudge.kind == CaseClockWork.CONTACT_NUDGE, queue.pending())
                        .values(due_at=now))
    done = time.monotonic()
    db.dispose()
    return done


def reset_backlog(url: str) -> None:
    """Make the seeded contact nudges unsent and due later again (for a second run on the same rows)."""
    from bot.cases.clocks import CaseClockWork
    from models.tables import Nudge

    db = open_db(url)
    with db.session() as session:
        session.execute(update(Nudge).where(Nudge.kind == CaseClockWork.CONTACT_NUDGE).values(
            due_at=datetime.now(timezone.utc) + timedelta(days=365), sent_at=None, cancelled_at=None,
            claimed_by=None, claim_expires_at=None, attempts=0, posted_channel=None, posted_ts=None))
    db.dispose()


def backlog_left(url: str) -> dict:
    """Seeded contact nudges still pending, and those the database says were sent."""
    from bot.cases.clocks import CaseClockWork
    from bot.outbox import queue
    from models.tables import Nudge

    db = open_db(url)
    with db.session() as session:
        kind = Nudge.kind == CaseClockWork.CONTACT_NUDGE
        pending = session.scalar(select(func.count()).select_from(Nudge).where(kind, queue.pending()))
        sent = session.scalar(select(func.count()).select_from(Nudge).where(kind, Nudge.sent_at.is_not(None)))
        cancelled = session.scalar(select(func.count()).select_from(Nudge).where(kind, Nudge.cancelled_at.is_not(None)))
    db.dispose()
    return {"pending": pending, "sent": sent, "cancelled": cancelled}


def seed_past_cases(url: str, count: int, supporters: int) -> None:
    """`count` closed cases over the last two years, each offered to and accepted by one supporter
    (history matching may read). Identities are kept (as with a long RETENTION); each case's purge
    is already scheduled, as the bot would have it."""
    from bot.cases.retention import RetentionWork
    from bot.cases.vocabulary import CaseState, OfferStatus, Source
    from models.tables import Case, Nudge, Offer

    db = open_db(url)
    now = datetime.now(timezone.utc)
    rng = random.Random(7)
    with db.session() as session:
        first = _next_id(session, Case)
        for start in range(0, count, CHUNK):
            cases, offers, purges = [], [], []
            for n in range(start, min(count, start + CHUNK)):
                case_id = first + n
                created = now - timedelta(days=730) + timedelta(seconds=rng.randint(0, 725 * 86400))
                supporter = supporter_id(rng.randrange(supporters))
                closed = created + timedelta(days=rng.randint(1, 40))
                cases.append(dict(id=case_id, clinician_slack_id=clinician_id("past", n), source=Source.SELF,
                                  urgency="few_days", contact_preference="phone", state=CaseState.CLOSED,
                                  outcome="checked_in", supporter_slack_id=supporter, created_at=created,
                                  offered_at=created, accepted_at=created + timedelta(hours=2),
                                  contacted_at=created + timedelta(hours=20), waiting_since=created,
                                  closed_at=closed, updated_at=closed, clinician_division=DIVISIONS[n % 20],
                                  clinician_cohort="faculty", excluded_slack_ids="", referrer_may_be_named=False))
                offers.append(dict(case_id=case_id, supporter_slack_id=supporter, status=OfferStatus.ACCEPTED,
                                   match_reason="", sent_at=created, deadline_at=created + timedelta(hours=4),
                                   answered_at=created + timedelta(hours=2)))
                purges.append(dict(kind=RetentionWork.PURGE_CASE, dedupe_key=f"purge:{case_id}",
                                   due_at=now + timedelta(days=3650), case_id=case_id, created_at=closed,
                                   attempts=0))
            session.execute(insert(Case), cases)
            session.execute(insert(Offer), offers)
            session.execute(insert(Nudge), purges)
        _fix_sequence(session, "cases")
    db.dispose()


def create_postgres_database(base_url: str, name: str) -> str:
    """A fresh, empty database `name` on the server of `base_url`; returns its URL."""
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(base_url)
    admin = url.set(drivername="postgresql").set(database=url.database or "postgres")
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return url.set(database=name).render_as_string(hide_password=False)


def drop_postgres_database(base_url: str, name: str) -> None:
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(base_url)
    admin = url.set(drivername="postgresql").set(database=url.database or "postgres")
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
