"""The coordinators' daily digest of stalled cases, at DIGEST_AT in each coordinator's own time zone.

Each active coordinator has one pending digest at a time; it is due work like any other, so a
scheduler pass costs nothing for it. When it comes due, the coordinator's current Slack time
zone is checked: if it was due at DIGEST_AT on their own clock and is at most DIGEST_GRACE late,
it goes out (only when something has stalled) and tomorrow's is scheduled; otherwise (they moved
time zone, or the bot was down all morning) it waits for their next DIGEST_AT. `ensure_digests`
starts the chain for coordinators who have none pending (at start-up and after a roster import)
with a digest due at once, which then waits for their DIGEST_AT in the zone Slack gives.
"""
from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.core.clock import Clock
from bot.core.quiet_hours import local_date, next_local_time, zone
from bot.outbox import queue
from bot.outbox.kinds import WorkKind
from bot.roster.people import active_coordinators
from models.db import Database
from models.tables import Nudge

# How late on the coordinator's own clock a digest still goes out.
DIGEST_GRACE = timedelta(hours=4)
# How many cases a digest lists, oldest first (the rest are counted; the App Home lists them all), so
# that it stays within Slack's limits however many cases have stalled.
DIGEST_OLDEST = 10


class CoordinationWork(WorkKind):
    COORDINATOR_DIGEST = "coordinator_digest"


def is_on_time(due_at: datetime, now: datetime, tz: str | None, at: time) -> bool:
    """Whether a digest was due at DIGEST_AT on the person's own clock, and is not too late."""
    return due_at.astimezone(zone(tz)).time() == at and now - due_at < DIGEST_GRACE


def schedule_next_digest(session: Session, coordinator_id: str, tz: str | None, at: time, now: datetime,
                         *, due_now: bool = False) -> Nudge:
    """The next digest, at the coordinator's next DIGEST_AT (a day later if that day has one
    already); with `due_now`, due at once (it then waits for their DIGEST_AT)."""
    when = now if due_now else next_local_time(now, tz, at)
    while True:
        key = f"digest:{coordinator_id}:{local_date(when, tz).isoformat()}"
        nudge = queue.schedule(session, CoordinationWork.COORDINATOR_DIGEST, when, now, case_id=None,
                               recipient=coordinator_id, dedupe_key=key)
        if nudge is not None:
            return nudge
        when = next_local_time(when, tz, at)


def ensure_digests(db: Database, clock: Clock, settings: Settings) -> int:
    """Give every active coordinator without a pending digest their next one; return how many were added.

    The new digest is due at once: when it comes due the coordinator's zone is looked up, and it
    waits for their DIGEST_AT. Several processes may do this at once: the key lets only one in.
    """
    at = settings.digest_at
    if at is None:
        return 0
    now = clock.now()
    with db.session() as session:
        waiting = set(session.scalars(select(Nudge.recipient_slack_id).where(
            Nudge.kind == CoordinationWork.COORDINATOR_DIGEST, queue.pending())))
        due = [(p.slack_id, p.tz) for p in active_coordinators(session) if p.slack_id not in waiting]
    added = 0
    for slack_id, cached_tz in due:
        try:
            with db.session() as session:
                schedule_next_digest(session, slack_id, cached_tz, at, now, due_now=True)
                added += 1
        except IntegrityError:
            pass  # another process scheduled the same digest a moment earlier
    return added
