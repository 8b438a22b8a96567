"""The facts matching needs, read from the roster and the offer history (the rules are in
bot/offers/matching.py)."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.cases.vocabulary import HELD_CASE_STATES, PASSED_OFFER_STATUSES, OfferStatus
from bot.offers.matching import CaseForMatching, MatchResult, SupporterProfile, rank_supporters
from bot.roster.people import people_with_role, person_by_slack_id
from bot.roster.roles import Role
from models.tables import Case, CaseReferral, Offer, Person, SafetyEventParticipant


def open_load_by_supporter(session: Session) -> dict[str, int]:
    """Cases each supporter holds, plus their open offers (an open offer holds a place too,
    so nobody is offered past capacity)."""
    held = dict(
        session.execute(
            select(Case.supporter_slack_id, func.count())
            .where(Case.state.in_(list(HELD_CASE_STATES)))
            .group_by(Case.supporter_slack_id)
        ).all()
    )
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


def training_expires_on(trained_on: date | None, valid_for: timedelta) -> date | None:
    """The last day someone's training counts (trained_on + TRAINING_VALID_FOR); None when never trained."""
    return trained_on + valid_for if trained_on is not None else None


def supporter_profile(person: Person, settings: Settings, now: datetime) -> SupporterProfile:
    """What matching knows of one supporter; training only counts with REQUIRE_TRAINING on."""
    lapsed_on, never = None, False
    if settings.require_training:
        expires = training_expires_on(person.trained_on, settings.training_valid_for)
        never = expires is None
        lapsed_on = expires if expires is not None and expires < now.date() else None
    return SupporterProfile(
        slack_id=person.slack_id,
        cohort=person.cohort,
        division=person.division,
        max_active_cases=person.max_active_cases,
        active=person.active,
        paused_until=person.paused_until,
        away_until=person.away_until,
        training_lapsed_on=lapsed_on,
        never_trained=never,
    )


def case_for_matching(session: Session, case: Case) -> CaseForMatching:
    """The facts of a case that matching reads."""
    clinician = person_by_slack_id(session, case.clinician_slack_id)
    passed_by = frozenset(
        session.scalars(
            select(Offer.supporter_slack_id).where(
                Offer.case_id == case.id,
                Offer.status.in_(list(PASSED_OFFER_STATUSES)),
            )
        )
    )
    return CaseForMatching(
        clinician_id=case.clinician_slack_id,
        clinician_cohort=clinician.cohort if clinician else None,
        clinician_division=clinician.division if clinician else None,
        referrer_id=case.referrer_slack_id,
        other_referrer_ids=frozenset(
            session.scalars(select(CaseReferral.referrer_slack_id).where(CaseReferral.case_id == case.id))
        ),
        excluded_ids=frozenset(case.excluded_slack_ids.split()),
        passed_by=passed_by,
        involved_ids=involved_in_events_of(session, case.id),
    )


def involved_in_events_of(session: Session, case_id: int | None) -> frozenset[str]:
    """Everyone named in the safety events linked to this case (none for a case people asked for)."""
    events = select(SafetyEventParticipant.event_id).where(SafetyEventParticipant.case_id == case_id)
    return frozenset(session.scalars(select(SafetyEventParticipant.person_slack_id).where(
        SafetyEventParticipant.event_id.in_(events))))


def match_case(session: Session, settings: Settings, case: Case, now: datetime) -> MatchResult:
    """Rank the roster's supporters for this case."""
    supporters = [supporter_profile(p, settings, now) for p in people_with_role(session, Role.SUPPORTER)]
    return rank_supporters(case_for_matching(session, case), supporters, open_load_by_supporter(session),
                           _last_offered(session), now)
