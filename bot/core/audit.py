"""The audit trail: who did what to which case, and when. Never content.

Every action the bot records is a member of `AuditAction`; the bot itself acts as `BOT`. The
trail is append-only: no code path updates or deletes an entry except the retention purge
(bot/cases/retention.py), and on PostgreSQL a trigger refuses any other change.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.db import Database
from models.tables import AuditEvent

BOT = "bot"


class AuditAction(StrEnum):
    CASE_CREATED = "case.created"
    CASE_REFERRAL_JOINED = "case.referral_joined"
    CASE_SELF_REFERRAL_JOINED = "case.self_referral_joined"
    CASE_UNPLACED = "case.unplaced"
    CASE_DETAILS_VIEWED = "case.details_viewed"
    CASE_CONTACTED = "case.contacted"
    CASE_NOT_REACHED = "case.not_reached"
    CASE_HANDED_OFF = "case.handed_off"
    CASE_CHECKED_IN = "case.checked_in"
    CASE_CLOSED = "case.closed"
    CASE_ESCALATED_NOT_ACCEPTED = "case.escalated_not_accepted"
    CASE_ESCALATED_NO_CONTACT = "case.escalated_no_contact"
    OFFER_MADE = "offer.made"
    OFFER_ACCEPTED = "offer.accepted"
    OFFER_DECLINED = "offer.declined"
    OFFER_EXPIRED = "offer.expired"
    SAFETY_CONCERN_RAISED = "case.safety_concern"
    SUPPORTER_PAUSED = "supporter.paused"
    SUPPORTER_RESUMED = "supporter.resumed"
    SUPPORTER_AWAY = "supporter.away"
    SUPPORTER_BACK = "supporter.back"
    REMINDER_POSTPONED = "case.reminder_postponed"
    CASE_ASSIGNED = "case.assigned"
    CASE_REASSIGNED = "case.reassigned"
    RULE_OVERRIDDEN = "case.rule_overridden"
    OFFER_WITHDRAWN = "offer.withdrawn"
    PERSON_ADDED = "roster.person_added"
    PERSON_CHANGED = "roster.person_changed"
    REPORT_REQUESTED = "report.requested"
    CASE_EVENT_ATTACHED = "case.event_attached"  # a hospital system's safety event joined the case
    CASE_TRIAGE_APPROVED = "case.triage_approved"
    CASE_TRIAGE_NOT_NEEDED = "case.triage_not_needed"


@dataclass(frozen=True)
class Entry:
    at: datetime
    actor: str
    action: str
    case_id: int | None


def entries(db: Database, *, case_id: int | None = None, actor: str | None = None) -> list[Entry]:
    """The trail, oldest first, of one case and/or one actor. Reading it changes nothing."""
    query = select(AuditEvent).order_by(AuditEvent.at, AuditEvent.id)
    if case_id is not None:
        query = query.where(AuditEvent.case_id == case_id)
    if actor is not None:
        query = query.where(AuditEvent.actor == actor)
    with db.session() as session:
        return [Entry(e.at, e.actor, e.action, e.case_id) for e in session.scalars(query)]


def record(session: Session, at: datetime, actor: str, action: AuditAction, case_id: int | None,
           detail: str | None = None) -> None:
    """Add one entry. `detail` is a code from a fixed list (an outcome), never typed text."""
    name = f"{action}.{detail}" if detail else str(action)
    session.add(AuditEvent(actor=actor, action=name, case_id=case_id, at=at))
