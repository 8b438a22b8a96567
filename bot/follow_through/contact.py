"""We've connected, and Couldn't reach them.

Contact recorded: the check-ins are scheduled from now (CHECKIN_AFTER) and whoever referred
the clinician hears once that a supporter has been in touch. Not reached: asked again after
CONTACT_NUDGE_AFTER. Only the supporter holding the case may do either.
"""
from __future__ import annotations

import logging

from sqlalchemy import select

from bot.cases.clocks import CONTACT_WORK, nudge_about_contact
from bot.cases.lifecycle import Move, advance
from bot.cases.policy import holds_case
from bot.cases.vocabulary import CaseState
from bot.core import audit
from bot.core.audit import AuditAction
from bot.core.db import lock_case
from bot.core.services import Services
from bot.follow_through.answers import NOT_YOURS, CaseAnswer, answer
from bot.outbox import queue
from bot.outbox.kinds import WorkKind
from bot.roster.actor import Actor
from models.tables import CaseReferral

log = logging.getLogger(__name__)


class FollowThroughWork(WorkKind):
    CHECK_IN = "check_in"
    REFERRER_CONTACT_MADE = "referrer_contact_made"


# What a supporter holding a case is reminded of; all of it stops when the case moves on.
HOLDER_WORK = (*CONTACT_WORK, FollowThroughWork.CHECK_IN)


def record_contact(svc: Services, case_id: int, supporter: Actor) -> CaseAnswer:
    """We've connected: check-ins are scheduled from now, and whoever referred hears once.
    A second click changes nothing."""
    now = svc.clock.now()
    with svc.db.session() as session:
        case = lock_case(session, case_id)
        if not holds_case(supporter.slack_id, case):
            return NOT_YOURS
        if case.state == CaseState.CONTACTED:
            return answer(case)
        advance(case, Move.RECORD_CONTACT, now)
        queue.cancel_for_case(session, case_id, HOLDER_WORK, now)
        for offset in svc.settings.checkin_after:
            queue.schedule(session, FollowThroughWork.CHECK_IN, now + offset, now, case_id=case_id,
                           recipient=supporter.slack_id)
        referrers = set(session.scalars(select(CaseReferral.referrer_slack_id).where(CaseReferral.case_id == case_id)))
        for referrer in sorted(referrers):
            queue.schedule(session, FollowThroughWork.REFERRER_CONTACT_MADE, now, now, case_id=case_id,
                           recipient=referrer, dedupe_key=f"referrer_contact:{case_id}:{referrer}")
        audit.record(session, now, supporter.slack_id, AuditAction.CASE_CONTACTED, case_id)
        result = answer(case)
    log.info("case %s: contact recorded", case_id)
    svc.wake()
    return result


def record_not_reached(svc: Services, case_id: int, supporter: Actor) -> CaseAnswer:
    """Couldn't reach them: not contact. Ask again after CONTACT_NUDGE_AFTER."""
    now = svc.clock.now()
    with svc.db.session() as session:
        case = lock_case(session, case_id)
        if not holds_case(supporter.slack_id, case) or case.state != CaseState.ACCEPTED:
            return NOT_YOURS
        case.updated_at = now
        nudge_about_contact(session, svc, case, now)
        audit.record(session, now, supporter.slack_id, AuditAction.CASE_NOT_REACHED, case_id)
        return answer(case)
