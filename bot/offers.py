"""Offering a case to a supporter, and what happens when they answer or stay silent.

Each transition checks the offer's current state in the same transaction that
changes it (a conditional UPDATE), so two clicks, two processes or a retried
request produce exactly one outcome; the loser gets `NO_LONGER_OPEN`.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot import audit, availability, escalation, nudges
from bot.locks import lock_case_of_offer
from bot.matching import CaseForMatching, MatchResult, SupporterProfile, rank_supporters
from bot.nudges import NudgeKind
from bot.roles import active_coordinators, people_with_role, person_by_slack_id
from bot.services import Services
from bot.vocabulary import PASSED_OFFER_STATUSES, URGENT, CaseState, OfferStatus, Role
from models.tables import Case, CaseReferral, Nudge, Offer

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OfferSummary:
    """What a supporter may see of an offer they hold: no typed text, no event type."""

    offer_id: int
    case_id: int
    supporter_id: str
    clinician_id: str
    source: str
    urgency: str
    contact_preference: str | None
    status: str
    deadline_at: datetime
    dm_channel: str | None
    dm_ts: str | None
    referrer_id: str | None  # only when the referrer allowed it


@dataclass(frozen=True)
class Answer:
    """The result of answering an offer."""

    ok: bool
    offer: OfferSummary | None = None


NO_LONGER_OPEN = Answer(ok=False)


def summarise(offer: Offer, case: Case) -> OfferSummary:
    return OfferSummary(
        offer_id=offer.id,
        case_id=case.id,
        supporter_id=offer.supporter_slack_id,
        clinician_id=case.clinician_slack_id,
        source=case.source,
        urgency=case.urgency,
        contact_preference=case.contact_preference,
        status=offer.status,
        deadline_at=offer.deadline_at,
        dm_channel=offer.dm_channel,
        dm_ts=offer.dm_ts,
        referrer_id=case.referrer_slack_id if case.referrer_may_be_named else None,
    )


def is_open(offer: Offer | None, now: datetime) -> bool:
    """An offer can still be answered: open, and its deadline not yet reached."""
    return offer is not None and offer.status == OfferStatus.OPEN and offer.deadline_at > now


def lets_supporter_see(offer: Offer, case: Case, supporter: str, now: datetime) -> bool:
    """A supporter sees a case through an offer while it is open to them, or while they hold the case."""
    if offer.supporter_slack_id != supporter:
        return False
    holds_case = (
        offer.status == OfferStatus.ACCEPTED
        and case.supporter_slack_id == supporter
        and case.state in (CaseState.ACCEPTED, CaseState.CONTACTED)
    )
    return is_open(offer, now) or holds_case


# ---- matching against the roster ------------------------------------------------------


def _open_cases_by_supporter(session: Session) -> dict[str, int]:
    held = dict(
        session.execute(
            select(Case.supporter_slack_id, func.count())
            .where(Case.state.in_([CaseState.ACCEPTED, CaseState.CONTACTED]))
            .group_by(Case.supporter_slack_id)
        ).all()
    )
    # An open offer holds a place too, so a supporter is never offered past capacity.
    for supporter, count in session.execute(
        select(Offer.supporter_slack_id, func.count())
        .where(Offer.status == OfferStatus.OPEN)
        .group_by(Offer.supporter_slack_id)
    ).all():
        held[supporter] = held.get(supporter, 0) + count
    return held


def _last_offered(session: Session) -> dict[str, datetime]:
    return dict(
        session.execute(
            select(Offer.supporter_slack_id, func.max(Offer.sent_at)).group_by(Offer.supporter_slack_id)
        ).all()
    )


def match_case(session: Session, case: Case, now: datetime) -> MatchResult:
    """Rank the roster's supporters for this case (see bot/matching.py for the rules)."""
    clinician = person_by_slack_id(session, case.clinician_slack_id)
    passed_by = frozenset(
        session.scalars(
            select(Offer.supporter_slack_id).where(
                Offer.case_id == case.id,
                Offer.status.in_(list(PASSED_OFFER_STATUSES)),
            )
        )
    )
    facts = CaseForMatching(
        clinician_id=case.clinician_slack_id,
        clinician_cohort=clinician.cohort if clinician else None,
        clinician_division=clinician.division if clinician else None,
        referrer_id=case.referrer_slack_id,
        other_referrer_ids=frozenset(
            session.scalars(select(CaseReferral.referrer_slack_id).where(CaseReferral.case_id == case.id))
        ),
        excluded_ids=frozenset(case.excluded_slack_ids.split()),
        passed_by=passed_by,
    )
    supporters = [
        SupporterProfile(
            slack_id=p.slack_id,
            cohort=p.cohort,
            division=p.division,
            max_active_cases=p.max_active_cases,
            active=p.active,
            paused_until=p.paused_until,
        )
        for p in people_with_role(session, Role.SUPPORTER)
    ]
    return rank_supporters(facts, supporters, _open_cases_by_supporter(session), _last_offered(session), now)


