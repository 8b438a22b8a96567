"""Hand off: the supporter passes the case on. It goes back to matching with this supporter
excluded (their offer becomes "handed off"), the nobody-accepted clock starts again, and the
clinician is not told."""
from __future__ import annotations

import logging

from sqlalchemy import update

from bot.cases.clocks import start_waiting_clock
from bot.cases.lifecycle import Move, advance
from bot.cases.policy import holds_case
from bot.cases.vocabulary import OfferStatus
from bot.core import audit
from bot.core.audit import AuditAction
from bot.core.db import lock_case
from bot.core.services import Services
from bot.follow_through.answers import NOT_YOURS, CaseAnswer, answer
from bot.follow_through.contact import HOLDER_WORK
from bot.offers.offering import offer_to_next_supporter
from bot.outbox import queue
from bot.roster.actor import Actor
from models.tables import Offer

log = logging.getLogger(__name__)


def hand_off(svc: Services, case_id: int, supporter: Actor) -> CaseAnswer:
    now = svc.clock.now()
    with svc.db.session() as session:
        case = lock_case(session, case_id)
        if not holds_case(supporter.slack_id, case):
            return NOT_YOURS
        advance(case, Move.HAND_OFF, now)
        session.execute(
            update(Offer)
            .where(Offer.case_id == case_id, Offer.supporter_slack_id == supporter.slack_id,
                   Offer.status == OfferStatus.ACCEPTED)
            .values(status=OfferStatus.HANDED_OFF, answered_at=now)
        )
        queue.cancel_for_case(session, case_id, HOLDER_WORK, now)
        audit.record(session, now, supporter.slack_id, AuditAction.CASE_HANDED_OFF, case_id)
        result = answer(case)
        start_waiting_clock(session, svc, case, now)
        offer_to_next_supporter(session, svc, case, now)
    log.info("case %s handed off, re-matching", case_id)
    svc.wake()
    return result
