"""Remind me later, on a contact nudge or a check-in: that one reminder comes back a day (or three)
later, at a humane hour on the supporter's own clock. Nothing else is cancelled: the coordinators'
escalation and any later check-in keep their times."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.cases.clocks import CaseClockWork
from bot.cases.policy import holds_case
from bot.cases.vocabulary import CaseState
from bot.core import audit
from bot.core.audit import AuditAction
from bot.core.db import lock_case
from bot.core.quiet_hours import quiet_until
from bot.core.services import Services
from bot.follow_through.contact import FollowThroughWork
from bot.outbox import queue
from bot.roster.actor import Actor
from bot.roster.people import person_by_slack_id

log = logging.getLogger(__name__)

# The choices on the buttons.
REMIND_LATER = (timedelta(days=1), timedelta(days=3))


@dataclass(frozen=True)
class Postponed:
    ok: bool
    case_id: int | None = None
    due_at: datetime | None = None


NOT_YOURS = Postponed(ok=False)


def remind_later(svc: Services, case_id: int, supporter: Actor, after: timedelta) -> Postponed:
    """Move the reminder the supporter is looking at (the contact nudge while they have not
    connected, the check-in after) to `after` from now, or the end of their quiet hours then.
    Pressed again, it moves the same reminder again; no other reminder changes."""
    if after not in REMIND_LATER:
        raise ValueError(f"remind later takes one of {REMIND_LATER}, not {after}")
    now = svc.clock.now()
    with svc.db.session() as session:
        case = lock_case(session, case_id)
        if not holds_case(supporter.slack_id, case):
            return NOT_YOURS
        kind = CaseClockWork.CONTACT_NUDGE if case.state == CaseState.ACCEPTED else FollowThroughWork.CHECK_IN
        tz = getattr(person_by_slack_id(session, supporter.slack_id), "tz", None)
        due = now + after
        if tz:  # as the worker will: a reminder due in their quiet hours waits for their morning
            due = quiet_until(due, tz, svc.settings.quiet_hours) or due
        prefix = f"later:{case_id}:{kind}:"
        key = f"{prefix}{int(due.timestamp())}"
        for moved_before in queue.pending_keyed(session, case_id, kind, prefix):
            if moved_before.dedupe_key != key:
                moved_before.cancelled_at = now
        queue.schedule(session, kind, due, now, case_id=case_id, recipient=supporter.slack_id, dedupe_key=key)
        audit.record(session, now, supporter.slack_id, AuditAction.REMINDER_POSTPONED, case_id)
    log.info("case %s: a %s reminder was moved by %s", case_id, kind, after)
    return Postponed(True, case_id, due)
