"""The two clocks a case runs on, and raising a hand to the coordinators when one runs out.

- Waiting for someone to accept: from the referral or the last hand-off. If nobody has
  accepted ESCALATE_AFTER later (urgent: half), the coordinators are told, once, unless they
  were already asked to place it because nobody was left.
- Waiting for contact: from Accept. The supporter is asked "Have you been able to connect?"
  CONTACT_NUDGE_AFTER later (and again after "Couldn't reach them"); if no contact is
  recorded twice CONTACT_NUDGE_AFTER after Accept, the coordinators are told, once.
The timers and messages are due work (what each does: bot/cases/due_work.py).
"""
from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from bot.cases.notices import Stall
from bot.cases.vocabulary import WAITING_CASE_STATES, CaseState, is_urgent
from bot.core import audit
from bot.core.audit import BOT, AuditAction
from bot.core.services import Services
from bot.outbox import queue
from bot.outbox.kinds import WorkKind
from bot.roster.people import active_coordinators
from models.tables import Case

log = logging.getLogger(__name__)


class CaseClockWork(WorkKind):
    CONTACT_NUDGE = "contact_nudge"
    ESCALATE_UNACCEPTED = "escalate_unaccepted"
    ESCALATE_NO_CONTACT = "escalate_no_contact"
    COORDINATOR_NOT_ACCEPTED = "coordinator_not_accepted"
    COORDINATOR_NO_CONTACT = "coordinator_no_contact"


# Work that stops once somebody accepts (or the case closes).
UNACCEPTED_WORK = (CaseClockWork.ESCALATE_UNACCEPTED, CaseClockWork.COORDINATOR_NOT_ACCEPTED)
# Work that stops once contact is recorded (or the case is handed off or closes).
CONTACT_WORK = (CaseClockWork.CONTACT_NUDGE, CaseClockWork.ESCALATE_NO_CONTACT, CaseClockWork.COORDINATOR_NO_CONTACT)


def start_waiting_clock(session: Session, svc: Services, case: Case, now: datetime) -> None:
    """Nobody has accepted yet, from now: escalate if that is still so after ESCALATE_AFTER."""
    case.waiting_since = now
    case.escalated_unaccepted_at = None
    queue.cancel_for_case(session, case.id, UNACCEPTED_WORK, now)
    due = now + svc.settings.escalate_after_for(is_urgent(case.urgency))
    queue.schedule(session, CaseClockWork.ESCALATE_UNACCEPTED, due, now, case_id=case.id,
                   dedupe_key=f"escalate:unaccepted:{case.id}:{int(now.timestamp())}")


def hasten_waiting_clock(session: Session, svc: Services, case: Case) -> None:
    """The case became urgent: the nobody-accepted escalation comes no later than an urgent one's."""
    if case.waiting_since is None:
        return
    urgent_due = case.waiting_since + svc.settings.escalate_after_for(True)
    for nudge in queue.pending_of(session, CaseClockWork.ESCALATE_UNACCEPTED, case_id=case.id):
        nudge.due_at = min(nudge.due_at, urgent_due)


def start_contact_clock(session: Session, svc: Services, case: Case, now: datetime) -> None:
    """Accepted, not yet in touch: nudge the supporter after CONTACT_NUDGE_AFTER, and escalate
    if no contact is recorded after twice that."""
    queue.cancel_for_case(session, case.id, UNACCEPTED_WORK, now)
    nudge_about_contact(session, svc, case, now)
    queue.schedule(session, CaseClockWork.ESCALATE_NO_CONTACT, now + 2 * svc.settings.contact_nudge_after, now,
                   case_id=case.id, dedupe_key=f"escalate:no_contact:{case.id}:{int(now.timestamp())}")


def nudge_about_contact(session: Session, svc: Services, case: Case, now: datetime) -> None:
    """Ask the supporter holding the case, CONTACT_NUDGE_AFTER from now, whether they have connected."""
    queue.cancel_for_case(session, case.id, (CaseClockWork.CONTACT_NUDGE,), now)
    queue.schedule(session, CaseClockWork.CONTACT_NUDGE, now + svc.settings.contact_nudge_after, now,
                   case_id=case.id, recipient=case.supporter_slack_id)


def _tell_coordinators(session: Session, case: Case, kind: CaseClockWork, now: datetime) -> None:
    for coordinator in active_coordinators(session):
        queue.schedule(session, kind, now, now, case_id=case.id, recipient=coordinator.slack_id)


def still_unaccepted(case: Case) -> bool:
    return case.state in WAITING_CASE_STATES


def escalate_if_still_unaccepted(session: Session, case: Case, now: datetime) -> bool:
    if not still_unaccepted(case) or case.unplaced_at is not None or case.escalated_unaccepted_at:
        return False
    case.escalated_unaccepted_at = now
    _tell_coordinators(session, case, CaseClockWork.COORDINATOR_NOT_ACCEPTED, now)
    audit.record(session, now, BOT, AuditAction.CASE_ESCALATED_NOT_ACCEPTED, case.id)
    log.info("case %s escalated: not accepted in time", case.id)
    return True


def escalate_if_still_no_contact(session: Session, case: Case, now: datetime) -> bool:
    if case.state != CaseState.ACCEPTED or case.escalated_no_contact_at:
        return False
    case.escalated_no_contact_at = now
    _tell_coordinators(session, case, CaseClockWork.COORDINATOR_NO_CONTACT, now)
    audit.record(session, now, BOT, AuditAction.CASE_ESCALATED_NO_CONTACT, case.id)
    log.info("case %s escalated: no contact recorded", case.id)
    return True


def needs_a_person() -> ColumnElement[bool]:
    """The cases coordinators are asked to look at (their App Home queue and daily digest): nobody
    was left to offer it to, or it was escalated and is still not accepted, or escalated and still
    without recorded contact."""
    return or_(
        Case.state == CaseState.UNPLACED,
        (Case.state.in_(list(WAITING_CASE_STATES))) & Case.escalated_unaccepted_at.is_not(None),
        (Case.state == CaseState.ACCEPTED) & Case.escalated_no_contact_at.is_not(None),
    )


def stall_of(state: str) -> Stall:
    """Why a case that needs a person needs one, from its state."""
    if state == CaseState.UNPLACED:
        return Stall.NOBODY_LEFT
    return Stall.NO_CONTACT if state == CaseState.ACCEPTED else Stall.NOT_ACCEPTED


def stalled_counts(session: Session) -> dict[Stall, int]:
    """How many cases need a person, by why (one query)."""
    counts: dict[Stall, int] = {}
    for state, count in session.execute(
            select(Case.state, func.count()).where(needs_a_person()).group_by(Case.state)):
        counts[stall_of(state)] = counts.get(stall_of(state), 0) + count
    return counts


def oldest_stalled(session: Session, limit: int, offset: int = 0) -> list[Case]:
    """The cases that need a person, oldest referral first (one query)."""
    return list(session.scalars(
        select(Case).where(needs_a_person()).order_by(Case.created_at, Case.id).offset(offset).limit(limit)
    ))
