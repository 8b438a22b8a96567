"""Supporters' availability: paused after letting three offers in a row expire, and resuming."""
from __future__ import annotations

import logging
from datetime import datetime, timezone

from sqlalchemy.orm import Session

from bot.core import audit
from bot.core.audit import BOT, AuditAction
from bot.core.services import Services
from bot.outbox import queue
from bot.outbox.kinds import WorkKind
from bot.roster.actor import Actor
from bot.roster.people import active_coordinators, person_by_slack_id

log = logging.getLogger(__name__)

EXPIRIES_BEFORE_PAUSE = 3


class RosterWork(WorkKind):
    SUPPORTER_PAUSED = "supporter_paused"
    COORDINATOR_SUPPORTER_PAUSED = "coordinator_supporter_paused"


# "Paused until they resume": a date no real pause reaches.
UNTIL_RESUMED = datetime(9999, 12, 31, tzinfo=timezone.utc)


def note_answered(session: Session, supporter_id: str) -> None:
    """An accept or a decline breaks a run of expired offers."""
    person = person_by_slack_id(session, supporter_id)
    if person is not None:
        person.expiry_streak = 0


def note_expired(session: Session, supporter_id: str, now: datetime) -> bool:
    """Count an expired offer; at three in a row pause the supporter and tell them and the coordinators."""
    person = person_by_slack_id(session, supporter_id)
    if person is None:
        return False
    person.expiry_streak = (person.expiry_streak or 0) + 1
    if person.expiry_streak < EXPIRIES_BEFORE_PAUSE:
        return False
    person.expiry_streak = 0
    person.paused_until = UNTIL_RESUMED
    person.updated_at = now
    audit.record(session, now, BOT, AuditAction.SUPPORTER_PAUSED, None)
    queue.schedule(session, RosterWork.SUPPORTER_PAUSED, now, now, case_id=None, recipient=supporter_id)
    for coordinator in active_coordinators(session):
        queue.schedule(session, RosterWork.COORDINATOR_SUPPORTER_PAUSED, now, now, case_id=None,
                       recipient=coordinator.slack_id, about=supporter_id)
    log.info("a supporter was paused after %s expired offers in a row", EXPIRIES_BEFORE_PAUSE)
    return True


def is_paused(svc: Services, supporter: Actor) -> bool:
    """Whether this person is paused right now."""
    with svc.db.session() as session:
        person = person_by_slack_id(session, supporter.slack_id)
        return person is not None and person.paused_until is not None and person.paused_until > svc.clock.now()


def resume(svc: Services, supporter: Actor) -> bool:
    """Take a supporter off pause; False if they were not paused."""
    now = svc.clock.now()
    with svc.db.session() as session:
        person = person_by_slack_id(session, supporter.slack_id)
        if person is None or person.paused_until is None or person.paused_until <= now:
            return False
        person.paused_until = None
        person.expiry_streak = 0
        person.updated_at = now
        audit.record(session, now, supporter.slack_id, AuditAction.SUPPORTER_RESUMED, None)
    return True
