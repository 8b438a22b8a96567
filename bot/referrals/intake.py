"""A request becomes a case, once per request key: a retried request never creates a second case
or offer. A request about someone who already has an open case joins that case instead."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.cases.clocks import start_waiting_clock
from bot.cases.lifecycle import new_case
from bot.cases.policy import may_refer_colleagues
from bot.cases.vocabulary import OPEN_CASE_STATES, Source
from bot.core import audit
from bot.core.audit import AuditAction
from bot.core.idempotency import once
from bot.core.services import Services
from bot.offers.offering import offer_to_next_supporter
from bot.outbox import queue
from bot.outbox.kinds import WorkKind
from bot.referrals.referral import InvalidReferral, NotAllowedToRefer, Referral, check_referral, colleague_problem
from bot.roster.actor import Actor
from bot.roster.people import active_coordinators
from models.tables import Case, CaseReferral

log = logging.getLogger(__name__)


class ReferralWork(WorkKind):
    CLINICIAN_WELCOME = "clinician_welcome"


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


def _open_case_of(session: Session, clinician_id: str) -> Case | None:
    return session.scalar(
        select(Case)
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


def _join_open_case(session: Session, case: Case, referral: Referral, now: datetime) -> None:
    if referral.source == Source.LEAD:
        _record_referrer(session, case, referral, now)
        audit.record(session, now, referral.referrer_id, AuditAction.CASE_REFERRAL_JOINED, case.id)
    else:
        # The clinician asks for themselves while a case is open: tell them what happens next again.
        _welcome(session, case, now)
        audit.record(session, now, referral.clinician_id, AuditAction.CASE_SELF_REFERRAL_JOINED, case.id)


def _start_case(session: Session, svc: Services, referral: Referral, now: datetime) -> Case:
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
        note_ciphertext=svc.cipher.encrypt(referral.note) if referral.note else None,
    )
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


def receive_referral(svc: Services, by: Actor, referral: Referral, intake_key: str) -> Received:
    """Store the case and offer it to a supporter, once per intake key."""
    check_referral(referral)
    _check_who_asks(referral, by)
    now = svc.clock.now()
    joined = False

    def store(session: Session) -> int:
        nonlocal joined
        open_case = _open_case_of(session, referral.clinician_id)
        if open_case is not None:
            joined = True
            _join_open_case(session, open_case, referral, now)
            return open_case.id
        return _start_case(session, svc, referral, now).id

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
