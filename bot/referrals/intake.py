"""A request becomes a case, once per request key: a retried request never creates a second case
or offer.

A request about someone who already has an open case joins that case instead of being lost: a
more urgent choice makes the case urgent (and its offer's deadline and escalation sooner), a new
note is added to the case's notes, the supporter holding or being offered it hears privately that
there is news (Details shows it), and a clinician who asked again hears that it was added to
their open request. One person may open at most REFERRAL_LIMIT referrals an hour.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.cases.clocks import hasten_waiting_clock, start_waiting_clock
from bot.cases.lifecycle import Move, advance, new_case
from bot.cases.notes import Note, NoteAuthor, add_note
from bot.cases.policy import may_refer_colleagues
from bot.cases.vocabulary import HELD_CASE_STATES, OPEN_CASE_STATES, CaseState, Source, is_urgent
from bot.core import audit
from bot.core.audit import AuditAction
from bot.core.db import lock_case, lock_clinician
from bot.core.idempotency import already_done, once
from bot.core.services import Services
from bot.offers.offering import make_urgent, offer_to_next_supporter, open_offer_of
from bot.outbox import queue
from bot.outbox.kinds import WorkKind
from bot.referrals.referral import InvalidReferral, NotAllowedToRefer, Referral, check_referral, colleague_problem
from bot.roster.actor import Actor
from bot.roster.people import active_coordinators, person_by_slack_id
from models.tables import AuditEvent, Case, CaseReferral

log = logging.getLogger(__name__)

LIMIT_WINDOW = timedelta(hours=1)
# What counts as opening a referral, for REFERRAL_LIMIT.
REFERRAL_ACTIONS = (AuditAction.CASE_CREATED, AuditAction.CASE_REFERRAL_JOINED, AuditAction.CASE_SELF_REFERRAL_JOINED)


class ReferralWork(WorkKind):
    CLINICIAN_WELCOME = "clinician_welcome"
    CLINICIAN_REQUEST_JOINED = "clinician_request_joined"
    SUPPORTER_CASE_NEWS = "supporter_case_news"
    COORDINATOR_REFERRAL_LIMIT = "coordinator_referral_limit"


class TooManyReferrals(Exception):
    """This person has opened REFERRAL_LIMIT referrals in the last hour."""


@dataclass(frozen=True)
class Received:
    case_id: int
    created: bool
    # The clinician already had an open case: this request joined it, nothing new was offered.
    joined_open_case: bool = False


def coordinators_to_ask(svc: Services) -> list[str]:
    """Slack ids of the active coordinators, for "please tell a coordinator"."""
    with svc.db.session() as session:
        return [person.slack_id for person in active_coordinators(session)]


def _open_case_id_of(session: Session, clinician_id: str) -> int | None:
    return session.scalar(
        select(Case.id)
        .where(Case.clinician_slack_id == clinician_id, Case.state.in_(list(OPEN_CASE_STATES)))
        .order_by(Case.id)
        .limit(1)
    )


def _welcome(session: Session, case: Case, now: datetime) -> None:
    queue.schedule(session, ReferralWork.CLINICIAN_WELCOME, now, now, case_id=case.id,
                   recipient=case.clinician_slack_id)


def _record_referrer(session: Session, case: Case, referral: Referral, now: datetime) -> None:
    session.add(CaseReferral(case_id=case.id, referrer_slack_id=referral.referrer_id,
                             referrer_may_be_named=referral.referrer_may_be_named, created_at=now))


def _note_of(referral: Referral) -> Note | None:
    if not referral.note:
        return None
    return Note(NoteAuthor.CLINICIAN if referral.source == Source.SELF else NoteAuthor.REFERRER, referral.note)


def _supporter_with(session: Session, case: Case) -> str | None:
    """Whoever holds the case, or has its open offer."""
    if case.state in HELD_CASE_STATES:
        return case.supporter_slack_id
    offer = open_offer_of(session, case)
    return offer.supporter_slack_id if offer is not None else None


def _join_open_case(session: Session, svc: Services, case: Case, referral: Referral, now: datetime) -> None:
    news = False
    note = _note_of(referral)
    if note is not None:
        add_note(svc.cipher, case, note)
        news = True
    if is_urgent(referral.urgency) and not is_urgent(case.urgency):
        make_urgent(session, svc, case, now)
        hasten_waiting_clock(session, svc, case)
        news = True
    case.updated_at = now
    supporter = _supporter_with(session, case)
    if case.state == CaseState.TRIAGE:
        # A hospital system's case waiting for a coordinator: someone asked, so it is matched now.
        advance(case, Move.APPROVE, now)
        if case.contact_preference is None and referral.source == Source.SELF:
            case.contact_preference = referral.contact_preference
        start_waiting_clock(session, svc, case, now)
        offer_to_next_supporter(session, svc, case, now)
    if news and supporter is not None:
        queue.schedule(session, ReferralWork.SUPPORTER_CASE_NEWS, now, now, case_id=case.id, recipient=supporter)
    if referral.source == Source.LEAD:
        _record_referrer(session, case, referral, now)
        audit.record(session, now, referral.referrer_id, AuditAction.CASE_REFERRAL_JOINED, case.id)
    elif case.source == Source.SYSTEM and queue.schedule(
            session, ReferralWork.CLINICIAN_WELCOME, now, now, case_id=case.id, recipient=case.clinician_slack_id,
            dedupe_key=f"welcome:{case.id}") is not None:
        # They never heard of the case a hospital system started: this is their first word from us.
        audit.record(session, now, referral.clinician_id, AuditAction.CASE_SELF_REFERRAL_JOINED, case.id)
    else:
        queue.schedule(session, ReferralWork.CLINICIAN_REQUEST_JOINED, now, now, case_id=case.id,
                       recipient=referral.clinician_id)
        audit.record(session, now, referral.clinician_id, AuditAction.CASE_SELF_REFERRAL_JOINED, case.id)


def _start_case(session: Session, svc: Services, referral: Referral, now: datetime) -> Case:
    clinician = person_by_slack_id(session, referral.clinician_id)
    case = new_case(
        now,
        clinician_slack_id=referral.clinician_id,
        source=referral.source,
        referrer_slack_id=referral.referrer_id,
        referrer_may_be_named=referral.referrer_may_be_named,
        event_type=referral.event_type,
        urgency=referral.urgency,
        contact_preference=referral.contact_preference,
        excluded_slack_ids=" ".join(sorted(referral.excluded_ids - {referral.clinician_id})),
        clinician_division=clinician.division if clinician else None,
        clinician_cohort=clinician.cohort if clinician else None,
    )
    note = _note_of(referral)
    if note is not None:
        add_note(svc.cipher, case, note)
    session.add(case)
    session.flush()
    if referral.source == Source.LEAD:
        _record_referrer(session, case, referral, now)
    audit.record(session, now, referral.referrer_id or referral.clinician_id, AuditAction.CASE_CREATED, case.id)
    start_waiting_clock(session, svc, case, now)
    if referral.source == Source.SELF:
        _welcome(session, case, now)
    offer_to_next_supporter(session, svc, case, now)
    return case


def _check_who_asks(referral: Referral, by: Actor) -> None:
    """A lead referral needs a lead or coordinator (checked here, not only in what the handlers
    show); a self-referral is made by the clinician themselves."""
    if referral.source == Source.LEAD:
        if referral.referrer_id != by.slack_id or not may_refer_colleagues(by):
            raise NotAllowedToRefer(by.slack_id)
        if referral.clinician_id == by.slack_id:
            raise InvalidReferral({"colleague": colleague_problem(by.slack_id, referral.clinician_id, None)})
    elif referral.clinician_id != by.slack_id:
        raise NotAllowedToRefer(by.slack_id)


def _referrals_in_the_last_hour(session: Session, person: str, now: datetime) -> int:
    return session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.actor == person, AuditEvent.action.in_([str(a) for a in REFERRAL_ACTIONS]),
        AuditEvent.at > now - LIMIT_WINDOW))


def check_referral_limit(svc: Services, by: Actor, intake_key: str) -> None:
    """TooManyReferrals once this person has opened REFERRAL_LIMIT referrals in the last hour
    (a retry of a request already done is not a new one); the coordinators then hear, once that
    hour, who it was (never what was asked)."""
    if already_done(svc.db, intake_key):
        return
    now = svc.clock.now()
    with svc.db.read() as session:  # before the form's answer: waits behind no writer
        if _referrals_in_the_last_hour(session, by.slack_id, now) < svc.settings.referral_limit:
            return
    with svc.db.session() as session:
        window = int(now.timestamp() // LIMIT_WINDOW.total_seconds())
        for coordinator in active_coordinators(session):
            queue.schedule(session, ReferralWork.COORDINATOR_REFERRAL_LIMIT, now, now, case_id=None,
                           recipient=coordinator.slack_id, about=by.slack_id,
                           dedupe_key=f"referral_limit:{by.slack_id}:{window}:{coordinator.slack_id}")
    log.warning("a person reached the referral limit (%s an hour)", svc.settings.referral_limit)
    svc.wake()
    raise TooManyReferrals(by.slack_id)


def receive_referral(svc: Services, by: Actor, referral: Referral, intake_key: str) -> Received:
    """Store the case and offer it to a supporter, once per intake key."""
    check_referral(referral)
    _check_who_asks(referral, by)
    now = svc.clock.now()
    joined = False

    def store(session: Session) -> int:
        nonlocal joined
        lock_clinician(session, referral.clinician_id)
        open_case_id = _open_case_id_of(session, referral.clinician_id)
        if open_case_id is not None:
            joined = True
            _join_open_case(session, svc, lock_case(session, open_case_id), referral, now)
            return open_case_id
        return _start_case(session, svc, referral, now).id

    check_referral_limit(svc, by, intake_key)
    done = once(svc.db, intake_key, now, store)
    received = Received(case_id=done.case_id, created=done.first_time and not joined,
                        joined_open_case=done.first_time and joined)
    if received.created:
        log.info("case %s created (source %s)", received.case_id, referral.source)
    elif received.joined_open_case:
        log.info("case %s: a new %s referral joined the open case", received.case_id, referral.source)
    if done.first_time:
        svc.wake()
    return received
