"""Retention: RETENTION after a case closes, every Slack id on it goes (and its places in hospital
systems' safety events, with an event nobody is left in).

The purge is due work like any nudge (durable, done once, by whichever process claims it). It
removes the clinician's, supporters' and referrers' Slack ids and the people they asked to avoid
from the case, its offers, referrals and nudges (and where those DMs went), and the actor of its
audit entries unless a coordinator (who answers for their own actions) or the bot. What stays
keeps the program's metrics true: state, source, urgency, event type, division and cohort labels,
timestamps, outcome. Notes are gone already: closing deletes them.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, or_, select, text, update
from sqlalchemy.orm import Session

from bot.cases.vocabulary import CaseState
from bot.core.audit import BOT
from bot.core.db import lock_case
from bot.outbox import queue
from bot.outbox.kinds import WorkKind
from bot.roster.people import people_with_role
from bot.roster.roles import Role
from models.db import Database
from models.tables import AuditEvent, Case, CaseReferral, Nudge, Offer, SafetyEvent, SafetyEventParticipant

log = logging.getLogger(__name__)

GONE = "-"  # where a Slack id stood in a column that may not be empty


class RetentionWork(WorkKind):
    PURGE_CASE = "purge_case"


def schedule_purge(session: Session, case: Case, retention, now: datetime) -> None:
    """A closed case's purge, RETENTION after it closed (once: the key lets one row in)."""
    queue.schedule(session, RetentionWork.PURGE_CASE, case.closed_at + retention, now, case_id=case.id,
                   dedupe_key=f"purge:{case.id}")


@dataclass(frozen=True)
class PurgePlan:
    """What a purge of one case removes, counted (for `peer-support purge --dry-run`)."""

    case_id: int
    closed_at: datetime
    due_at: datetime
    on_case: int
    on_offers: int
    on_referrals: int
    on_nudges: int
    on_audit: int
    on_safety_events: int = 0  # the case's places in hospital systems' safety events


def _coordinators(session: Session) -> list[str]:
    return [person.slack_id for person in people_with_role(session, Role.COORDINATOR)]


def _audit_to_clear(case_id: int, coordinators: list[str]):
    return (AuditEvent.case_id == case_id, AuditEvent.actor.not_in([BOT, GONE, *coordinators]))


def _nudges_to_clear(case_id: int):
    return (Nudge.case_id == case_id, or_(Nudge.recipient_slack_id.is_not(None), Nudge.about_slack_id.is_not(None),
                                          Nudge.posted_channel.is_not(None), Nudge.dedupe_key.is_not(None)))


def plan_purge(session: Session, case: Case, due_at: datetime) -> PurgePlan:
    def count(model, *where) -> int:
        return session.scalar(select(func.count()).select_from(model).where(*where))

    on_case = sum(1 for value in (case.clinician_slack_id, case.supporter_slack_id, case.referrer_slack_id,
                                  case.excluded_slack_ids) if value and value != GONE)
    return PurgePlan(
        case.id, case.closed_at, due_at, on_case,
        count(Offer, Offer.case_id == case.id, Offer.supporter_slack_id != GONE),
        count(CaseReferral, CaseReferral.case_id == case.id, CaseReferral.referrer_slack_id != GONE),
        count(Nudge, *_nudges_to_clear(case.id)),
        count(AuditEvent, *_audit_to_clear(case.id, _coordinators(session))),
        count(SafetyEventParticipant, SafetyEventParticipant.case_id == case.id),
    )


def purge_case(session: Session, case_id: int, now: datetime) -> bool:
    """Remove every Slack id from one closed case (its row locked here); False if not closed."""
    case = lock_case(session, case_id)
    if case is None or case.state != CaseState.CLOSED or case.purged_at is not None:
        return False
    case.clinician_slack_id = GONE
    case.supporter_slack_id = case.referrer_slack_id = None
    case.excluded_slack_ids = ""
    case.note_ciphertext = None
    case.purged_at = now
    session.execute(update(Offer).where(Offer.case_id == case_id).values(
        supporter_slack_id=GONE, dm_channel=None, dm_ts=None))
    session.execute(update(CaseReferral).where(CaseReferral.case_id == case_id).values(referrer_slack_id=GONE))
    _purge_safety_events(session, case_id)
    session.execute(update(Nudge).where(*_nudges_to_clear(case_id)).values(
        recipient_slack_id=None, about_slack_id=None, posted_channel=None, posted_ts=None, dedupe_key=None))
    if session.get_bind().dialect.name == "postgresql":
        # The audit trail is append-only (a trigger); only this job may clear who acted.
        session.execute(text("SET LOCAL peer_support.retention = 'on'"))
    session.execute(update(AuditEvent).where(*_audit_to_clear(case_id, _coordinators(session))).values(actor=GONE))
    log.info("case %s: identities removed after retention", case_id)
    return True


def _purge_safety_events(session: Session, case_id: int) -> None:
    """The case's places in safety events go with it, and an event nobody is left in goes too."""
    events = list(session.scalars(select(SafetyEventParticipant.event_id).where(
        SafetyEventParticipant.case_id == case_id)))
    session.execute(delete(SafetyEventParticipant).where(SafetyEventParticipant.case_id == case_id))
    if events:
        still_named = select(SafetyEventParticipant.event_id)
        session.execute(delete(SafetyEvent).where(SafetyEvent.id.in_(events), SafetyEvent.id.not_in(still_named)))


def ensure_purges(db: Database, retention, now: datetime) -> int:
    """Every closed case has its purge scheduled (cases closed before retention existed, too)."""
    with db.session() as session:
        scheduled = select(Nudge.case_id).where(Nudge.kind == RetentionWork.PURGE_CASE)
        cases = list(session.scalars(select(Case).where(
            Case.state == CaseState.CLOSED, Case.purged_at.is_(None), Case.id.not_in(scheduled))))
        for case in cases:
            schedule_purge(session, case, retention, now)
        return len(cases)


def purges_due(db: Database, now: datetime) -> list[PurgePlan]:
    """The purges that are due now, with what each would remove."""
    with db.session() as session:
        due = session.execute(select(Nudge.case_id, Nudge.due_at).where(
            Nudge.kind == RetentionWork.PURGE_CASE, queue.pending(), Nudge.due_at <= now).order_by(Nudge.due_at))
        return [plan_purge(session, session.get(Case, case_id), due_at) for case_id, due_at in due]
