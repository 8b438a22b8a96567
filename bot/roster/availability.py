"""Supporters' availability: available; away until a date they chose (back by themselves that day,
with a DM that says so); paused after letting three offers in a row expire, until they resume.
Matching leaves out anyone away or paused (bot/offers/matching.py), and the metrics count each
status separately."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from enum import StrEnum

from sqlalchemy.orm import Session

from bot.core import audit
from bot.core.audit import BOT, AuditAction
from bot.core.quiet_hours import local_date, zone
from bot.core.services import Services
from bot.outbox import queue
from bot.outbox.kinds import WorkKind
from bot.roster.actor import Actor
from bot.roster.people import active_coordinators, person_by_slack_id
from bot.roster.roles import Role
from models.tables import Person

log = logging.getLogger(__name__)

EXPIRIES_BEFORE_PAUSE = 3
# The furthest ahead someone may say they are away.
LONGEST_AWAY = timedelta(days=365)


class RosterWork(WorkKind):
    SUPPORTER_PAUSED = "supporter_paused"
    COORDINATOR_SUPPORTER_PAUSED = "coordinator_supporter_paused"
    SUPPORTER_BACK = "supporter_back"


class SupporterStatus(StrEnum):
    ACTIVE = "active"  # available for new requests
    AWAY = "away"  # away by their own choice, until a date
    PAUSED = "paused"  # paused after three expired offers, until they resume
    INACTIVE = "inactive"  # off the roster's active list


# "Paused until they resume": a date no real pause reaches.
UNTIL_RESUMED = datetime(9999, 12, 31, tzinfo=timezone.utc)


def status_from(active: bool, paused_until: datetime | None, away_until: datetime | None,
                now: datetime) -> SupporterStatus:
    """Off the roster, then paused (it needs them to act), then away, else available."""
    if not active:
        return SupporterStatus.INACTIVE
    if paused_until is not None and paused_until > now:
        return SupporterStatus.PAUSED
    if away_until is not None and away_until > now:
        return SupporterStatus.AWAY
    return SupporterStatus.ACTIVE


def status_of(person: Person, now: datetime) -> SupporterStatus:
    return status_from(person.active, person.paused_until, person.away_until, now)


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
        return person is not None and status_of(person, svc.clock.now()) == SupporterStatus.PAUSED


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


# ---- away until a date ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Availability:
    """A supporter's availability as they read it on their App Home."""

    status: SupporterStatus
    back_at: datetime | None = None  # while away: when they are back


class AwayProblem(StrEnum):
    NOT_A_SUPPORTER = "not a supporter"
    NOT_AFTER_TODAY = "not after today"
    TOO_FAR = "too far ahead"


@dataclass(frozen=True)
class AwayAnswer:
    ok: bool
    back_at: datetime | None = None
    problem: AwayProblem | None = None


def availability_of(svc: Services, supporter: Actor) -> Availability | None:
    """The supporter's availability now; None for someone who is not an active supporter."""
    supporter.resolve()
    if not supporter.has(Role.SUPPORTER):
        return None
    now = svc.clock.now()
    with svc.db.session() as session:
        person = person_by_slack_id(session, supporter.slack_id)
        status = status_of(person, now)
        return Availability(status, person.away_until if status == SupporterStatus.AWAY else None)


def start_of_day(day: date, tz_name: str | None) -> datetime:
    """Midnight at the start of `day` on the person's own clock, in UTC."""
    return datetime.combine(day, time(0, 0), tzinfo=zone(tz_name)).astimezone(timezone.utc)


def set_away(svc: Services, supporter: Actor, back_on: date, tz_name: str | None) -> AwayAnswer:
    """Away until `back_on` (a day after today on their own clock, within a year): not matched
    meanwhile; back by themselves at the start of that day, with a DM to say so."""
    supporter.resolve()
    if not supporter.has(Role.SUPPORTER):
        return AwayAnswer(False, problem=AwayProblem.NOT_A_SUPPORTER)
    now = svc.clock.now()
    today = local_date(now, tz_name)
    if back_on <= today:
        return AwayAnswer(False, problem=AwayProblem.NOT_AFTER_TODAY)
    if back_on > today + LONGEST_AWAY:
        return AwayAnswer(False, problem=AwayProblem.TOO_FAR)
    back_at = start_of_day(back_on, tz_name)
    with svc.db.session() as session:
        person = person_by_slack_id(session, supporter.slack_id)
        person.away_until = back_at
        person.updated_at = now
        queue.cancel_for_recipient(session, supporter.slack_id, (RosterWork.SUPPORTER_BACK,), now)
        queue.schedule(session, RosterWork.SUPPORTER_BACK, back_at, now, case_id=None, recipient=supporter.slack_id)
        audit.record(session, now, supporter.slack_id, AuditAction.SUPPORTER_AWAY, None)
    return AwayAnswer(True, back_at=back_at)


def come_back(svc: Services, supporter: Actor) -> bool:
    """Back early: matched again from now. False if they were not away."""
    now = svc.clock.now()
    with svc.db.session() as session:
        person = person_by_slack_id(session, supporter.slack_id)
        if person is None or person.away_until is None or person.away_until <= now:
            return False
        person.away_until = None
        person.updated_at = now
        queue.cancel_for_recipient(session, supporter.slack_id, (RosterWork.SUPPORTER_BACK,), now)
        audit.record(session, now, supporter.slack_id, AuditAction.SUPPORTER_BACK, None)
    return True


def back_by_themselves(session: Session, supporter_id: str, now: datetime) -> bool:
    """The day they chose has come: the away mark is cleared (they were matched again from its
    start). False when they are not coming back now (back early, or the date moved)."""
    person = person_by_slack_id(session, supporter_id)
    if person is None or person.away_until is None or person.away_until > now:
        return False
    person.away_until = None
    person.updated_at = now
    audit.record(session, now, BOT, AuditAction.SUPPORTER_BACK, None)
    return True
