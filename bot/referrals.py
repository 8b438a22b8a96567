"""Asking for support: for oneself, or (leads and coordinators) for a colleague.

A request becomes a case, once per intake key: a retried request never creates a
second case or offer. A request about someone who already has an open case joins
that case instead of starting another.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot import audit, nudges
from bot.escalation import start_waiting_clock
from bot.identifiers import looks_like_patient_identifier
from bot.nudges import NudgeKind
from bot.offers import offer_to_next_supporter
from bot.roles import active_coordinators, person_by_slack_id, roles_of
from bot.services import Services
from bot.vocabulary import (
    CONTACT_PREFERENCES,
    EVENT_TYPES,
    OPEN_CASE_STATES,
    URGENCIES,
    CaseState,
    Role,
    Source,
)
from models.tables import Case, CaseReferral, ProcessedRequest

log = logging.getLogger(__name__)

NOTE_MAX_LENGTH = 500
REFERRING_ROLES = frozenset({Role.LEAD, Role.COORDINATOR})


@dataclass(frozen=True)
class Referral:
    """A request for support, as the form gave it."""

    clinician_id: str
    source: Source
    urgency: str
    event_type: str | None = None
    contact_preference: str | None = None
    excluded_ids: frozenset[str] = field(default_factory=frozenset)
    note: str | None = None
    referrer_id: str | None = None
    referrer_may_be_named: bool = False


@dataclass(frozen=True)
class Received:
    case_id: int
    created: bool
    # The clinician already had an open case: this request joined it, nothing new was offered.
    joined_open_case: bool = False


@dataclass(frozen=True)
class SlackUserFacts:
    """What Slack says about a person, as far as referring them goes."""

    exists: bool
    is_bot: bool = False
    deleted: bool = False


class InvalidReferral(Exception):
    """Field-level problems, keyed by the form field they belong to."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors))
        self.errors = errors


class NotAllowedToRefer(Exception):
    """Only leads and coordinators may refer a colleague."""


def check_referral(referral: Referral) -> None:
    """Raise InvalidReferral for anything the form should have caught."""
    errors: dict[str, str] = {}
    if not referral.clinician_id:
        errors["colleague"] = "Please choose the colleague you're concerned about."
    if referral.urgency not in URGENCIES:
        errors["urgency"] = "Please choose how soon."
    if referral.event_type is not None and referral.event_type not in EVENT_TYPES:
        errors["event_type"] = "Please choose one of the listed options."
    if referral.contact_preference is not None and referral.contact_preference not in CONTACT_PREFERENCES:
        errors["contact_preference"] = "Please choose one of the listed options."
    if referral.note:
        if len(referral.note) > NOTE_MAX_LENGTH:
            errors["note"] = f"Please keep the note under {NOTE_MAX_LENGTH} characters."
        elif looks_like_patient_identifier(referral.note):
            errors["note"] = (
                "This looks like it may include a patient identifier (a record number, a date or a room). "
                "Please take it out: the supporter does not need it."
            )
    if errors:
        raise InvalidReferral(errors)


def colleague_problem(referrer_id: str, colleague_id: str | None, facts: SlackUserFacts | None) -> str | None:
    """Why this colleague cannot be referred, in words for the referrer; None when they can."""
    if not colleague_id:
        return "Please choose the colleague you're concerned about."
    if colleague_id == referrer_id:
        return (
            "You can't refer yourself here. If you'd like a conversation yourself, "
            "type /peer-support: it's private."
        )
    if facts is not None and facts.is_bot:
        return "That's an app, not a person. Please choose the colleague you're concerned about."
    if facts is not None and (not facts.exists or facts.deleted):
        return "That account is deactivated or unknown to Slack. Please choose a current colleague."
    return None


def may_refer_colleagues(svc: Services, person_id: str) -> bool:
    """Leads and coordinators on the roster (and active) may refer a colleague."""
    with svc.db.session() as session:
        person = person_by_slack_id(session, person_id)
        return bool(person and person.active and roles_of(person) & REFERRING_ROLES)


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


