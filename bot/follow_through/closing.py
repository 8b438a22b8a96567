"""Closing a case with an outcome, by the supporter holding it.

Closing deletes the note (the transition clears it: bot/cases/lifecycle.py) and stops every
reminder and timer still pending for the case. A case that closed itself after its last
check-in takes the supporter's outcome too.
"""
from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.orm import Session

from bot.cases.clocks import UNACCEPTED_WORK
from bot.cases.lifecycle import Move, advance, allows
from bot.cases.policy import holds_case
from bot.cases.retention import schedule_purge
from bot.cases.vocabulary import OUTCOMES, require_choice
from bot.core import audit
from bot.core.audit import AuditAction
from bot.core.db import lock_case
from bot.core.services import Services
from bot.follow_through.answers import NOT_YOURS, CaseAnswer, answer
from bot.follow_through.contact import HOLDER_WORK
from bot.offers.offering import OFFER_WORK
from bot.outbox import queue
from bot.roster.actor import Actor
from models.tables import Case

log = logging.getLogger(__name__)


def after_closing(session: Session, svc: Services, case: Case, now: datetime) -> None:
    """A closed case has nothing left to remind anyone of, and its identities go after RETENTION."""
    queue.cancel_for_case(session, case.id, (*HOLDER_WORK, *OFFER_WORK, *UNACCEPTED_WORK), now)
    schedule_purge(session, case, svc.settings.retention, now)


def _closing_move(case: Case | None, supporter: str) -> Move | None:
    if holds_case(supporter, case):
        return Move.CLOSE
    if case is not None and case.supporter_slack_id == supporter and allows(case, Move.REVISE_OUTCOME):
        return Move.REVISE_OUTCOME
    return None


def close_case(svc: Services, case_id: int, supporter: Actor, outcome: str) -> CaseAnswer:
    """Close with an outcome (one of OUTCOMES)."""
    require_choice(outcome, OUTCOMES, "the outcome")
    now = svc.clock.now()
    with svc.db.session() as session:
        case = lock_case(session, case_id)
        move = _closing_move(case, supporter.slack_id)
        if move is None:
            return NOT_YOURS
        advance(case, move, now, outcome=outcome)
        after_closing(session, svc, case, now)
        audit.record(session, now, supporter.slack_id, AuditAction.CASE_CLOSED, case_id, detail=outcome)
        result = answer(case)
    log.info("case %s closed (%s)", case_id, outcome)
    return result


def case_for_holder(svc: Services, case_id: int, supporter: Actor) -> CaseAnswer:
    """The case, if this supporter may close it (for opening the Close modal)."""
    with svc.db.session() as session:
        case = session.get(Case, case_id)
        return answer(case) if _closing_move(case, supporter.slack_id) is not None else NOT_YOURS