def offer_to_next_supporter(session: Session, svc: Services, case: Case, now: datetime) -> Offer | None:
    """Offer the case to the best eligible supporter, or mark it unplaced and tell coordinators."""
    best = match_case(session, case, now).best
    if best is None:
        case.state = CaseState.UNPLACED
        case.unplaced_at = now
        case.updated_at = now
        audit.record(session, now, "bot", "case.unplaced", case.id)
        coordinators = active_coordinators(session)
        if not coordinators:
            log.warning("case %s is unplaced and the roster has no active coordinator", case.id)
        for coordinator in coordinators:
            nudges.schedule(
                session, NudgeKind.COORDINATOR_UNPLACED, now, now, case_id=case.id, recipient=coordinator.slack_id
            )
        return None

    urgent = case.urgency == URGENT
    timeout = svc.settings.offer_timeout_for(urgent)
    reminder = svc.settings.offer_reminder_for(urgent)
    offer = Offer(
        case_id=case.id,
        supporter_slack_id=best.slack_id,
        status=OfferStatus.OPEN,
        match_reason=best.reason,
        sent_at=now,
        deadline_at=now + timeout,
    )
    session.add(offer)
    session.flush()
    case.state = CaseState.OFFERED
    case.offered_at = now
    case.updated_at = now
    audit.record(session, now, "bot", "offer.made", case.id)
    nudges.schedule(session, NudgeKind.SEND_OFFER, now, now, case_id=case.id, offer_id=offer.id, recipient=best.slack_id)
    if reminder < timeout:
        nudges.schedule(
            session, NudgeKind.OFFER_REMINDER, now + reminder, now,
            case_id=case.id, offer_id=offer.id, recipient=best.slack_id,
        )
    nudges.schedule(session, NudgeKind.OFFER_TIMEOUT, offer.deadline_at, now, case_id=case.id, offer_id=offer.id)
    log.info("case %s offered (offer %s)", case.id, offer.id)
    return offer


def postpone_offer(session: Session, svc: Services, offer: Offer, until: datetime) -> None:
    """An offer held for the supporter's quiet hours counts its time from when it is sent."""
    urgent = offer.case.urgency == URGENT
    offer.sent_at = until
    offer.deadline_at = until + svc.settings.offer_timeout_for(urgent)
    reminder_at = until + svc.settings.offer_reminder_for(urgent)
    for nudge in session.scalars(select(Nudge).where(
        Nudge.offer_id == offer.id, Nudge.sent_at.is_(None), Nudge.cancelled_at.is_(None),
        Nudge.kind.in_([NudgeKind.OFFER_REMINDER, NudgeKind.OFFER_TIMEOUT]),
    )):
        nudge.due_at = reminder_at if nudge.kind == NudgeKind.OFFER_REMINDER else offer.deadline_at


# ---- answering ---------------------------------------------------------------------------


def _close_offer(session: Session, offer_id: int, supporter: str, status: OfferStatus, now: datetime, **extra) -> bool:
    """Move an open, unexpired offer held by `supporter` to `status`; False if it was not open."""
    result = session.execute(
        update(Offer)
        .where(
            Offer.id == offer_id,
            Offer.supporter_slack_id == supporter,
            Offer.status == OfferStatus.OPEN,
            Offer.deadline_at > now,
        )
        .values(status=status, answered_at=now, **extra)
    )
    return result.rowcount == 1


def open_offer_for(svc: Services, offer_id: int, supporter: str) -> OfferSummary | None:
    """The offer, if it is still open and held by this supporter; otherwise None."""
    now = svc.clock.now()
    with svc.db.session() as session:
        offer = session.get(Offer, offer_id)
        if not is_open(offer, now) or offer.supporter_slack_id != supporter:
            return None
        return summarise(offer, offer.case)


