"""Raising a hand to the coordinators when a case stalls: once per case per condition.

- nobody has accepted ESCALATE_AFTER (urgent: half) after the referral or the last hand-off,
  unless the coordinators were already asked to place it because nobody was left;
- no contact recorded CONTACT_NUDGE_AFTER twice over after Accept.
"""
from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot import audit, nudges
from bot.nudges import NudgeKind
from bot.roles import active_coordinators
from bot.services import Services
from bot.vocabulary import URGENT, CaseState
from models.tables import Case

log = logging.getLogger(__name__)

WAITING_STATES = (CaseState.NEW, CaseState.OFFERED)


def start_waiting_clock(session: Session, svc: Services, case: Case, now: datetime) -> None:
    """Nobody has accepted yet, from now: escalate if that is still so after ESCALATE_AFTER."""
    case.waiting_since = now
    case.escalated_unaccepted_at = None
    nudges.cancel_for_case(session, case.id, (NudgeKind.ESCALATE_UNACCEPTED, NudgeKind.COORDINATOR_NOT_ACCEPTED), now)
    due = now + svc.settings.escalate_after_for(case.urgency == URGENT)
    nudges.schedule(session, NudgeKind.ESCALATE_UNACCEPTED, due, now, case_id=case.id,
                    dedupe_key=f"escalate:unaccepted:{case.id}:{int(now.timestamp())}")


def start_contact_clock(session: Session, svc: Services, case: Case, now: datetime) -> None:
    """Accepted, not yet in touch: escalate if no contact is recorded after twice CONTACT_NUDGE_AFTER."""
    nudges.cancel_for_case(session, case.id, (NudgeKind.ESCALATE_UNACCEPTED, NudgeKind.COORDINATOR_NOT_ACCEPTED), now)
    nudges.schedule(session, NudgeKind.ESCALATE_NO_CONTACT, now + 2 * svc.settings.contact_nudge_after, now,
                    case_id=case.id, dedupe_key=f"escalate:no_contact:{case.id}:{int(now.timestamp())}")


def _tell_coordinators(session: Session, case: Case, kind: NudgeKind, now: datetime) -> None:
    for coordinator in active_coordinators(session):
        nudges.schedule(session, kind, now, now, case_id=case.id, recipient=coordinator.slack_id)


def escalate_if_still_unaccepted(session: Session, case: Case, now: datetime) -> bool:
    if case.state not in WAITING_STATES or case.unplaced_at is not None or case.escalated_unaccepted_at:
        return False
    case.escalated_unaccepted_at = now
    _tell_coordinators(session, case, NudgeKind.COORDINATOR_NOT_ACCEPTED, now)
    audit.record(session, now, "bot", "case.escalated_not_accepted", case.id)
    log.info("case %s escalated: not accepted in time", case.id)
    return True


def escalate_if_still_no_contact(session: Session, case: Case, now: datetime) -> bool:
    if case.state != CaseState.ACCEPTED or case.escalated_no_contact_at:
        return False
    case.escalated_no_contact_at = now
    _tell_coordinators(session, case, NudgeKind.COORDINATOR_NO_CONTACT, now)
    audit.record(session, now, "bot", "case.escalated_no_contact", case.id)
    log.info("case %s escalated: no contact recorded", case.id)
    return True


def stalled_cases(session: Session) -> list[Case]:
    """For the digest: escalated and still not accepted, or escalated and still without contact,
    or waiting for a coordinator to place them."""
    return list(session.scalars(
        select(Case).where(or_(
            (Case.state.in_(list(WAITING_STATES))) & Case.escalated_unaccepted_at.is_not(None),
            Case.state == CaseState.UNPLACED,
            (Case.state == CaseState.ACCEPTED) & Case.escalated_no_contact_at.is_not(None),
        )).order_by(Case.id)
    ))
