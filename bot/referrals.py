"""Asking for support: a new case, stored once, then offered to a supporter.

A retried request (same intake key) never creates a second case or offer.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlalchemy.exc import IntegrityError

from bot import audit, nudges
from bot.identifiers import looks_like_patient_identifier
from bot.nudges import NudgeKind
from bot.offers import offer_to_next_supporter
from bot.services import Services
from bot.vocabulary import CONTACT_PREFERENCES, EVENT_TYPES, URGENCIES, CaseState, Source
from models.tables import Case, ProcessedRequest

log = logging.getLogger(__name__)

NOTE_MAX_LENGTH = 500


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


class InvalidReferral(Exception):
    """Field-level problems, keyed by the form field they belong to."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors))
        self.errors = errors


def check_referral(referral: Referral) -> None:
    """Raise InvalidReferral for anything the form should have caught."""
    errors: dict[str, str] = {}
    if referral.urgency not in URGENCIES:
        errors["urgency"] = "Please choose how soon you would like to talk."
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


def receive_referral(svc: Services, referral: Referral, intake_key: str) -> Received:
    """Store the case and offer it to a supporter, once per intake key."""
    check_referral(referral)
    now = svc.clock.now()
    try:
        with svc.db.session() as session:
            seen = session.get(ProcessedRequest, intake_key)
            if seen is not None:
                return Received(case_id=seen.case_id, created=False)
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
            session.add(ProcessedRequest(key=intake_key, case_id=case.id, at=now))
            session.flush()
            audit.record(session, now, referral.referrer_id or referral.clinician_id, "case.created", case.id)
            if referral.source == Source.SELF:
                nudges.schedule(
                    session, NudgeKind.CLINICIAN_WELCOME, now, now,
                    case_id=case.id, recipient=referral.clinician_id,
                )
            offer_to_next_supporter(session, svc, case, now)
            case_id = case.id
    except IntegrityError:
        # The same request, delivered twice at the same moment: the other delivery won.
        with svc.db.session() as session:
            seen = session.get(ProcessedRequest, intake_key)
            if seen is None:
                raise
            return Received(case_id=seen.case_id, created=False)
    log.info("case %s created (source %s)", case_id, referral.source)
    svc.wake()
    return Received(case_id=case_id, created=True)
