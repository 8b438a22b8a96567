"""Check-ins after contact: "Checked in" is noted; after the last reminder the case closes itself."""
from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.orm import Session

from bot.cases.lifecycle import Move, advance, allows
from bot.cases.vocabulary import CHECKED_IN, CaseState
from bot.core import audit
from bot.core.audit import BOT, AuditAction
from bot.core.db import lock_case
from bot.core.services import Services
from bot.follow_through.answers import NOT_YOURS, CaseAnswer, answer
from bot.follow_through.closing import after_closing
from bot.follow_through.contact import FollowThroughWork
from bot.outbox import queue
from bot.roster.actor import Actor
from models.tables import Case

log = logging.getLogger(__name__)


def record_check_in(svc: Services, case_id: int, supporter: Actor) -> CaseAnswer:
    """Checked in: noted. Still works after the case closed itself at the last check-in."""
    now = svc.clock.now()
    with svc.db.session() as session:
        case = lock_case(session, case_id)
        if case is None or case.supporter_slack_id != supporter.slack_id or not (
            case.state == CaseState.CONTACTED or allows(case, Move.REVISE_OUTCOME)
        ):
            return NOT_YOURS
        audit.record(session, now, supporter.slack_id, AuditAction.CASE_CHECKED_IN, case_id)
        return answer(case)


def is_last_check_in(session: Session, case_id: int, nudge_id: int) -> bool:
    """No other check-in reminder is left for this case."""
    return not queue.has_pending(session, case_id, FollowThroughWork.CHECK_IN, other_than=nudge_id)


def close_after_last_check_in(session: Session, svc: Services, case: Case, nudge_id: int, now: datetime) -> bool:
    """When the last check-in reminder has gone out, the case closes itself as "checked in"."""
    if not is_last_check_in(session, case.id, nudge_id) or not allows(case, Move.CLOSE_AFTER_CHECK_INS):
        return False
    advance(case, Move.CLOSE_AFTER_CHECK_INS, now, outcome=CHECKED_IN)
    after_closing(session, svc, case, now)
    audit.record(session, now, BOT, AuditAction.CASE_CLOSED, case.id, detail=CHECKED_IN)
    log.info("case %s closed after the last check-in", case.id)
    return True
