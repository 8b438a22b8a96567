"""The facts matching needs, read from the roster and the offer history (the rules are in
bot/offers/matching.py).

Only what matching needs is read, with a fixed number of queries however long the history: open
load is counted from the open cases and open offers (indexed by state and status), and each
supporter's last offer is one indexed look (offers by supporter and time), never the whole offer
history. To offer a case, supporters whom a rule would leave out whatever their load (inactive,
paused, away, untrained, the clinician or a referrer, excluded, passed on already, the wrong
cohort) are left out in SQL; the rules still run over those left, so the pick is the same.
Coordinators' Assign menu (`explain=True`) reads every supporter, to show each one's reason.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.cases.vocabulary import HELD_CASE_STATES, PASSED_OFFER_STATUSES, OfferStatus
from bot.offers.matching import Candidate, CaseForMatching, MatchResult, SupporterProfile, rank_supporters
from bot.roster.people import person_by_slack_id
from bot.roster.roles import Cohort, Role
from models.tables import Case, CaseReferral, Offer, Person, PersonRole, SafetyEventParticipant


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


def training_expires_on(trained_on: date | None, valid_for: timedelta) -> date | None:
    """The last day someone's training counts (trained_on + TRAINING_VALID_FOR); None when never trained."""
    return trained_on + valid_for if trained_on is not None else None


def supporter_profile(person, settings: Settings, now: datetime) -> SupporterProfile:
    """What matching knows of one supporter (a Person, or a row of its columns); training only
    counts with REQUIRE_TRAINING on."""
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


# The roster's columns matching reads (not the whole Person, nor their roles).
_PROFILE_COLUMNS = (Person.slack_id, Person.cohort, Person.division, Person.max_active_cases, Person.active,
                    Person.paused_until, Person.away_until, Person.trained_on)


def _rule_out_in_sql(case: CaseForMatching, settings: Settings, now: datetime) -> list[ColumnElement[bool]]:
    """The rules that do not depend on load or on comparing divisions, as SQL: only ever leaves out
    someone the same rule in matching.RULES would."""
    left_out = {case.clinician_id, *case.other_referrer_ids, *case.excluded_ids, *case.passed_by,
                *case.involved_ids}
    if case.referrer_id:
        left_out.add(case.referrer_id)
    cohorts = [Cohort.FACULTY] if case.clinician_cohort == Cohort.FACULTY else [Cohort.FACULTY, Cohort.TRAINEE]
    where = [
        Person.active.is_(True),
        or_(Person.paused_until.is_(None), Person.paused_until <= now),
        or_(Person.away_until.is_(None), Person.away_until <= now),
        Person.max_active_cases > 0,
        Person.slack_id.not_in(sorted(left_out)),
        Person.cohort.in_([str(c) for c in cohorts]),
    ]
    if settings.require_training:
        # Lapsed when trained_on + TRAINING_VALID_FOR is before today (training_expires_on).
        where.append(Person.trained_on >= now.date() - timedelta(days=settings.training_valid_for.days))
    return where


def _supporters(session: Session, where: list[ColumnElement[bool]]) -> list[tuple]:
    """Supporters' profile columns, each with when they were last offered a case (one indexed
    look per supporter)."""
    last_offered = (
        select(func.max(Offer.sent_at)).where(Offer.supporter_slack_id == Person.slack_id)
        .correlate(Person).scalar_subquery()
    )
    return list(session.execute(
        select(*_PROFILE_COLUMNS, last_offered.label("last_offered_at"))
        .join(PersonRole, PersonRole.person_id == Person.id)
        .where(PersonRole.role == Role.SUPPORTER, *where)
        .order_by(Person.id)
    ).all())


def _match(session: Session, settings: Settings, case: Case, now: datetime, explain: bool) -> MatchResult:
    facts = case_for_matching(session, case)
    rows = _supporters(session, [] if explain else _rule_out_in_sql(facts, settings, now))
    supporters = [supporter_profile(row, settings, now) for row in rows]
    last_offered = {row.slack_id: row.last_offered_at for row in rows if row.last_offered_at is not None}
    return rank_supporters(facts, supporters, open_load_by_supporter(session), last_offered, now)


def match_case(session: Session, settings: Settings, case: Case, now: datetime) -> MatchResult:
    """Rank the roster's supporters for this case, and say why each other one is left out (every
    supporter is read: the coordinators' Assign menu shows each one's reason)."""
    return _match(session, settings, case, now, explain=True)


def best_candidate(session: Session, settings: Settings, case: Case, now: datetime) -> Candidate | None:
    """The supporter to offer this case to, reading only those who may be eligible: the same pick
    as match_case's best."""
    return _match(session, settings, case, now, explain=False).best
