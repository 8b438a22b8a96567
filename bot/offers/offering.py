"""Offering a case to the best eligible supporter, or, with nobody left, to the coordinators; and
withdrawing an open offer when a coordinator places or closes the case.

An offer is three pieces of due work: the DM now, one reminder part way, and the timeout at
the deadline (what each does: bot/offers/due_work.py).
"""
from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.cases.lifecycle import Move, advance
from bot.cases.vocabulary import URGENT, OfferStatus, is_urgent
from bot.core import audit
from bot.core.audit import BOT, AuditAction
from bot.core.db import lock_matching
from bot.core.services import Services
from bot.offers.candidates import best_candidate
from bot.outbox import queue
from bot.outbox.kinds import WorkKind
from bot.roster.people import active_coordinators
from models.tables import Case, Offer

log = logging.getLogger(__name__)


class OfferWork(WorkKind):
    SEND_OFFER = "offer"
    OFFER_REMINDER = "offer_reminder"
    OFFER_TIMEOUT = "offer_timeout"
    OFFER_PASSED_ON = "offer_passed_on"
    CLINICIAN_SUPPORTER_FOUND = "clinician_supporter_found"
    COORDINATOR_UNPLACED = "coordinator_unplaced"
    OFFER_WITHDRAWN = "offer_withdrawn"


# An offer's own work: it all stops once the offer is answered or passes on.
OFFER_WORK = (OfferWork.SEND_OFFER, OfferWork.OFFER_REMINDER, OfferWork.OFFER_TIMEOUT)


def offer_to_next_supporter(session: Session, svc: Services, case: Case, now: datetime) -> Offer | None:
    """Offer the case to the best eligible supporter, or mark it unplaced and tell coordinators."""
    lock_matching(session)
    best = best_candidate(session, svc.settings, case, now)
    if best is None:
        _ask_coordinators_to_place(session, case, now)
        return None
    offer = make_offer(session, svc, case, best.slack_id, best.reason, now)
    advance(case, Move.OFFER, now)
    return offer


def make_offer(session: Session, svc: Services, case: Case, supporter_id: str, reason: str, now: datetime) -> Offer:
    """A new open offer of the case to one supporter, with its DM, reminder and timeout. The caller
    makes the move that puts the case in OFFERED (matching's OFFER, or a coordinator's ASSIGN)."""
    urgent = is_urgent(case.urgency)
    timeout = svc.settings.offer_timeout_for(urgent)
    reminder = svc.settings.offer_reminder_for(urgent)
    offer = Offer(
        case_id=case.id,
        supporter_slack_id=supporter_id,
        status=OfferStatus.OPEN,
        match_reason=reason,
        sent_at=now,
        deadline_at=now + timeout,
    )
    session.add(offer)
    session.flush()
    audit.record(session, now, BOT, AuditAction.OFFER_MADE, case.id)
    queue.schedule(session, OfferWork.SEND_OFFER, now, now, case_id=case.id, offer_id=offer.id,
                   recipient=supporter_id)
    if reminder < timeout:
        queue.schedule(session, OfferWork.OFFER_REMINDER, now + reminder, now,
                       case_id=case.id, offer_id=offer.id, recipient=supporter_id)
    queue.schedule(session, OfferWork.OFFER_TIMEOUT, offer.deadline_at, now, case_id=case.id, offer_id=offer.id)
    log.info("case %s offered (offer %s)", case.id, offer.id)
    return offer


def withdraw_open_offers(session: Session, case: Case, now: datetime) -> None:
    """A coordinator placed or closed the case: any open offer of it ends (its DM is updated to say
    so). Withdrawn is not the supporter's doing, so it does not count towards a pause."""
    for offer in case.offers:
        if offer.status != OfferStatus.OPEN:
            continue
        offer.status, offer.answered_at = OfferStatus.WITHDRAWN, now
        queue.cancel_for_offer(session, offer.id, OFFER_WORK, now)
        queue.schedule(session, OfferWork.OFFER_WITHDRAWN, now, now, case_id=case.id, offer_id=offer.id,
                       recipient=offer.supporter_slack_id)
        audit.record(session, now, BOT, AuditAction.OFFER_WITHDRAWN, case.id)


def _ask_coordinators_to_place(session: Session, case: Case, now: datetime) -> None:
    advance(case, Move.NOBODY_LEFT, now)
    audit.record(session, now, BOT, AuditAction.CASE_UNPLACED, case.id)
    coordinators = active_coordinators(session)
    if not coordinators:
        log.warning("case %s is unplaced and the roster has no active coordinator", case.id)
    for coordinator in coordinators:
        queue.schedule(session, OfferWork.COORDINATOR_UNPLACED, now, now, case_id=case.id,
                       recipient=coordinator.slack_id)


def open_offer_of(session: Session, case: Case) -> Offer | None:
    return session.scalar(select(Offer).where(Offer.case_id == case.id, Offer.status == OfferStatus.OPEN))


def make_urgent(session: Session, svc: Services, case: Case, now: datetime) -> None:
    """The clinician now asks to talk today: the case becomes urgent, and an open offer's
    deadline and reminder come no later than an urgent offer's would (a DM held for the
    supporter's quiet hours goes now)."""
    case.urgency = URGENT
    offer = open_offer_of(session, case)
    if offer is None:
        return
    offer.deadline_at = min(offer.deadline_at, now + svc.settings.offer_timeout_for(True))
    for nudge in queue.pending_of(session, OfferWork.SEND_OFFER, offer_id=offer.id):
        nudge.due_at = min(nudge.due_at, now)
    for nudge in queue.pending_of(session, OfferWork.OFFER_REMINDER, offer_id=offer.id):
        nudge.due_at = min(nudge.due_at, now + svc.settings.offer_reminder_for(True))
    for nudge in queue.pending_of(session, OfferWork.OFFER_TIMEOUT, offer_id=offer.id):
        nudge.due_at = offer.deadline_at


def postpone_offer(session: Session, svc: Services, offer: Offer, until: datetime) -> None:
    """An offer held for the supporter's quiet hours counts its time from when it is sent."""
    urgent = is_urgent(offer.case.urgency)
    offer.sent_at = until
    offer.deadline_at = until + svc.settings.offer_timeout_for(urgent)
    reminder_at = until + svc.settings.offer_reminder_for(urgent)
    for nudge in queue.pending_of(session, OfferWork.OFFER_REMINDER, offer_id=offer.id):
        nudge.due_at = reminder_at
    for nudge in queue.pending_of(session, OfferWork.OFFER_TIMEOUT, offer_id=offer.id):
        nudge.due_at = offer.deadline_at