def accept_offer(svc: Services, offer_id: int, supporter: str) -> Answer:
    """Accept: the case becomes this supporter's, and the clinician hears someone will reach out."""
    now = svc.clock.now()
    with svc.db.session() as session:
        if not lock_case_of_offer(session, offer_id) or not _close_offer(
            session, offer_id, supporter, OfferStatus.ACCEPTED, now
        ):
            return NO_LONGER_OPEN
        offer = session.get(Offer, offer_id)
        case = offer.case
        case.state = CaseState.ACCEPTED
        case.supporter_slack_id = supporter
        case.accepted_at = now
        case.updated_at = now
        nudges.cancel_for_offer(session, offer_id, nudges.OFFER_NUDGES, now)
        availability.note_answered(session, supporter)
        if case.source == "self":
            # Once per case: after a hand-off the clinician notices nothing.
            nudges.schedule(
                session, NudgeKind.CLINICIAN_SUPPORTER_FOUND, now, now,
                case_id=case.id, recipient=case.clinician_slack_id, dedupe_key=f"supporter_found:{case.id}",
            )
        nudges.schedule(session, NudgeKind.CONTACT_NUDGE, now + svc.settings.contact_nudge_after, now,
                        case_id=case.id, recipient=supporter)
        escalation.start_contact_clock(session, svc, case, now)
        audit.record(session, now, supporter, "offer.accepted", case.id)
        summary = summarise(offer, case)
    log.info("case %s accepted (offer %s)", summary.case_id, offer_id)
    svc.wake()
    return Answer(ok=True, offer=summary)


def decline_offer(svc: Services, offer_id: int, supporter: str, reason: str) -> Answer:
    """Decline passes the case on: the next supporter is offered it; the clinician is not told."""
    now = svc.clock.now()
    with svc.db.session() as session:
        if not lock_case_of_offer(session, offer_id) or not _close_offer(
            session, offer_id, supporter, OfferStatus.DECLINED, now, decline_reason=reason
        ):
            return NO_LONGER_OPEN
        offer = session.get(Offer, offer_id)
        nudges.cancel_for_offer(session, offer_id, nudges.OFFER_NUDGES, now)
        availability.note_answered(session, supporter)
        audit.record(session, now, supporter, "offer.declined", offer.case_id)
        summary = summarise(offer, offer.case)
        offer_to_next_supporter(session, svc, offer.case, now)
    log.info("case %s: offer %s declined, re-matching", summary.case_id, offer_id)
    svc.wake()
    return Answer(ok=True, offer=summary)


def expire_offer(session: Session, svc: Services, offer_id: int, now: datetime) -> bool:
    """No answer by the deadline: the offer passes on, and its DM is updated to say so."""
    result = session.execute(
        update(Offer)
        .where(Offer.id == offer_id, Offer.status == OfferStatus.OPEN, Offer.deadline_at <= now)
        .values(status=OfferStatus.EXPIRED, answered_at=now)
    )
    if result.rowcount != 1:
        return False
    offer = session.get(Offer, offer_id)
    nudges.cancel_for_offer(session, offer_id, nudges.OFFER_NUDGES, now)
    nudges.schedule(
        session, NudgeKind.OFFER_PASSED_ON, now, now,
        case_id=offer.case_id, offer_id=offer_id, recipient=offer.supporter_slack_id,
    )
    audit.record(session, now, "bot", "offer.expired", offer.case_id)
    availability.note_expired(session, offer.supporter_slack_id, now)
    log.info("case %s: offer %s expired, re-matching", offer.case_id, offer_id)
    offer_to_next_supporter(session, svc, offer.case, now)
    return True


@dataclass(frozen=True)
class OfferDetails:
    case_id: int
    clinician_id: str
    event_type: str | None
    note: str | None
    source: str
    referrer_id: str | None  # only when the referrer allowed it


def offer_details(svc: Services, offer_id: int, supporter: str) -> OfferDetails | None:
    """Event type and note, for the supporter holding an open or accepted offer; else None."""
    now = svc.clock.now()
    with svc.db.session() as session:
        offer = session.get(Offer, offer_id)
        if offer is None or not lets_supporter_see(offer, offer.case, supporter, now):
            return None
        case = offer.case
        audit.record(session, now, supporter, "case.details_viewed", case.id)
        return OfferDetails(
            case_id=case.id,
            clinician_id=case.clinician_slack_id,
            event_type=case.event_type,
            note=svc.cipher.decrypt(case.note_ciphertext),
            source=case.source,
            referrer_id=case.referrer_slack_id if case.referrer_may_be_named else None,
        )
