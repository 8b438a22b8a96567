"""The coordinators' daily digest: one pending digest per coordinator, due at DIGEST_AT on their
own clock. Whether it is sent (only when there is something to say) is decided when it is due."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bot import nudges
from bot.nudges import NudgeKind
from bot.quiet_hours import next_local_time, tz_is_fresh, zone
from bot.roles import active_coordinators
from bot.services import Services
from models.tables import Nudge


def schedule_digests(svc: Services, timezone_of) -> int:
    """Make sure every active coordinator has their next digest scheduled; return how many were added.

    `timezone_of(slack_id, cached_tz, fresh)` gives a coordinator's Slack time zone. Several processes may
    do this at once: the digest's key (coordinator and local date) lets only one row in.
    """
    at = svc.settings.digest_at
    if at is None:
        return 0
    now = svc.clock.now()
    with svc.db.session() as session:
        waiting = set(session.scalars(select(Nudge.recipient_slack_id).where(
            Nudge.kind == NudgeKind.COORDINATOR_DIGEST, Nudge.sent_at.is_(None), Nudge.cancelled_at.is_(None))))
        due = [(p.slack_id, p.tz, tz_is_fresh(p, now)) for p in active_coordinators(session)
               if p.slack_id not in waiting]
    added = 0
    for slack_id, cached_tz, fresh in due:
        tz = timezone_of(slack_id, cached_tz, fresh)
        when = next_local_time(now, tz, at)
        local_day = when.astimezone(zone(tz)).date().isoformat()
        try:
            with svc.db.session() as session:
                if nudges.schedule(session, NudgeKind.COORDINATOR_DIGEST, when, now, case_id=None,
                                   recipient=slack_id, dedupe_key=f"digest:{slack_id}:{local_day}"):
                    added += 1
        except IntegrityError:
            pass  # another process scheduled the same digest a moment earlier
    return added
