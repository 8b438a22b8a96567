"""A supporter answers an offer, or stays silent.

- Accept: the case becomes theirs; the clinician (if they asked themselves) hears someone
  will reach out; the contact follow-through starts.
- Decline re-matches: the next supporter is offered the case; the clinician is not told.
- No answer by the deadline (the timeout, due work) passes it on the same way, and the
  offer's DM is updated to say so.
Each answer locks the case first and checks the offer is still open to this supporter in
the same transaction that changes it, so two clicks, two processes or a retried request
produce exactly one outcome; the loser gets NO_LONGER_OPEN.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.cases.clocks import start_contact_clock
from bot.cases.lifecycle import Move, advance, allows
from bot.cases.policy import may_answer_offer
from bot.cases.vocabulary import DECLINE_REASONS, OfferStatus, Source, require_choice
from bot.core import audit
from bot.core.audit import BOT, AuditAction
from bot.core.db import lock_case_of_offer
from bot.core.services import Services
from bot.offers.offering import OFFER_WORK, OfferWork, offer_to_next_supporter
from bot.offers.summaries import OfferSummary, summarise
from bot.outbox import queue
from bot.roster import availability
from bot.roster.actor import Actor
from models.tables import Offer

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Answer:
    """The result of answering an offer."""

    ok: bool
    offer: OfferSummary | None = None


NO_LONGER_OPEN = Answer(ok=False)


def _answer(session: Session, offer_id: int, supporter: str, status: OfferStatus, move: Move | None,
            now: datetime, **extra) -> Offer | None:
    """Lock the case, and close the offer with `status` if it is still open to `supporter`
    (and the case allows `move`); None when it is not."""
    case = lock_case_of_offer(session, offer_id)
    offer = session.get(Offer, offer_id) if case is not None else None
    if not may_answer_offer(supporter, offer, now) or (move is not None and not allows(case, move)):
        return None
    offer.status, offer.answered_at = status, now
    for column, value in extra.items():
        setattr(offer, column, value)
    queue.cancel_for_offer(session, offer_id, OFFER_WORK, now)
    return offer


def accept_offer(svc: Services, offer_id: int, supporter: Actor) -> Answer:
    """Accept: the case becomes this supporter's, and the clinician hears someone will reach out."""
    now = svc.clock.now()
    with svc.db.session() as session:
        offer = _answer(session, offer_id, supporter.slack_id, OfferStatus.ACCEPTED, Move.ACCEPT, now)
        if offer is None:
            return NO_LONGER_OPEN
        case = offer.case
        advance(case, Move.ACCEPT, now, supporter_slack_id=supporter.slack_id)
        availability.note_answered(session, supporter.slack_id)
        if case.source == Source.SELF:
            # Once per case: after a hand-off the clinician notices nothing.
            queue.schedule(session, OfferWork.CLINICIAN_SUPPORTER_FOUND, now, now, case_id=case.id,
                           recipient=case.clinician_slack_id, dedupe_key=f"supporter_found:{case.id}")
        start_contact_clock(session, svc, case, now)
        audit.record(session, now, supporter.slack_id, AuditAction.OFFER_ACCEPTED, case.id)
        summary = summarise(offer, case)
    log.info("case %s accepted (offer %s)", summary.case_id, offer_id)
    svc.wake()
    return Answer(ok=True, offer=summary)


def decline_offer(svc: Services, offer_id: int, supporter: Actor, reason: str) -> Answer:
    """Decline re-matches: the next supporter is offered the case; the clinician is not told.
    `reason` must be one of DECLINE_REASONS (a code, never free text)."""
    require_choice(reason, DECLINE_REASONS, "the decline reason")
    now = svc.clock.now()
    with svc.db.session() as session:
        offer = _answer(session, offer_id, supporter.slack_id, OfferStatus.DECLINED, None, now,
                        decline_reason=reason)
        if offer is None:
            return NO_LONGER_OPEN
        availability.note_answered(session, supporter.slack_id)
        audit.record(session, now, supporter.slack_id, AuditAction.OFFER_DECLINED, offer.case_id)
        summary = summarise(offer, offer.case)
        offer_to_next_supporter(session, svc, offer.case, now)
    log.info("case %s: offer %s declined, re-matching", summary.case_id, offer_id)
    svc.wake()
    return Answer(ok=True, offer=summary)


def expire_offer(session: Session, svc: Services, offer_id: int, now: datetime) -> bool:
    """No answer by the deadline: the offer passes on, and its DM is updated to say so.
    Runs as due work, in a transaction that has locked the case."""
    result = session.execute(
        update(Offer)
        .where(Offer.id == offer_id, Offer.status == OfferStatus.OPEN, Offer.deadline_at <= now)
        .values(status=OfferStatus.EXPIRED, answered_at=now)
    )
    if result.rowcount != 1:
        return False
    offer = session.get(Offer, offer_id)
    session.refresh(offer)
    queue.cancel_for_offer(session, offer_id, OFFER_WORK, now)
    queue.schedule(session, OfferWork.OFFER_PASSED_ON, now, now, case_id=offer.case_id, offer_id=offer_id,
                   recipient=offer.supporter_slack_id)
    audit.record(session, now, BOT, AuditAction.OFFER_EXPIRED, offer.case_id)
    availability.note_expired(session, offer.supporter_slack_id, now)
    log.info("case %s: offer %s expired, re-matching", offer.case_id, offer_id)
    offer_to_next_supporter(session, svc, offer.case, now)
    return True