def _join_open_case(session: Session, case: Case, referral: Referral, now) -> None:
    if referral.source == Source.LEAD:
        session.add(CaseReferral(case_id=case.id, referrer_slack_id=referral.referrer_id,
                                 referrer_may_be_named=referral.referrer_may_be_named, created_at=now))
        audit.record(session, now, referral.referrer_id, "case.referral_joined", case.id)
    else:
        # The clinician asks for themselves while a case is open: tell them what happens next again.
        nudges.schedule(session, NudgeKind.CLINICIAN_WELCOME, now, now, case_id=case.id,
                        recipient=referral.clinician_id)
        audit.record(session, now, referral.clinician_id, "case.self_referral_joined", case.id)


def _new_case(session: Session, svc: Services, referral: Referral, now) -> Case:
    case = Case(
        clinician_slack_id=referral.clinician_id,
        source=referral.source,
        referrer_slack_id=referral.referrer_id,
        referrer_may_be_named=referral.referrer_may_be_named,
        event_type=referral.event_type,
        urgency=referral.urgency,
        contact_preference=referral.contact_preference,
        excluded_slack_ids=" ".join(sorted(referral.excluded_ids - {referral.clinician_id})),
        note_ciphertext=svc.cipher.encrypt(referral.note) if referral.note else None,
        state=CaseState.NEW,
        created_at=now,
        updated_at=now,
    )
    session.add(case)
    session.flush()
    if referral.source == Source.LEAD:
        session.add(CaseReferral(case_id=case.id, referrer_slack_id=referral.referrer_id,
                                 referrer_may_be_named=referral.referrer_may_be_named, created_at=now))
    audit.record(session, now, referral.referrer_id or referral.clinician_id, "case.created", case.id)
    start_waiting_clock(session, svc, case, now)
    if referral.source == Source.SELF:
        nudges.schedule(session, NudgeKind.CLINICIAN_WELCOME, now, now, case_id=case.id,
                        recipient=referral.clinician_id)
    offer_to_next_supporter(session, svc, case, now)
    return case


def receive_referral(svc: Services, referral: Referral, intake_key: str) -> Received:
    """Store the case and offer it to a supporter, once per intake key.

    A lead referral is refused (NotAllowedToRefer) unless the referrer is a lead or coordinator;
    the check is here, not only in what the handlers show.
    """
    check_referral(referral)
    if referral.source == Source.LEAD:
        if not referral.referrer_id or not may_refer_colleagues(svc, referral.referrer_id):
            raise NotAllowedToRefer(referral.referrer_id)
        if referral.referrer_id == referral.clinician_id:
            raise InvalidReferral({"colleague": colleague_problem(referral.referrer_id, referral.clinician_id, None)})
    now = svc.clock.now()
    try:
        with svc.db.session() as session:
            seen = session.get(ProcessedRequest, intake_key)
            if seen is not None:
                return Received(case_id=seen.case_id, created=False)
            open_case = _open_case_of(session, referral.clinician_id)
            if open_case is not None:
                _join_open_case(session, open_case, referral, now)
                session.add(ProcessedRequest(key=intake_key, case_id=open_case.id, at=now))
                session.flush()
                received = Received(case_id=open_case.id, created=False, joined_open_case=True)
            else:
                case = _new_case(session, svc, referral, now)
                session.add(ProcessedRequest(key=intake_key, case_id=case.id, at=now))
                session.flush()
                received = Received(case_id=case.id, created=True)
    except IntegrityError:
        # The same request, delivered twice at the same moment: the other delivery won.
        with svc.db.session() as session:
            seen = session.get(ProcessedRequest, intake_key)
            if seen is None:
                raise
            return Received(case_id=seen.case_id, created=False)
    if received.created:
        log.info("case %s created (source %s)", received.case_id, referral.source)
    else:
        log.info("case %s: a new %s referral joined the open case", received.case_id, referral.source)
    svc.wake()
    return received
