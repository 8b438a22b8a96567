"""The audit trail: who did what to which case, and when. Never content.

Every action the bot records is a member of `AuditAction`; the bot itself acts as `BOT`.
"""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy.orm import Session

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


def record(session: Session, at: datetime, actor: str, action: AuditAction, case_id: int | None,
           detail: str | None = None) -> None:
    """Add one entry. `detail` is a code from a fixed list (an outcome), never typed text."""
    name = f"{action}.{detail}" if detail else str(action)
    session.add(AuditEvent(actor=actor, action=name, case_id=case_id, at=at))
